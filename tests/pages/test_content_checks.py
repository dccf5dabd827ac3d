"""Front matter and content problems are reported by `manage.py check`, never by a 500."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from ipt_site.pages.checks import check_content

pytestmark = pytest.mark.django_db


def messages_for(content_folder):
    return [(m.id, m.msg) for m in check_content()]


def run_check():
    """Run the content checks as `make check` does; return (passed, output)."""
    out, err = StringIO(), StringIO()
    try:
        call_command(
            *("check", "--tag", "content", "--database", "default", "--fail-level", "WARNING"),
            stdout=out,
            stderr=err,
        )
    except SystemCheckError as exc:
        return False, str(exc)
    return True, out.getvalue() + err.getvalue()


def test_valid_content_passes(content):
    content.page("about.md", title="About", body="See [the home page](/).")
    assert check_content() == []
    assert run_check()[0]


def test_bad_yaml_names_file_and_line(client, content):
    content.write(
        "broken.md",
        """\
        ---
        title: Broken
        summary: [unclosed
        ---
        Body
        """,
    )
    passed, output = run_check()
    assert not passed
    assert "content/broken.md, line 3" in output
    assert "cannot be read" in output
    assert client.get("/broken/").status_code == 404


def test_missing_title_is_an_error_and_the_page_is_withheld(client, content):
    content.write("untitled.md", "---\nsummary: No title here.\n---\nBody\n")
    ids = [m.id for m in check_content()]
    assert "content.E002" in ids
    assert client.get("/untitled/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("order", "first", "content.E005"),
        ("reviewed", "last week", "content.E006"),
        ("references", "just one string", "content.E008"),
        ("template", "fancy", "content.E010"),
    ],
)
def test_wrong_types_are_errors_with_line_numbers_but_the_page_still_renders(
    client, content, field, value, code
):
    content.page("typed.md", title="Typed", **{field: value})
    found = [m for m in check_content() if m.id == code]
    assert len(found) == 1
    assert "content/typed.md, line" in found[0].msg
    assert client.get("/typed/").status_code == 200


def test_long_summary_is_an_error(content):
    content.page("long.md", title="Long", summary="x" * 161)
    messages = [m for m in check_content() if m.id == "content.E004"]
    assert messages and "161 characters" in messages[0].msg


def test_summary_of_exactly_160_is_fine(content):
    content.page("edge.md", title="Edge", summary="x" * 160)
    assert check_content() == []


def test_draft_that_is_not_a_boolean_stays_hidden(client, content):
    content.page("maybe.md", title="Maybe", draft="perhaps")
    assert "content.E009" in [m.id for m in check_content()]
    assert client.get("/maybe/").status_code == 404


def test_unknown_field_is_a_warning(content):
    content.page("typo.md", title="Typo", summmary="oops")
    assert [m.id for m in check_content()] == ["content.W001"]


def test_broken_internal_link_is_a_warning(content):
    content.page("links.md", title="Links", body="[Good](/) and [bad](/no-such-page/#part).")
    messages = check_content()
    assert [m.id for m in messages] == ["content.W004"]
    assert "/no-such-page/" in messages[0].msg


def test_link_to_app_urls_and_static_is_fine(content):
    content.page("ok.md", title="OK", body="[Sitemap](/sitemap.xml) [health](/health/)")
    assert check_content() == []


def test_overdue_review_is_a_warning(content):
    content.page("old.md", title="Old", reviewed="2020-01-01", next_review="2021-01-01")
    messages = check_content()
    assert [m.id for m in messages] == ["content.W003"]
    assert "1 January 2021" in messages[0].msg


def test_unusable_file_name_is_an_error(content):
    content.page("Bad Name.md", title="Bad")
    assert "content.E011" in [m.id for m in check_content()]


def test_unknown_placeholder_is_a_warning(content):
    content.page("ph.md", title="Ph", body="Call [[practise_phone]].")
    assert [m.id for m in check_content()] == ["content.W005"]


def test_missing_home_page_is_an_error(content):
    (content.root / "_index.md").unlink()
    assert "content.E013" in [m.id for m in check_content()]


def test_readme_in_content_folder_is_not_a_page(client, content):
    content.write("README.md", "# How to edit\n")
    assert check_content() == []
    assert client.get("/readme/").status_code == 404


def test_yaml_error_points_at_the_offending_line(content):
    content.write("colon.md", "---\ntitle: Fine\nsummary: Two: colons: here\n---\nBody\n")
    messages = check_content()
    assert len(messages) == 1
    assert "content/colon.md, line 3" in messages[0].msg


def test_link_to_a_missing_heading_is_a_warning(content):
    content.page("glossary.md", title="Glossary", body="## Sick role\n\nText.")
    content.page(
        "about.md",
        title="About",
        body="[ok](/glossary/#sick-role) [bad](/glossary/#sick-rol) [self](#nowhere) [top](#)",
    )
    messages = check_content()
    assert [m.id for m in messages] == ["content.W006", "content.W006"]
    assert "/glossary/#sick-rol " in messages[0].msg
    assert "#nowhere" in messages[1].msg
