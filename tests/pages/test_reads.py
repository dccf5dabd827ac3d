"""Every read of content runs a fixed, small number of queries, however many pages there
are (the rows are read through pages.selectors, the heavy columns left out of lists)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.editor.conftest import make_user

pytestmark = pytest.mark.django_db


def add_pages(content, count):
    """`count` pages in a section and as many articles, written then synced at once."""
    for number in range(count):
        for folder, extra in (("section", ""), ("articles", "date: 2026-01-01\ntags: [grief]\n")):
            path = content.root / folder / f"page-{number}.md"
            path.parent.mkdir(exist_ok=True)
            path.write_text(
                f"---\ntitle: Page {number}\nsummary: About it.\n{extra}---\n\n[Home](/).\n"
            )
    content.page("section/_index.md", title="Section")
    content.page("articles/_index.md", title="Articles")
    content.sync()  # the whole folder, as `manage.py sync_content` does


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize(
    ("url", "most"),
    [
        ("/", 4),
        ("/section/", 5),
        ("/section/page-1/", 5),
        ("/sitemap.xml", 4),  # 3, and the versions for its page cache key (a hit: none)
        ("/articles/", 7),
        ("/articles/page-1/", 7),
        ("/articles/feed/", 3),
    ],
)
def test_public_reads_of_content(client, content, url, most):
    add_pages(content, 3)
    few = queries(client, url)
    add_pages(content, 40)
    many = queries(client, url)
    assert few == many <= most, (few, many)


@pytest.mark.parametrize(
    ("name", "most"),
    [("admin:editor_contentpage_changelist", 12), ("admin:editor_contentpage_health", 10)],
)
def test_the_editors_reads_of_content(client, content, name, most):
    client.force_login(make_user("alex"))
    add_pages(content, 3)
    few = queries(client, reverse(name))
    add_pages(content, 40)
    many = queries(client, reverse(name))
    assert few == many <= most, (few, many)
