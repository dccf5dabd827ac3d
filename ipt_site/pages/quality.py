"""The writing rules every page is held to, as content rules the editor shows at the field.

They used to be tests over `content/` only (invisible to staff); now the editor shows them
on preview and save, the sync stores them with the page's row, and `make check-content`
and `manage.py check --tag content` report them for the whole site. Each rule reads what a
reader sees: the body's text with [[placeholders]] filled and markup removed.

Errors block a save: a promise of a cure, an image without a description. The rest are
warnings, which advise (and still fail `make check`, so the shipped pages keep them all):
reading ease under the target, long sentences, long pages, skipped heading levels, link
text like "click here" and American spellings.
"""

import html
import re

import textstat
from django.utils.html import strip_tags

from . import placeholders, rules
from .meta import ERROR, WARNING, Problem, split_body

READING_EASE_TARGET = 70  # Flesch reading ease: 70 and over reads easily at about age 12
SENTENCE_WORDS_MAX = 35
IN_SHORT_FROM = 600  # words: a page longer than this starts with an "In short" box
PAGE_WORDS_MAX = 1000  # words: longer needs `long_page: "<why>"` in the front matter
LONG_PAGE_FIELD = "long_page"

# The site never promises an outcome.
BANNED_CLAIMS = re.compile(r"\b(cure[sd]?|curing|guarantee[sd]?|guaranteeing)\b", re.I)

# American spellings (whole words or stems) that have a British form on this site.
AMERICAN_SPELLINGS = [
    r"color\w*",
    r"behavior\w*",
    r"favor\w*",
    r"honor\w*",
    r"neighbor\w*",
    r"humor\w*",
    r"labor",
    r"center(s|ed)?",
    r"programs?",
    r"counsel(or|ors|ing|ed)",
    r"organiz\w*",
    r"recogniz\w*",
    r"realiz\w*",
    r"apologiz\w*",
    r"emphasiz\w*",
    r"criticiz\w*",
    r"summariz\w*",
    r"prioritiz\w*",
    r"minimiz\w*",
    r"specializ\w*",
    r"normaliz\w*",
    r"socializ\w*",
    r"analyz\w*",
    r"utiliz\w*",
    r"memoriz\w*",
    r"(travel|cancel|label|model|fuel|signal)(ed|ing)",
    r"fulfill(s|ment)?",
    r"practic(ing|ed)",
    r"moms?",
    r"gray",
    r"aging",
    r"toward",
    r"defense",
    r"dialog",
    r"catalog",
    r"skeptic\w*",
    r"pediatric\w*",
    r"randomiz\w*",
]
AMERICAN = re.compile(r"\b(" + "|".join(AMERICAN_SPELLINGS) + r")\b", re.I)

# Link text that says nothing out of context (screen reader users list a page's links).
VAGUE_LINK_TEXT = {
    "click here", "here", "click", "read more", "more", "this link", "link", "this page",
    "find out more", "learn more", "go",
}  # fmt: skip

WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_HEADING = re.compile(r"<h([1-6])[\s>]")
_LINK = re.compile(r"<a\s[^>]*>(.*?)</a>", re.S)
_IMAGE = re.compile(r"<img\s[^>]*>")
_ALT = re.compile(r'\salt="([^"]*)"')
_IMAGE_SOURCE = re.compile(r'\ssrc="([^"]*)"')
# Python-Markdown's admonition: <div class="admonition summary"><p class="admonition-title">
IN_SHORT = re.compile(
    r'<div class="admonition (?:summary|note)">\s*<p class="admonition-title">In short</p>'
)


def body_text(page) -> str:
    """The words a reader sees in the page body, without markup or entities."""
    return html.unescape(strip_tags(placeholders.fill(page.html)))


def word_count(page) -> int:
    return len(WORD.findall(body_text(page)))


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _line_finder(text: str):
    """The file line of the first body line holding a piece of text (any case)."""
    body, start = split_body(text)
    lines = [line.lower() for line in body.splitlines()]

    def line_of(needle: str) -> int | None:
        needle = needle.lower()
        for number, line in enumerate(lines):
            if needle in line:
                return start + number
        return None

    return line_of


def _body(level, message, line=None, code="", hint="") -> Problem:
    return Problem(level, message, line, code, "body", hint)


# --- The rules: each takes the page being checked and returns its problems -----------------


def banned_claims(page) -> list[Problem]:
    line_of = _line_finder(page.text)
    found = {}
    for match in BANNED_CLAIMS.finditer(body_text(page)):
        found.setdefault(match.group(0).lower(), match.group(0))
    return [
        _body(
            ERROR,
            f"“{word}” promises an outcome, and this site never does. Say what IPT can help "
            "with instead, like “many people find their mood lifts”.",
            line_of(word),
            "E040",
        )
        for word in found.values()
    ]


def reading_ease(page) -> list[Problem]:
    text = body_text(page)
    if len(WORD.findall(text)) < 30:  # too short for the score to mean anything
        return []
    score = textstat.flesch_reading_ease(text)
    if score >= READING_EASE_TARGET:
        return []
    return [
        _body(
            WARNING,
            f"Reading ease is {score:.0f}; the target is {READING_EASE_TARGET} or more. "
            "Split long sentences and use shorter words.",
            None,
            "W041",
            hint="Flesch reading ease, as textstat scores it: 70 reads easily at about age 12.",
        )
    ]


def long_sentences(page) -> list[Problem]:
    line_of = _line_finder(page.text)
    found = []
    for sentence in sentences(body_text(page)):
        words = WORD.findall(sentence)
        if len(words) > SENTENCE_WORDS_MAX:
            start = " ".join(sentence.split()[:6])
            found.append(
                _body(
                    WARNING,
                    f"The sentence starting “{start}…” has {len(words)} words; keep "
                    f"sentences to {SENTENCE_WORDS_MAX} or fewer. Split it in two.",
                    line_of(" ".join(sentence.split()[:3])),
                    "W042",
                )
            )
    return found


def vague_link_text(page) -> list[Problem]:
    line_of = _line_finder(page.text)
    found = []
    for match in _LINK.finditer(page.html):
        text = " ".join(html.unescape(strip_tags(match.group(1))).split())
        if text.lower().strip(".!:") in VAGUE_LINK_TEXT:
            found.append(
                _body(
                    WARNING,
                    f"The link text “{text}” does not say where the link goes. Use words "
                    "that make sense on their own, like “how to find an IPT therapist”.",
                    line_of(f"[{text}]"),
                    "W043",
                )
            )
    return found


def images_without_alt(page) -> list[Problem]:
    line_of = _line_finder(page.text)
    found = []
    for tag in _IMAGE.findall(page.html):
        alt = _ALT.search(tag)
        if alt and html.unescape(alt.group(1)).strip():
            continue
        source = _IMAGE_SOURCE.search(tag)
        address = html.unescape(source.group(1)) if source else ""
        found.append(
            _body(
                ERROR,
                f"The image {address} has no description, so people who cannot see it miss "
                "it. Write what it shows between the square brackets: "
                f"![A therapist and a client talking]({address})",
                line_of(address) if address else None,
                "E044",
            )
        )
    return found


def heading_levels(page) -> list[Problem]:
    line_of = _line_finder(page.text)
    found, level = [], 1  # the title is the page's h1
    for match in _HEADING.finditer(page.html):
        new = int(match.group(1))
        if new > level + 1:
            end = page.html.find(f"</h{new}>", match.end())
            heading = html.unescape(strip_tags(page.html[match.start() : end])).strip()
            found.append(
                _body(
                    WARNING,
                    f"The heading “{heading}” skips a level: it comes under a level "
                    f"{level} heading, so start it with {'#' * (level + 1)} (not {'#' * new}).",
                    line_of(f"{'#' * new} {heading}"),
                    "W045",
                )
            )
        level = new
    return found


def american_spelling(page) -> list[Problem]:
    # Only the body: references keep the published (often American) titles.
    line_of = _line_finder(page.text)
    words = sorted({m.group(0) for m in AMERICAN.finditer(body_text(page))}, key=str.lower)
    return [
        _body(
            WARNING,
            f"“{word}” is American spelling: this site uses British spelling "
            "(colour, organise, centre, programme, counsellor).",
            line_of(word),
            "W046",
        )
        for word in words
    ]


def in_short_box(page) -> list[Problem]:
    words = word_count(page)
    found = []
    if words > IN_SHORT_FROM and not IN_SHORT.search(page.html):
        found.append(
            _body(
                WARNING,
                f"The page has {words:,} words: add an “In short” box near the top, written "
                'as !!! summary "In short", with its points indented by four spaces.',
                None,
                "W047",
            )
        )
    return found


def page_length(page) -> list[Problem]:
    words = word_count(page)
    found = []
    reason = (page.front_matter or {}).get(LONG_PAGE_FIELD)
    if words > PAGE_WORDS_MAX and not (isinstance(reason, str) and reason.strip()):
        found.append(
            _body(
                WARNING,
                f"The page has {words:,} words; keep pages to {PAGE_WORDS_MAX:,}. Split it or "
                f"trim it, or say why readers need it long with '{LONG_PAGE_FIELD}: "
                '"<why>"\' in the front matter.',
                None,
                "W048",
            )
        )
    return found


RULES = {
    "E040": banned_claims,
    "W041": reading_ease,
    "W042": long_sentences,
    "W043": vague_link_text,
    "E044": images_without_alt,
    "W045": heading_levels,
    "W046": american_spelling,
    "W047": in_short_box,
    "W048": page_length,
}


def register() -> None:
    for code, rule in RULES.items():
        rules.register(code, rule)
