"""The real site's menu and home page (issue 26)."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_menu_offers_the_free_resources(client):
    page = client.get("/").text
    menu = page.split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/resources/">Resources</a>' in menu
    assert client.get("/resources/").status_code == 200


def test_the_home_page_has_one_urgent_help_box(client):
    page = client.get("/").text
    assert page.count("If you need help now") == 1
    assert 'id="urgent-help"' in page
