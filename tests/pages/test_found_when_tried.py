"""What issue 13 found when staff tried the checks: plain words, every problem, real lines."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ipt_site.pages.checks import check_content, check_text
from tests.factories import create_therapist

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def ids_and_messages():
    return [(m.id, m.msg) for m in check_content()]


def test_a_colon_in_the_title_says_put_the_title_in_double_quotes(content):
    content.write(
        "faq.md",
        "---\ntitle: FAQ: your questions\nsummary: Answers.\n---\n\nBody.\n",
    )
    [(code, message)] = ids_and_messages()
    assert code == "content.E001"
    assert "content/faq.md, line 2" in message
    assert "Put the title in double quotes" in message
    assert 'title: "FAQ: your questions"' in message
    assert "mapping values" not in message


@pytest.mark.parametrize(
    ("front_matter", "line", "words"),
    [
        ('title: "Unclosed\nsummary: x', 2, "never closes it"),
        ("title: Fine\nsummary: [not a list", 3, "put the summary in double quotes"),
        ("title: Fine\n\tsummary: x", 3, "Use spaces instead of tabs"),
        ("title: @home\nsummary: x", 2, "Put the title in double quotes"),
        ('references:\n  - "a"\n - "b"', 4, "a list item is out of line"),
    ],
)
def test_other_yaml_mistakes_say_what_to_do(content, front_matter, line, words):
    content.write("oops.md", f"---\n{front_matter}\n---\n\nBody.\n", dedent=False)
    [(code, message)] = ids_and_messages()
    assert code == "content.E001"
    assert f"content/oops.md, line {line}:" in message
    assert words in message


def test_a_relative_link_is_reported_with_the_address_to_use(content):
    content.page("problem-areas/grief.md", title="Grief")
    content.page("links.md", title="Links", body="Read [about grief](problem-areas/grief/).")
    [(code, message)] = ids_and_messages()
    assert code == "content.W008"
    assert "relative" in message
    assert "/problem-areas/grief/" in message


def test_a_link_to_a_missing_app_page_is_reported(content):
    create_therapist(name="Real Person", slug="real-person")
    content.page(
        "links.md",
        title="Links",
        body="[Nobody](/therapists/nobody/) [Real](/therapists/real-person/) "
        "[List](/therapists/) [Filtered](/therapists/?area=grief)",
    )
    messages = ids_and_messages()
    assert [code for code, _ in messages] == ["content.W004"]
    assert "/therapists/nobody/" in messages[0][1]


def test_a_missing_trailing_slash_says_add_a_slash(content):
    content.page("problem-areas/grief.md", title="Grief")
    content.page("links.md", title="Links", body="[Grief](/problem-areas/grief)")
    [(code, message)] = ids_and_messages()
    assert code == "content.W009"
    assert "add a / at the end" in message
    assert "does not exist" not in message


def test_broken_link_warnings_name_their_line(content):
    body = "First paragraph.\n\nSecond [bad](/no-such-page/).\n\nThird [also bad](/nope/)."
    path = content.page("links.md", title="Links", body=body)
    lines = path.read_text().splitlines()
    expected = [n for n, line in enumerate(lines, start=1) if "](/no" in line]
    messages = ids_and_messages()
    assert [code for code, _ in messages] == ["content.W004", "content.W004"]
    assert f"content/links.md, line {expected[0]}:" in messages[0][1]
    assert f"content/links.md, line {expected[1]}:" in messages[1][1]


def test_the_same_broken_link_twice_names_both_lines(content):
    body = "[bad](/gone/)\n\nAgain [bad](/gone/)."
    path = content.page("twice.md", title="Twice", body=body)
    numbers = [n for n, line in enumerate(path.read_text().splitlines(), 1) if "/gone/" in line]
    lines = [m.line for m in check_text("twice.md", path.read_text())]
    assert lines == numbers


def test_every_problem_of_a_file_is_reported_not_only_the_first(content):
    content.write(
        "many.md",
        "---\nsummary: " + "x" * 170 + "\nnext_review: soon\n---\n\n[bad](/nowhere/)\n",
        dedent=False,
    )
    codes = sorted(code for code, _ in ids_and_messages())
    # No title (the page cannot be shown), a long summary, a bad date, no references,
    # and the broken link in the body of the page that cannot be shown.
    assert codes == [
        "content.E002",
        "content.E004",
        "content.E006",
        "content.W004",
        "content.W007",
    ]


def test_unreadable_front_matter_still_has_its_body_checked(content):
    content.write("broken.md", "---\ntitle: A: B\n---\n\nSee [this](/missing/).\n")
    codes = sorted(code for code, _ in ids_and_messages())
    assert codes == ["content.E001", "content.W004"]


def test_missing_references_are_reported(content):
    content.write(
        "norefs.md",
        "---\ntitle: No sources\nsummary: A page without sources.\n---\n\nBody.\n",
    )
    [(code, message)] = ids_and_messages()
    assert code == "content.W007"
    assert "'references' is missing" in message


def test_the_editor_and_the_system_check_give_the_same_problems(content):
    path = content.write(
        "same.md",
        "---\ntitle: Same\nsummary: Same.\nfoo: bar\n---\n\n# Big\n\n[x](/gone/) [[nope]]\n",
    )
    from_check = sorted(m.id.removeprefix("content.") for m in check_content())
    from_text = sorted(p.code for p in check_text("same.md", path.read_text()))
    assert from_check == from_text == ["W001", "W002", "W004", "W005", "W007"]
    fields = {p.code: p.field for p in check_text("same.md", path.read_text())}
    assert fields == {"W001": "foo", "W002": "body", "W004": "body", "W005": "body",
                      "W007": "references"}  # fmt: skip


def test_check_content_command_lists_problems_file_by_file(content):
    content.write("faq.md", "---\ntitle: FAQ: your questions\nsummary: x\n---\n\nBody.\n")
    content.page("fine.md", title="Fine", body="[bad](/gone/)")
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_content", stdout=out)
    assert exit_info.value.code == 1
    text = out.getvalue()
    assert "content/faq.md\n  line 2: Error: The front matter cannot be read" in text
    assert "content/fine.md\n  line" in text
    assert "Found 1 error and 1 warning in 2 files" in text


def test_check_content_command_says_all_is_well(content):
    out = StringIO()
    call_command("check_content", stdout=out)
    assert "No problems found." in out.getvalue()


def test_make_check_content_works_as_written(content):
    """The command staff are told to run, run as written from the project folder."""
    content.page("fine.md", title="Fine", body="[bad](/gone/)")
    content.write("faq.md", "---\ntitle: FAQ: your questions\nsummary: x\n---\n\nBody.\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(IPT_CONTENT_DIR=str(content.root), PATH=os.environ["PATH"])
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        ["make", "--no-print-directory", "check-content", f"PYTHON={sys.executable}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "content/fine.md" in done.stdout
    assert "/gone/ goes to a page that does not exist" in done.stdout
    # An error is listed with the rest, not turned into Django's "SystemCheckError".
    assert "Put the title in double quotes" in done.stdout
    assert "Found 1 error and 1 warning in 2 files" in done.stdout
    assert "Traceback" not in done.stderr and "SystemCheckError" not in done.stderr


def test_a_box_whose_lines_are_not_indented_is_reported_where_it_starts(content):
    path = content.page(
        "boxes.md",
        title="Boxes",
        references=["Test, A. (2020). A source."],
        body='Intro.\n\n!!! note "Fine"\n    Inside.\n\n!!! summary "In short"\n- one\n- two\n',
    )
    problems = [p for p in check_text("boxes.md", path.read_text()) if p.code == "W010"]
    assert [(p.level, p.field) for p in problems] == [("warning", "body")]
    assert "“In short” box is empty" in problems[0].message
    assert path.read_text().splitlines()[problems[0].line - 1] == '!!! summary "In short"'
    fixed = path.read_text().replace("\n- one\n- two", "\n    - one\n    - two")
    assert not [p for p in check_text("boxes.md", fixed) if p.code == "W010"]
