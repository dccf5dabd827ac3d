"""A page's problems as the editor's forms show them: by field, in the form's words."""

import re

from ipt_site.pages import meta as meta_module


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


def notes_for(problems, text: str, fields) -> tuple[dict, list]:
    """Problems as messages by form field (body lines counted in the text box), and the
    ones that belong to no field."""
    offset = body_line_offset(text)
    by_field: dict[str, list] = {}
    general = []
    for problem in problems:
        message = in_form_words(problem, fields)
        message = f"{message} {problem.hint}" if problem.hint else message
        target = problem.field if problem.field in fields else ""
        if target == "body" and problem.line and problem.line > offset:
            message = f"Line {problem.line - offset}: {message}"
        elif not target and problem.line:
            message = f"Line {problem.line} of the file: {message}"
        note = {"level": problem.level, "message": message}
        (by_field.setdefault(target, []) if target else general).append(note)
    return by_field, general
