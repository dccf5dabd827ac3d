"""The writing rules (pages/quality.py): each once, with a page that keeps it and one that
breaks it, as the editor and the sync report them (code, level, field, line)."""

import pytest

from ipt_site.pages import quality, selectors
from ipt_site.pages.checks import check_text
from ipt_site.pages.models import Page
from ipt_site.pages.sync import sync

pytestmark = pytest.mark.django_db

FRONT = """---
title: A page
summary: About a page.
reviewed: 2026-01-01
next_review: 2099-01-01
references:
  - "Test, A. (2020). A source."
{extra}---

{body}
"""
# Easy to read, 40 words: no rule fires on it.
PLAIN = (
    "IPT is a short talking therapy. It looks at how you get on with the people close to "
    "you. You meet a therapist once a week. Most people have twelve to sixteen sessions. "
    "You can stop when you like."
)


def problems(body, extra="", code=None):
    found = check_text("page.md", FRONT.format(body=body, extra=extra))
    return [p for p in found if code is None or p.code == code]


def test_a_plain_page_breaks_no_rule(content):
    assert problems(PLAIN) == []


def test_a_promised_cure_is_an_error_at_its_line(content):
    assert problems(PLAIN, code="E040") == []
    found = problems(PLAIN + "\n\nIPT will cure your low mood.", code="E040")
    assert [(p.level, p.field, p.line) for p in found] == [("error", "body", 12)]
    assert "“cure” promises an outcome" in found[0].message
    assert problems("We guarantee it works.", code="E040")[0].level == "error"


def test_reading_ease_under_the_target_is_a_warning_with_the_score(content):
    hard = (
        "Interpersonal psychotherapy conceptualises depressive symptomatology as "
        "inextricably interconnected with interpersonal functioning, emphasising "
        "contemporaneous relational difficulties, communication patterns, and unresolved "
        "bereavement, alongside developmental transitions necessitating considerable "
        "psychological reorganisation. "
    ) * 2
    [found] = problems(hard, code="W041")
    assert found.level == "warning" and found.field == "body"
    assert "the target is 70 or more" in found.message
    assert problems(PLAIN, code="W041") == []


def test_a_sentence_over_35_words_is_a_warning(content):
    long = " ".join(["word"] * 36) + "."
    [found] = problems(PLAIN + "\n\n" + long, code="W042")
    assert found.level == "warning" and "has 36 words" in found.message
    assert found.line == 12
    assert problems(PLAIN + "\n\n" + " ".join(["word"] * 35) + ".", code="W042") == []


def test_link_text_like_click_here_is_a_warning(content):
    [found] = problems(PLAIN + "\n\nTo book, [click here](/faq/).", code="W043")
    assert found.level == "warning" and "“click here”" in found.message
    assert found.line == 12
    assert problems(PLAIN + "\n\nRead [the questions people ask](/faq/).", code="W043") == []


def test_an_image_without_alt_text_is_an_error(content):
    [found] = problems(PLAIN + "\n\n![](/media/room.png)", code="E044")
    assert found.level == "error" and "/media/room.png has no description" in found.message
    assert found.line == 12
    assert problems(PLAIN + "\n\n![A quiet room](/media/room.png)", code="E044") == []


def test_a_heading_that_skips_a_level_is_a_warning(content):
    [found] = problems(PLAIN + "\n\n## Part\n\n#### Detail\n\nText.", code="W045")
    assert found.level == "warning" and "“Detail” skips a level" in found.message
    assert found.line == 14
    assert problems(PLAIN + "\n\n## Part\n\n### Detail\n\n## Next", code="W045") == []


def test_american_spelling_is_a_warning_naming_the_word(content):
    [found] = problems(PLAIN + "\n\nYour behavior matters.", code="W046")
    assert found.level == "warning" and "“behavior” is American" in found.message
    assert found.line == 12
    assert problems(PLAIN + "\n\nYour behaviour matters, and the programme.", code="W046") == []
    for word in ["color", "organize", "center", "program", "counselor", "mom"]:
        assert quality.AMERICAN.search(f"a {word} here"), word
    for word in ["colour", "organise", "centre", "programme", "counsellor"]:
        assert not quality.AMERICAN.search(f"a {word} here"), word


def test_references_keep_their_american_titles(content):
    extra = '  - "Smith, A. (2001). Behavior and color."\n'
    assert problems(PLAIN, extra=extra, code="W046") == []


def test_a_page_over_600_words_needs_an_in_short_box(content):
    body = (PLAIN + " ") * 16  # 640 words
    [found] = problems(body, code="W047")
    assert "add an “In short” box" in found.message
    boxed = '!!! summary "In short"\n    - One point.\n\n' + body
    assert problems(boxed, code="W047") == []


def test_a_page_over_1000_words_needs_a_stated_reason(content):
    body = '!!! summary "In short"\n    - One point.\n\n' + (PLAIN + " ") * 26
    [found] = problems(body, code="W048")
    assert found.level == "warning" and "keep pages to 1,000" in found.message
    reason = 'long_page: "an A to Z list: readers jump to one term"\n'
    assert problems(body, extra=reason, code="W048") == []
    assert problems(body, extra=reason, code="W001") == []  # a known field


def test_a_summary_over_160_characters_is_an_error_at_the_summary(content):
    text = FRONT.format(body=PLAIN, extra="").replace("About a page.", "x" * 161)
    [found] = [p for p in check_text("page.md", text) if p.code == "E004"]
    assert (found.level, found.field, found.line) == ("error", "summary", 3)


def test_word_count_counts_what_a_reader_sees(content):
    content.page("short.md", body="One two three. **Four** [five](/faq/) don't.")
    assert quality.word_count(selectors.page_at("/short/")) == 6


def test_rule_problems_are_stored_once_however_often_the_site_is_rechecked(content):
    content.page("claims.md", body=PLAIN + "\n\nIPT will cure you.")
    sync(recheck=True)
    sync(recheck=True)
    row = Page.objects.get(relpath="claims.md")
    assert [p["code"] for p in row.problems].count("E040") == 1
    assert row.errors == 1
