"""Every page a person can reach: one h1, the urgent-help panel, the skip link, landmarks."""

import re

import pytest

from tests.helplines.util import panel_numbers

pytestmark = pytest.mark.django_db

EXTRA = ["/contact/thanks/", "/therapists/?area=grief&format=online", "/no-such-page/"]


@pytest.fixture
def every_path(client, demo_directory):
    sitemap = client.get("/sitemap.xml").text
    paths = [
        re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>(.*?)</loc>", sitemap)
    ]
    return paths + EXTRA


def test_every_page_has_one_h1_urgent_help_and_landmarks(client, every_path, settings):
    assert len(every_path) > 40
    numbers = panel_numbers()
    for path in every_path:
        text = client.get(path).text
        assert len(re.findall(r"<h1[\s>]", text)) == 1, path
        assert 'id="urgent-help"' in text, path
        for number in numbers:
            assert number in text, path
        assert '<a class="skip-link" href="#main">' in text, path
        assert '<main id="main"' in text and "<header" in text and "<footer" in text, path
        assert 'aria-label="Main"' in text, path
