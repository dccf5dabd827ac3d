"""A signed-in therapist's pages are a place to work, not the public site (issue 26)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["accounts:home", "accounts:profile", "accounts:password"])
def test_account_pages_have_their_own_plain_frame_and_urgent_help_once(client, signed_in, name):
    page = client.get(reverse(name)).text
    assert page.count("<h1") == 1
    assert "Your therapist account" in page
    assert 'aria-label="Main"' not in page  # no public menu
    assert 'id="site-search-q"' not in page  # no header search
    assert "data-exit-this-page" not in page  # no quick exit button
    assert page.count("If you need help now") == 1
    assert 'id="urgent-help"' in page and "urgent-help-compact" in page
    assert 'class="urgent-help"' not in page  # not the public panel


def test_the_sign_in_page_stays_public_with_its_panel(client):
    page = client.get(reverse("accounts:sign-in")).text
    assert 'aria-label="Main"' in page and page.count("If you need help now") == 1
