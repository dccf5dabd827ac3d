"""The article fields in front matter: read, checked and explained in plain words."""

import datetime

from ipt_site.pages import meta

HEAD = '---\ntitle: A post\nsummary: About a post.\nreferences:\n  - "A source."\n'


def parse(fields: str):
    return meta.parse(HEAD + fields + "---\n\nBody.\n")[0]


def messages(m):
    return [(p.level, p.code, p.message) for p in m.problems]


def test_valid_article_fields_are_read():
    m = parse("date: 2026-03-02\nauthor: amira-hassan\ntags:\n  - grief\n  - medication\n")
    assert m.date == datetime.date(2026, 3, 2)
    assert m.author == "amira-hassan"
    assert m.tags == ["grief", "medication"]
    assert m.problems == []


def test_template_article_is_allowed():
    assert parse("template: article\n").template == "article"


def test_a_date_that_is_not_a_date_is_an_error_with_its_line():
    m = parse("date: next tuesday\n")
    assert m.date is None
    [(level, code, message)] = messages(m)
    assert (level, code) == (meta.ERROR, "E030")
    assert "YYYY-MM-DD" in message
    assert m.problems[0].line == 6
    assert m.problems[0].field == "date"  # the editor shows it next to the date field


def test_author_must_be_a_profile_slug():
    m = parse("author: Dr Amira Hassan\n")
    assert m.author == ""
    [(level, code, message)] = messages(m)
    assert (level, code) == (meta.ERROR, "E031")
    assert "/therapists/amira-hassan/" in message and "Leave it out" in message


def test_unknown_tags_are_reported_and_dropped_known_ones_kept():
    m = parse("tags:\n  - Grief\n  - greif\n  - parents\n  - parents\n")
    assert m.tags == ["grief", "parents"]  # case forgiven, duplicate dropped
    [(level, code, message)] = messages(m)
    assert (level, code) == (meta.WARNING, "W030")
    assert "Unknown tag 'greif'" in message and "role-transitions" in message


def test_a_single_tag_written_without_a_list_is_accepted():
    assert parse("tags: grief\n").tags == ["grief"]


def test_tags_that_are_not_text_are_an_error():
    m = parse("tags:\n  - 3\n")
    assert m.tags == []
    assert messages(m)[0][:2] == (meta.ERROR, "E032")


def test_article_fields_are_not_unknown_fields():
    m = parse("date: 2026-01-01\nauthor: a-b\ntags: [grief]\n")
    assert not [p for p in m.problems if p.code == "W001"]
