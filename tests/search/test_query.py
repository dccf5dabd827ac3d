"""Turning what a visitor typed into plain words: no query syntax gets through."""

import pytest

from ipt_site.search import query


def test_words_are_lower_cased_and_common_words_dropped():
    parsed = query.parse("How does IPT help with Grief?")
    assert parsed.ok
    assert [sorted(g) for g in parsed.groups] == [["ipt"], ["help"], ["grief", "grieve"]]


@pytest.mark.parametrize(
    ("typed", "forms"),
    [
        ("grieving", {"grieving", "grief"}),
        ("behavior", {"behavior", "behaviour"}),
        ("behaviour", {"behaviour", "behavior"}),
        ("counselors", {"counselors", "counsellors"}),
        ("organization", {"organization", "organisation"}),
        ("recognised", {"recognised", "recognized"}),
        ("colours", {"colours", "colors"}),
        ("center", {"center", "centre"}),
        ("mom", {"mom", "mum"}),
        ("postpartum", {"postpartum", "postnatal", "perinatal"}),
        ("therapy", {"therapy"}),
    ],
)
def test_spelling_variants_both_ways(typed, forms):
    assert query.parse(typed).groups == [frozenset(forms)]


@pytest.mark.parametrize(
    "typed",
    ['"grief" NEAR(a b)', "grief*", "-grief", "title:grief", "(grief) OR ^grief", "grief\x00"],
)
def test_query_syntax_becomes_plain_words(typed):
    words = query.parse(typed).words
    assert "grief" in words
    assert all(word.isalnum() for word in words), words


@pytest.mark.parametrize("typed", ["", "   \t\n", "\x00\x01", "\ue000\u200b"])
def test_empty(typed):
    assert query.parse(typed).problem == query.EMPTY


@pytest.mark.parametrize("typed", ["x" * 201, "grief " * 2000])
def test_too_long(typed):
    assert query.parse(typed).problem == query.TOO_LONG


@pytest.mark.parametrize("typed", ["😀😀", "!!! ???", "the and of", "a b c", "*"])
def test_nothing_searchable(typed):
    assert query.parse(typed).problem == query.NO_WORDS


def test_many_words_are_cut_to_the_first_few():
    parsed = query.parse(" ".join(f"word{n}" for n in range(20)))
    assert len(parsed.groups) == query.MAX_WORDS and parsed.shortened


def test_other_scripts_are_words():
    assert query.parse("депрессия 抑郁").ok
