"""Hostile or odd front matter (issue 21): refused or reported in words, never a 500, never
stored, never a worker's minutes."""

import pytest

from ipt_site.pages import meta
from ipt_site.pages.models import Page

pytestmark = pytest.mark.django_db

HEAD = "---\ntitle: A page\nsummary: About a page.\n"
TAIL = "---\n\nSome text.\n"

# 8 levels of 9 aliases: 9**8 (43 million) strings once expanded, in 413 bytes.
ALIAS_BOMB = "\n".join(
    ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
)


def problems(text):
    found, _body = meta.parse(text)
    return found, [p for p in found.problems if p.code != "W007"]


@pytest.mark.parametrize(
    ("field", "written", "char"),
    [
        ("title", '"A\\0B"', "U+0000"),
        ("title", '"Ring \\a bell"', "U+0007"),
        ("summary", '"Line\\rfeed"', "U+000D"),
        ("summary", '"Next\\Nline"', "U+0085"),
        ("reviewed_by", '"Dr A\\x9b, nurse"', "U+009B"),
    ],
)
def test_a_control_character_in_a_field_is_an_error_at_its_line(field, written, char):
    fields = {"title": "A page", "summary": "About a page.", field: written}
    text = "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + TAIL
    found, listed = problems(text)
    errors = [p for p in listed if p.code == "E016"]
    assert len(errors) == 1, listed
    assert errors[0].field == field and char in errors[0].message
    assert errors[0].line == text.split("\n").index(f"{field}: {written}") + 1
    assert getattr(found, field) in ("", None)  # read as absent, never stored
    assert field not in found.data
    if field == "title":
        assert found.fatal and not [p for p in listed if p.code == "E002"]


def test_control_characters_in_list_items_and_unknown_fields_are_refused_too():
    found, listed = problems(
        HEAD + 'references:\n  - "Fine."\n  - "Bad\\x07"\nnotes: {inner: "x\\x1b"}\n' + TAIL
    )
    assert sorted(p.field for p in listed if p.code == "E016") == ["notes", "references"]
    assert found.references == [] and "notes" not in found.data


def test_tab_and_newline_are_still_allowed():
    found, listed = problems(
        '---\ntitle: "Tab\\there"\nsummary: >\n  Two\n\n  lines.\nreferences: ["A."]\n' + TAIL
    )
    assert listed == [] and found.title == "Tab\there"


def test_a_nul_written_as_an_escape_never_reaches_the_row(content):
    content.write("nul.md", HEAD.replace("A page", '"A\\0B"') + TAIL, dedent=False)
    row = Page.objects.get(relpath="nul.md")
    assert not row.served and "\x00" not in row.title + str(row.front_matter)
    assert "E016" in [p["code"] for p in row.problems]


@pytest.mark.parametrize(
    "front",
    [
        ALIAS_BOMB,
        "template: &big [a, b]\nextra: *big",
        "extra: *a9",
        "title: &t A page",
    ],
)
def test_anchors_and_aliases_are_refused_before_anything_is_built(front):
    found, listed = problems(HEAD + front + "\n" + TAIL)
    assert found.fatal and found.data == {}
    [problem] = listed
    assert problem.code == "E001" and "anchor (&) or an alias (*)" in problem.message
    assert problem.line is not None and problem.line >= 4 or "title" in front


def test_an_alias_bomb_on_disk_is_listed_as_unreadable_and_never_served(client, content):
    content.write("bomb.md", HEAD + ALIAS_BOMB + "\n" + TAIL, dedent=False)
    row = Page.objects.get(relpath="bomb.md")
    assert not row.served and row.front_matter == {}
    assert client.get("/bomb/").status_code == 404
    assert "anchor (&) or an alias (*)" in row.problems[0]["message"]


def test_a_value_quoted_in_a_message_is_cut_short():
    long_template = "x" * 100_000
    nested = "[" * 900 + "]" * 900
    for front in (f"template: {long_template}", f"template: {nested}", f"{'k' * 5000}: 1"):
        _found, listed = problems(HEAD + front + "\n" + TAIL)
        assert listed and all(len(p.message) < 400 for p in listed), listed


def test_thousands_of_unknown_fields_are_counted_not_listed():
    front = "\n".join(f"field{i}: {i}" for i in range(5000))
    _found, listed = problems(HEAD + front + "\n" + TAIL)
    assert len(listed) == meta.UNKNOWN_SHOWN + 1
    assert "4,990 more unknown fields" in listed[-1].message


def test_a_file_starting_with_a_byte_order_mark_reads_as_usual(content, client):
    content.write("bom.md", "\ufeff" + HEAD + 'references: ["A."]\n' + TAIL, dedent=False)
    row = Page.objects.get(relpath="bom.md")
    assert row.served and row.title == "A page" and row.problems == []
    assert "<h1>A page</h1>" in client.get("/bom/").content.decode()


@pytest.mark.parametrize(
    ("front", "code", "words"),
    [
        ("reviewed: 2026-02-30", "E006", "'reviewed' is not a real date (2026-02-30)"),
        ("next_review: 2026-13-01", "E006", "'next_review' is not a real date"),
        ("date: 2026-02-30", "E030", "'date' is not a real date"),
        ("order: " + "9" * 5000, "E005", "'order' is a number too long to read (5,000 digits)"),
        ("order: " + ":".join(["1"] * 3000), "E005", "too long to read"),
    ],
)
def test_a_bad_date_or_a_huge_number_is_reported_as_what_it_is(front, code, words):
    found, listed = problems(HEAD + front + "\n" + TAIL)
    assert not found.fatal and found.title == "A page"  # the rest of the page still reads
    [problem] = listed
    assert problem.code == code and words in problem.message and problem.line == 4
    assert "three dashes" not in problem.message


def test_a_huge_number_in_an_unknown_field_is_kept_as_text(content):
    content.write("num.md", HEAD + "extra: " + "9" * 5000 + "\n" + TAIL, dedent=False)
    row = Page.objects.get(relpath="num.md")
    assert row.served and row.front_matter["extra"] == "9" * 5000


def test_deeply_nested_front_matter_is_reported_never_a_500(client, content):
    """libyaml stops at 1,000 levels; up to there, nothing may recurse past Python's limit."""
    for name, depth in (("deep.md", 990), ("deeper.md", 5000)):
        nested = "[" * depth + "]" * depth
        content.write(name, HEAD + f"extra: {nested}\n" + TAIL, dedent=False)
        row = Page.objects.get(relpath=name)
        assert row.problems, name
        assert client.get(f"/{name[:-3]}/").status_code in (200, 404)


def test_an_over_long_title_or_author_is_an_error_and_fits_its_column(client, content):
    """The columns hold 255 and 100 characters: PostgreSQL refused the whole sync."""
    content.write(
        "long.md",
        HEAD.replace("A page", "Long " * 100) + "author: " + "a" * 300 + "\n" + TAIL,
        dedent=False,
    )
    row = Page.objects.get(relpath="long.md")
    codes = {p["code"]: p["message"] for p in row.problems}
    assert "'title' is 499 characters; keep it to 200" in codes["E017"]
    assert "E031" in codes
    assert len(row.title) <= 200 and row.author == ""
    assert client.get("/long/").status_code == 200


@pytest.mark.parametrize(
    "front", ["extra: .inf", "extra: [.nan, -.inf]", "extra: !!set {a, b}", "extra: !!binary aGk="]
)
def test_values_json_cannot_hold_are_stored_as_text(client, content, front):
    """PostgreSQL's JSON refuses NaN and Infinity; a set or bytes is not JSON at all."""
    content.write("odd.md", HEAD + front + "\n" + TAIL, dedent=False)
    row = Page.objects.get(relpath="odd.md")
    assert row.served and "extra" in row.front_matter
    assert client.get("/odd/").status_code == 200
