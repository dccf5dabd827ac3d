"""The staff area's lists, where Django's own markup is kept: what the site adds to every
admin page (static/css/admin.css) and to its lookup lists passes axe and HTML_CodeSniffer.
Django's remaining findings there (row headers without `scope`, fieldsets named by
aria-labelledby, icon links named by title) are noted in docs/quality.md."""

import pytest
from django.contrib.auth import get_user_model

from .axe import violations
from .conftest import screenshot

pytestmark = pytest.mark.browser

PASSWORD = "a-long-passw0rd-for-admins"


def sign_in(page, site):
    get_user_model().objects.create_superuser("sam", "sam@example.org", PASSWORD)
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/admin/")


@pytest.mark.parametrize("width", [390, 1366])
def test_list_filters_are_big_enough_to_hit_and_trail_links_stand_out(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, site)
    page.goto(site + "/admin/therapists/therapist/")
    screenshot(page, "admin-therapist-list")
    found = violations(page)
    # Filter choices were 20 px tall, one against the next (WCAG 2.5.8, 277 findings on
    # the admin's lists); the trail's links were told apart by colour alone (1.4.1).
    assert [line for line in found if line.startswith(("target-size", "link-in-text-block"))] == []


def test_a_lookup_list_passes_both_engines_with_its_order_boxes_named(page, site):
    sign_in(page, site)
    page.goto(site + "/admin/therapists/language/")
    found = violations(page)
    assert [line for line in found if "H63.1" not in line] == []  # Django's row headers
    assert page.get_by_role("spinbutton", name="Order of English").is_visible()
