"""Real-browser tests: Playwright driving Debian's chromium against Django's live server.

When chromium is missing these tests skip with a loud reason, except in CI (CI=true),
where a missing browser is a failure.
"""

import os
import shutil
import warnings
from pathlib import Path

import pytest

from tests.conftest import BROWSER_STARTED

CHROMIUM = os.environ.get("IPT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    browser_items = [item for item in items if here in Path(str(item.fspath)).parents]
    # The live server needs committed data, so these tests empty the tables when they end,
    # rows from data migrations included. They run last, so no other test misses them.
    items[:] = [item for item in items if item not in browser_items] + browser_items
    for item in browser_items:
        item.add_marker(pytest.mark.django_db(transaction=True))
    # In CI the tests run regardless, so a missing browser fails them instead of hiding.
    if IN_CI or Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    reason = (
        f"BROWSER TESTS NOT RUN: chromium not found at {CHROMIUM}. "
        "Install it with `apt-get install chromium` (CI installs it)."
    )
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "service_workers": "block"}


@pytest.fixture(scope="session")
def playwright(playwright, pytestconfig):
    """Playwright's sync API runs its event loop in this thread from its start to the end
    of the session, so Django's check for ORM calls from async code would refuse the
    tests' own queries (and the live server's set-up): allow them from then on. Browser
    tests run after all others (above), so no other test runs with the check off."""
    pytestconfig.stash[BROWSER_STARTED] = True
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield playwright


@pytest.fixture
def site(live_server, settings, demo_directory):
    """The live site with the demo directory loaded; returns its base URL."""
    settings.ENQUIRY_MIN_SECONDS = 0
    return live_server.url


def screenshot(page, name: str, whole_page: bool = True) -> None:
    """Keep a picture of what the person saw, for review (folder is git-ignored): the
    whole page, or with whole_page=False the screen as it is scrolled."""
    SCREENSHOTS.mkdir(exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    from playwright.sync_api import Error as PlaywrightError

    path = str(SCREENSHOTS / f"{name}-{width}.png")
    # Chromium sometimes cannot capture a page on a busy machine ("Unable to capture
    # screenshot", even of the first screen: it failed one of three runs of two browser
    # files here, which in CI would stop a landing). The picture is for people to review,
    # not what a test asserts: try the whole page, then the screen, each retry after a
    # pause, then say it is missing.
    attempts = [{"full_page": True}, {}, {}] if whole_page else [{}, {}]
    for number, options in enumerate(attempts):
        try:
            page.screenshot(path=path, **options)
            return
        except PlaywrightError as error:
            if number == len(attempts) - 1:
                reason = error.message.splitlines()[0]
                warnings.warn(f"no screenshot {path}: {reason}", stacklevel=2)
            else:
                page.wait_for_timeout(500)
