"""The screenshot helper keeps pictures for review; chromium refusing to take one (it does
on a busy machine) must not fail the test that asked for it."""

import warnings

import pytest
from playwright.sync_api import Error

from .conftest import screenshot

pytestmark = pytest.mark.browser


class RefusingPage:
    """Stands in for a page whose chromium refuses the first `refusals` captures."""

    viewport_size = {"width": 390, "height": 900}

    def __init__(self, refusals: int):
        self.refusals = refusals
        self.asked = []

    def screenshot(self, **options):
        self.asked.append(options.get("full_page", False))
        if len(self.asked) <= self.refusals:
            raise Error("Protocol error (Page.captureScreenshot): Unable to capture screenshot")

    def wait_for_timeout(self, milliseconds):
        pass


def test_a_refused_whole_page_falls_back_to_the_first_screen():
    page = RefusingPage(refusals=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        screenshot(page, "helper-check")
    assert page.asked == [True, False]


def test_a_picture_chromium_will_not_take_is_a_warning_not_a_failure():
    page = RefusingPage(refusals=99)
    with pytest.warns(UserWarning, match="no screenshot .*helper-check-390.png: Protocol error"):
        screenshot(page, "helper-check")
    assert page.asked == [True, False, False]
