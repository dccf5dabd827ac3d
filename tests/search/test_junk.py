"""A thousand generated junk queries: every one gets a calm page, never an error.

A seeded generator (so a failure can be replayed) mixes FTS5 and tsquery syntax, quotes,
control characters, emoji, other scripts, markup, SQL, the index's own snippet marks and
very long input. Each answer must be a 200 with one h1, and must show no raw markup.
"""

import random
import re
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.django_db

SEED = 20261203
COUNT = 1000

PIECES = [
    '"',
    "'",
    "*",
    "-",
    "+",
    "^",
    ":",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "NEAR",
    "NEAR(",
    "NEAR/2",
    "AND",
    "OR",
    "NOT",
    "&",
    "|",
    "!",
    "<->",
    "<2>",
    "\\",
    "%",
    "_",
    ";",
    "--",
    "/*",
    "*/",
    "\x00",
    "\x01",
    "\x1b",
    "\t",
    "\n",
    "\r",
    "\u200b",
    "\u202e",
    "\ufeff",
    "\u0301",
    "\ue000",
    "\ue001",
    "😀",
    "👩‍👩‍👧",
    "🏳️‍🌈",
    "грусть",
    "悲伤",
    "حزن",
    "ñ",
    "ﬁ",
    "Ⅻ",
    "①",
    "grief",
    "grieving",
    "IPT",
    "behaviour",
    "title:",
    "summary:",
    "body:",
    "rowid",
    "<script>alert(1)</script>",
    "<mark>",
    "</mark>",
    "&amp;",
    "&#0;",
    "' OR 1=1 --",
    "'); DROP TABLE search_document; --",
    "search_document_fts",
    "SELECT",
    "%00",
    "%s",
    "{}",
    "${x}",
    "$(x)",
    "0",
    "1e9",
    "-1",
    "NaN",
    " ",
    "  ",
]


def junk(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.03:
        return rng.choice(PIECES) * rng.choice([1000, 5000, 10_000])
    if shape < 0.10:
        return "".join(chr(rng.randrange(1, 0x2FFFF)) for _ in range(rng.randrange(1, 60)))
    if shape < 0.15:
        return " ".join("grief" for _ in range(rng.randrange(5, 60)))
    return "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 25)))


def _encodable(text: str) -> str:
    # Lone surrogates cannot travel in a URL; a browser would never send them.
    return text.encode("utf-8", "replace").decode("utf-8")


def test_a_thousand_junk_queries_never_fail(client, content):
    content.page("problem-areas/grief.md", title="Grief", body="Grief is the pain of loss.")
    content.page("glossary.md", title="Glossary", body="Intro.\n\n## Sick role\n\nA break.\n")
    rng = random.Random(SEED)
    for number in range(COUNT):
        typed = _encodable(junk(rng))
        response = client.get("/search/?q=" + quote(typed, safe=""))
        assert response.status_code == 200, (number, typed[:80])
        text = response.text
        assert len(re.findall(r"<h1[\s>]", text)) == 1, (number, typed[:80])
        assert "<script>alert" not in text, (number, typed[:80])
        assert "\ue000" not in text and "\ue001" not in text, (number, typed[:80])


@pytest.mark.parametrize(
    "raw",
    ["q=%ff%fe%fd", "q=%", "q=%zz", "q=a&q=b", "q[]=grief", "Q=grief", "q=%00%00", ""],
)
def test_broken_query_strings(client, content, raw):
    assert client.get(f"/search/?{raw}").status_code == 200
