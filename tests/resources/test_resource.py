"""The free guide: a content page with a print button and a real PDF made from the same file,
cached until the file changes, linked from practical tips and the contact thanks page."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from pypdf import PdfReader

from ipt_site.helplines import selectors as helplines
from ipt_site.pages import selectors
from ipt_site.resources import pdf as pdf_module
from tests.helplines.util import panel_numbers

PAGE = "/resources/talking-about-what-you-need/"
PDF = "/resources/talking-about-what-you-need.pdf"
SOURCE = Path(django_settings.BASE_DIR) / "content/resources/talking-about-what-you-need.md"


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


pytestmark = pytest.mark.django_db


def read_pdf(response) -> PdfReader:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF-")
    assert body.rstrip().endswith(b"%%EOF")
    return PdfReader(io.BytesIO(body))


def pdf_text(reader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def headings(url) -> list[str]:
    page = selectors.page_at(url)
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page.html)]


# --- The page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_guide_page_offers_the_pdf_and_printing(client, settings):
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert f'<link rel="canonical" href="http://testserver{PAGE}">' in html
    link = re.search(r'<a class="[^"]*resource-download" href="([^"]+)"[^>]*>(.*?)</a>', html)
    assert link.group(1) == PDF
    assert re.search(r"\(\d+ pages?, \d+ KB\)", link.group(2))
    assert "data-print-button hidden" in html
    assert 'src="/static/js/print.js"' in html
    assert 'id="resource-urgent-help"' in html
    for number in panel_numbers():
        assert number in html
    assert "style=" not in html
    # The urgent-help box the printed copy carries (on screen the site's panel shows).
    assert '<div class="resource-urgent">' in html


def test_contents_list_shows_smart_quotes_as_quotes(client, content):
    # A bug fixed here: names in "On this page" came out as "&ldquo;I&rdquo;".
    body = '## Say it with "I"\n\nText.\n\n## Two\n\nText.\n\n## Three\n\nText.'
    content.page("quotes.md", title="Quotes", body=body)
    html = client.get("/quotes/").content.decode()
    assert "Say it with “I”</a>" in html
    assert "&amp;ldquo;" not in html


@pytest.mark.django_db
def test_the_resources_section_lists_the_guide_and_both_are_in_the_sitemap(client):
    section = client.get("/resources/").content.decode()
    assert f'href="{PAGE}"' in section
    xml = client.get("/sitemap.xml").content.decode()
    for path in ("/resources/", PAGE):
        assert re.search(rf"<loc>https?://[^<]+{re.escape(path)}</loc>", xml), path


@pytest.mark.django_db
def test_linked_from_practical_tips_and_the_contact_thanks_page(client):
    assert f'href="{PAGE}"' in client.get("/practical-tips/").content.decode()
    thanks = client.get("/contact/thanks/").content.decode()
    assert f'href="{PAGE}"' in thanks
    assert f'href="{PDF}"' in thanks


# --- The PDF -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pdf_is_a_real_pdf_with_the_guides_headings(client, settings):
    response = client.get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="talking-about-what-you-need.pdf"'
    assert response["Link"] == f'<http://testserver{PAGE}>; rel="canonical"'
    assert "public" in response["Cache-Control"]
    reader = read_pdf(response)
    text = pdf_text(reader)
    page = selectors.page_at(PAGE)
    assert reader.metadata.title == page.title
    assert text.startswith(page.title) or page.title in text[:200]
    expected = headings(PAGE)
    assert len(expected) >= 8
    for heading in expected:
        assert " ".join(heading.split()) in text, heading
    # The headings are the PDF's bookmarks too.
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Tool 1: Go back over one talk" in outline
    # Urgent help from the help lines, graded; the sources from the front matter.
    flat = " ".join(text.split())
    for line in helplines.current().lines:
        if line.grade:
            assert f"{line.name}" in flat and line.number in flat, line.name
    assert flat.index("If a life is in danger") < flat.index("If you need help today")
    assert "Weissman" in text and "Sources" in text
    # Links are absolute, so they work from a printed-out or downloaded copy.
    links = [
        annot.get_object()["/A"]["/URI"]
        for p in reader.pages
        for annot in p.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert "http://testserver/glossary/#role-play" in links
    assert not [link for link in links if link.startswith("/")]
    assert "Scroll sideways" not in text


def test_the_pdf_is_built_once_per_version_and_answers_304(client, monkeypatch):
    calls = []
    real_build = pdf_module.build
    monkeypatch.setattr(pdf_module, "build", lambda *a: calls.append(1) or real_build(*a))
    first = client.get(PDF)
    second = client.get(PDF)
    assert len(calls) == 1
    assert first.content == second.content
    etag = first["ETag"]
    assert client.get(PDF, headers={"If-None-Match": etag}).status_code == 304


def test_an_edit_to_the_file_makes_a_new_pdf(client, content):
    content.write("resources/_index.md", SOURCE.read_text().replace("title: Talking", "title: X"))
    path = content.write("resources/talking-about-what-you-need.md", SOURCE.read_text())
    before = pdf_text(read_pdf(client.get(PDF)))
    assert "Tool 2: Weigh up a choice" in before
    path.write_text(
        SOURCE.read_text().replace("## Tool 2: Weigh up a choice", "## Tool 2: Weigh your options"),
        encoding="utf-8",
    )
    content.sync()
    after = pdf_text(read_pdf(client.get(PDF)))
    assert "Tool 2: Weigh your options" in after
    assert "Tool 2: Weigh up a choice" not in after


@pytest.mark.django_db  # a 404 looks for a moved page (the editor's redirects)
def test_only_resource_pages_have_a_pdf(client, content):
    content.page("resources/_index.md", title="Resources")
    content.page("resources/plain.md", title="Plain")
    content.page("resources/hidden.md", title="Hidden", template="resource", draft="true")
    content.page("resources/guide.md", title="Guide", template="resource")
    content.page("other.md", title="Other", template="resource")
    assert client.get("/resources/guide.pdf").status_code == 200
    for path in (
        "/resources/plain.pdf",  # not a resource page
        "/resources/hidden.pdf",  # a draft
        "/resources/nothing.pdf",
        "/resources/Guide.pdf",
        "/resources/../other.pdf",
        "/other.pdf",
    ):
        assert client.get(path).status_code == 404, path


def test_every_kind_of_markdown_becomes_a_pdf(client, content):
    body = """
Intro with **bold**, *italic*, `code`, a [link](/faq/) and [an anchor](#two) & an ampersand <3.

!!! warning "Careful"
    A callout with a list:

    - one
    - two

## Two

1. First
2. Second
    - nested bullet
    - another

> A quote, with a line
> break.

| Aspect | IPT | Other |
|---|---|---|
| Length | 16 weeks | longer, with <b>tags</b> |

Term
:   Its definition.

---

<details><summary>More</summary>Hidden text</details>

Ünïcödé “quotes” — dashes… and ½ £5 €5 → arrows
"""
    content.page("resources/_index.md", title="Resources")
    content.page("resources/kitchen-sink.md", title="Kitchen sink", template="resource", body=body)
    response = client.get("/resources/kitchen-sink.pdf")
    assert response.status_code == 200
    text = pdf_text(read_pdf(response))
    for words in ("Careful", "nested bullet", "16 weeks", "Its definition", "Hidden text"):
        assert words in text, words
    assert "Ünïcödé “quotes” — dashes… and ½ £5 €5" in text


def test_a_pdf_that_cannot_be_built_is_a_calm_503_and_the_page_still_shows(client, monkeypatch):
    def broken(*args):
        raise RuntimeError("layout")

    monkeypatch.setattr(pdf_module, "build", broken)
    response = client.get(PDF)
    html = response.content.decode()
    assert response.status_code == 503
    assert "Sorry, the PDF is not ready" in html
    assert f'href="{PAGE}"' in html
    page = client.get(PAGE)
    assert page.status_code == 200
    assert f'href="{PDF}"' in page.content.decode()
    assert "KB)" not in page.content.decode()
