"""One schema for front matter: FrontMatterForm checks a file, and the editor's form is
the same fields with the editor's widgets."""

import pytest

from ipt_site.editor.forms import PageForm
from ipt_site.pages.frontmatter_form import FrontMatterForm
from ipt_site.pages.meta import KNOWN_FIELDS, parse

WRONG = """---
title: A page
summary: About it.
order: three
reviewed: 2026-01-10
next_review: 2025-01-10
draft: maybe
template: fancy
author: Amira Hassan
tags: [grief, "nope"]
reviewed_by: Just a name
references:
  - "Weissman (2018). The Guide."
---

Text.
"""


def test_a_files_wrong_fields_are_problems_with_codes_and_lines():
    meta, _ = parse(WRONG)
    found = {(p.code, p.line, p.field): p.message for p in meta.problems}
    assert found[("E005", 4, "order")] == "'order' must be a whole number, like 3."
    assert found[("E007", 6, "next_review")] == "'next_review' must come after 'reviewed'."
    assert found[("E009", 7, "draft")] == "'draft' must be true or false; treated as true."
    assert found[("E010", 8, "template")] == (
        "'template' must be one of page, section, home, faq, resource, article; got 'fancy'."
    )
    assert found[("E031", 9, "author")].startswith("'author' must be the last part")
    assert found[("W030", 10, "tags")].startswith("Unknown tag 'nope' is ignored.")
    assert found[("E014", 11, "reviewed_by")].startswith(
        "'reviewed_by' must be a name, a comma and a role, at most 120 characters"
    )
    # A wrong field falls back safely; the page still shows.
    assert not meta.fatal
    assert (meta.order, meta.draft, meta.template, meta.author) == (1000, True, "", "")
    assert meta.tags == ["grief"]
    assert str(meta.next_review) == "2025-01-10"  # shown, with its error


def test_the_editor_says_the_same_check_in_the_words_of_its_form():
    form = PageForm(
        {"title": "A page", "summary": "x" * 170, "order": "three", "reviewed": "2026-01-10",
         "next_review": "2025-01-10"},
        relpath="a.md",
    )  # fmt: skip
    assert not form.is_valid()
    assert form.errors["order"] == ["“Order” must be a whole number, like 3."]
    assert form.errors["next_review"] == ["“Next review due” must come after “Last reviewed”."]
    assert form.errors["summary"] == [
        "“Summary” is 170 characters; keep it to 160 so search engines show all of it."
    ]


@pytest.mark.parametrize("name", KNOWN_FIELDS)
def test_each_field_is_declared_once(name):
    schema = FrontMatterForm.base_fields[name]
    editor = PageForm(relpath="a.md").fields[name]
    assert type(editor) is type(schema)
    assert (editor.label, editor.help_text, editor.required) == (
        schema.label,
        schema.help_text,
        schema.required,
    )
