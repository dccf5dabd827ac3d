"""The real content folder (content/), read and checked as the sync reads it, without the
database: for tests that check what the shipped pages say. Read once per test run."""

import functools

from django.conf import settings

from ipt_site.pages.sync import scan


@functools.cache
def by_url() -> dict:
    return {page.url: page for page in scan(settings.BASE_DIR / "content") if page.served}


def pages() -> list:
    return sorted(by_url().values(), key=lambda page: page.url)


def page(url: str):
    found = by_url().get(url)
    assert found is not None, f"No content page at {url}"
    return found
