"""What goes into the index: plain-text documents built from content pages and therapists.

Pure functions of their sources (content rows, therapist rows), so they are easy to
test and the indexer can compare checksums to write only what changed.
"""

import hashlib
import html
import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import strip_tags

from ipt_site.articles.selectors import is_article
from ipt_site.pages import placeholders
from ipt_site.pages.meta import ARTICLE_TAGS

from .models import Document

# Marks the index puts around matched words in snippets. Private-use characters: they are
# removed from indexed text (and from queries), so no content can fake or break them.
MARK_START = "\ue000"
MARK_END = "\ue001"

TITLE_MAX = 255
URL_MAX = 500

# Pages whose `## ` headings are separate entries: a glossary term or a question is a
# better answer than the whole page. The page itself keeps its title and summary.
SPLIT_PAGES = {"/glossary/": Document.Kind.GLOSSARY}
SPLIT_TEMPLATES = {"faq": Document.Kind.QUESTION}

_H2 = re.compile(r'<h2 id="(?P<id>[^"]+)"[^>]*>(?P<title>.*?)</h2>', re.S)
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_BLOCK_END = re.compile(r"(?<=[^.?!:;,\s>])(?=</(?:h[1-6]|p|li|dt|summary)>)")
# Tags that end a line or block: a space keeps the words either side apart.
_BLOCK = re.compile(
    r"<(?=/?(?:p|li|h[1-6]|div|br|ul|ol|dl|dt|dd|tr|td|th|table|blockquote|summary|details)\b)"
)


@dataclass(frozen=True)
class Doc:
    key: str
    kind: str
    url: str
    title: str
    summary: str = ""
    body: str = ""
    date: object = None

    @property
    def checksum(self) -> str:
        parts = (self.kind, self.url, self.title, self.summary, self.body, str(self.date))
        return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()

    def fields(self) -> dict:
        return {
            "kind": self.kind,
            "url": self.url,
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "date": self.date,
            "checksum": self.checksum,
        }


def plain(markup: str) -> str:
    """Readable text from HTML: no tags, entities decoded, one space between words."""
    # A heading, list item or box title reads as a sentence of its own in a snippet
    # ("What it is. Grief is..."), not run into the next line.
    markup = _BLOCK_END.sub(".", markup)
    text = html.unescape(strip_tags(_BLOCK.sub(" <", markup)))
    return " ".join(_PRIVATE.sub(" ", text).split())


def _clean(text: str, limit: int | None = None) -> str:
    text = " ".join(_PRIVATE.sub(" ", text or "").split())
    return text[:limit] if limit else text


def _split(page_html: str):
    """(intro html, [(id, title html, section html), ...]) at each `## ` heading."""
    matches = list(_H2.finditer(page_html))
    if not matches:
        return page_html, []
    sections = []
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(page_html)
        sections.append((match["id"], match["title"], page_html[match.end() : end]))
    return page_html[: matches[0].start()], sections


def page_documents(page) -> list[Doc]:
    """One document for a content page, plus one per term or question on split pages."""
    text_html = placeholders.fill(page.html)
    kind = Document.Kind.ARTICLE if is_article(page) else Document.Kind.PAGE
    split_kind = SPLIT_PAGES.get(page.url) or SPLIT_TEMPLATES.get(page.template)
    intro, sections = _split(text_html) if split_kind else (text_html, [])
    body = plain(intro)
    if kind == Document.Kind.ARTICLE and page.tags:
        body += " Topics: " + ", ".join(ARTICLE_TAGS[tag] for tag in page.tags) + "."
    docs = [
        Doc(
            key=f"page:{page.url}",
            kind=kind,
            url=page.url,
            title=_clean(page.title, TITLE_MAX),
            summary=_clean(page.summary),
            body=body,
            date=page.date if kind == Document.Kind.ARTICLE else None,
        )
    ]
    for anchor, title, section in sections:
        url = f"{page.url}#{anchor}"
        if len(url) > URL_MAX:
            continue  # a heading as long as a paragraph: the page's own entry covers it
        docs.append(
            Doc(
                key=f"page:{url}",
                kind=split_kind,
                url=url,
                title=plain(title)[:TITLE_MAX],
                body=plain(section),
            )
        )
    return docs


def content_documents(pages) -> list[Doc]:
    """The documents of these (published) pages."""
    docs = []
    for page in sorted(pages, key=lambda p: p.url):
        docs.extend(page_documents(page))
    return docs


# App pages people look for by name; their words are written here, not in content files.
# Each listed under the title its own page shows (its <h1>), so a result reads the same as
# the page it opens.
APP_PAGES = (
    (
        "therapists:list",
        "Find a therapist",
        "Search our directory of therapists trained in IPT, by problem area, town, "
        "language, and in person or online sessions.",
    ),
    (
        "contact:form",
        "Contact us",
        "Send us an enquiry. Ask a question, or ask to start therapy or book a first "
        "appointment with a therapist.",
    ),
    (
        "selfcheck:mood",
        "Mood check",
        "A short mood questionnaire (PHQ-9) about the last two weeks: low mood, sleep, "
        "energy and interest. Nothing you answer is stored.",
    ),
    (
        "selfcheck:relationships",
        "My relationships: a worksheet",
        "A private, printable worksheet about the people in your life: who is close, what "
        "is good, what is hard, and what you would like to change. Nothing is stored.",
    ),
    (
        "selfcheck:areas",
        "Which area might fit me?",
        "A short guide to the four IPT problem areas: grief, disputes, life changes and "
        "loneliness. Nothing you answer is stored.",
    ),
)


def app_documents() -> list[Doc]:
    docs = []
    for name, title, summary in APP_PAGES:
        url = reverse(name)
        docs.append(
            Doc(key=f"app:{name}", kind=Document.Kind.PAGE, url=url, title=title, summary=summary)
        )
    return docs


def _names(items) -> str:
    return ", ".join(item.name for item in items)


def therapist_document(therapist) -> Doc:
    """Name, title, town, areas, languages and introduction of a published therapist."""
    areas = list(therapist.problem_areas.all()) + list(therapist.other_areas.all())
    facts = [
        therapist.title,
        f"Works with: {_names(areas)}." if areas else "",
        f"Languages: {_names(therapist.languages.all())}." if therapist.languages.all() else "",
        f"Sessions: {_names(therapist.formats.all())}." if therapist.formats.all() else "",
        f"Town or area: {therapist.location}." if therapist.location else "",
        therapist.introduction,
    ]
    summary = " · ".join(part for part in (therapist.title, therapist.location) if part)
    return Doc(
        key=f"therapist:{therapist.pk}",
        kind=Document.Kind.THERAPIST,
        url=therapist.get_absolute_url(),
        title=_clean(therapist.name, TITLE_MAX),
        summary=_clean(summary),
        body=_clean(" ".join(part for part in facts if part)),
    )
