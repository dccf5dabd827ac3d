"""The help lines' placeholders, registered with the content engine from `ready()`.

- `[[urgent_help]]` alone in its paragraph: the graded crisis routes, as in the panel.
- `[[signpost_cruse]]`: a help line's name, website, number, hours and where it serves.
- `[[number_samaritans]]`: the number alone, as a link, for a sentence.

A page names a help line this way and never types its number (content rule E020,
`rules.py`), so a number changed in the admin reaches every page.
"""

from django.template.loader import render_to_string

from ipt_site.pages import placeholders

from .selectors import current
from .templatetags.helpline_tags import number_link

URGENT_HELP_BLOCK = "urgent_help"
SIGNPOST_PREFIX = "signpost_"
NUMBER_PREFIX = "number_"


def urgent_help_block() -> str:
    return render_to_string(
        "includes/helplines.html", {"urgent_help": current(), "inline": True}
    ).strip()


def _line_html(render):
    """A help line by key as trusted HTML (the templates escape the rows' values)."""

    def html(key: str) -> str | None:
        line = current().by_key.get(key)
        return render(line) if line is not None else None

    return html


def _signpost(line) -> str:
    return render_to_string("includes/signpost.html", {"line": line}).strip()


def _keys():
    return list(current().by_key)


def _from_rows() -> bool:
    # Without the rows (no database yet) the built-in lines stand in: a help line's name
    # cannot be judged then.
    return current().from_rows


def register() -> None:
    placeholders.register_block(URGENT_HELP_BLOCK, urgent_help_block)
    for prefix, render in ((SIGNPOST_PREFIX, _signpost), (NUMBER_PREFIX, number_link)):
        placeholders.register_family(prefix, _keys, _line_html(render), _from_rows)
