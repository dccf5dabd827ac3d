"""A page's problems as the editor's forms show them: by field, in the form's words."""

import re

from ipt_site.pages import meta as meta_module
from ipt_site.pages.meta import ERROR


def body_line_offset(text: str) -> int:
    """File line number minus this = line number in the page text box."""
    body, start = meta_module.split_body(text)
    return start + (len(body) - len(body.lstrip("\n"))) - 1


# Messages that explain the file's layout, said as the form's field asks for it instead.
IN_FORM_WORDS = {
    "W007": "No sources yet: add the sources this page is based on, one on each line, "
    "like “Author (year). Title.”",
}
_FIELD_NAME = re.compile(r"'([a-z_]+)'")


def in_form_words(problem, fields) -> str:
    """A problem as staff read it in the form: the file's field names become the labels
    they see ('next_review' is “Next review due”)."""
    if problem.code in IN_FORM_WORDS and problem.field in fields:
        return IN_FORM_WORDS[problem.code]

    def label(match):
        field = fields.get(match.group(1))
        return f"“{field.label}”" if field is not None and field.label else match.group(0)

    return _FIELD_NAME.sub(label, problem.message)


def notes_for(problems, text: str, fields, *, whole_file: bool = False) -> tuple[dict, list]:
    """Problems as messages by form field (body lines counted in the text box), and the
    ones that belong to no field. With `whole_file` the form's "text" box holds the whole
    file: every problem is about it, numbered by the file's lines."""
    box = "text" if whole_file else "body"
    offset = 0 if whole_file else body_line_offset(text)
    by_field: dict[str, list] = {}
    general = []
    for problem in problems:
        message = in_form_words(problem, fields)
        message = f"{message} {problem.hint}" if problem.hint else message
        target = box if whole_file else (problem.field if problem.field in fields else "")
        if target == box and problem.line and problem.line > offset:
            message = f"Line {problem.line - offset}: {message}"
        elif not target and problem.line:
            message = f"Line {problem.line} of the file: {message}"
        note = {"level": problem.level, "message": message}
        (by_field.setdefault(target, []) if target else general).append(note)
    return by_field, general


def add_problem_errors(form, problems, text: str, *, whole_file: bool = False) -> None:
    """The one way the problems a save was refused for become form errors: each error on
    its field (in the form's words, body lines counted in the text box), the rest on the
    whole form. Warnings are not errors: the page shows them as notes."""
    errors = [problem for problem in problems if problem.level == ERROR]
    by_field, general = notes_for(errors, text, form.fields, whole_file=whole_file)
    for name, notes in by_field.items():
        form.add_error(name, [note["message"] for note in notes])
    for note in general:
        form.add_error(None, note["message"])
