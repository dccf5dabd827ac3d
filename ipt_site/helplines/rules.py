"""The content rule: a page never types a crisis or help line number.

Numbers change (a new NHS line, a charity's new number), and a number typed into a page
would stay wrong after staff fix the row in the admin. So pages name help lines with
placeholders instead, and `make check-content`, `manage.py check` and the editor report
a typed number as an error (content.E020), with the placeholder to use. The rule is
registered with the content engine from `HelplinesConfig.ready()`.
"""

import re
from dataclasses import dataclass

from ipt_site.pages.meta import ERROR, Problem, split_body

from .selectors import current

# Always crisis numbers, whatever the rows say: 999 and 112 (emergency), 111 (NHS urgent
# care in England, Scotland and Wales), 116 123 (Samaritans), 85258 (Shout), 0800 1111
# (Childline), 0808 808 8000 (Lifeline).
ALWAYS = ("999", "112", "111", "116 123", "85258", "0800 1111", "0808 808 8000")
# Not a number in a sentence: part of a longer number, a price, an address or a link.
_BEFORE = r"(?<![\d/.£,\-#=:?&])"
_AFTER = r"(?!\d|[.,]\d|/)"
_PLACEHOLDER = re.compile(r"\[\[[^\]]*\]\]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>]*>|https?://\S+")


@dataclass(frozen=True)
class TypedNumber:
    number: str  # as written on the page
    key: str  # the help line it belongs to, or "" for a crisis number with no row
    line: int  # 0-based line of the text it is on


def _pattern(number: str) -> str:
    digits = [d for d in number if d.isdigit()]
    return r"[ \u00a0-]?".join(digits)


def numbers() -> dict[str, str]:
    """Digits -> help line key, for every number the site knows."""
    known = {"".join(ch for ch in n if ch.isdigit()): "" for n in ALWAYS}
    for line in current().lines:
        for number in (line.phone, line.text_number):
            if number:
                digits = "".join(ch for ch in number if ch.isdigit())
                known[digits] = known.get(digits) or line.key
    return known


def typed_numbers(text: str) -> list[TypedNumber]:
    """Every crisis or help line number typed into `text` (placeholders and link targets
    are not text a reader sees typed)."""
    known = numbers()
    # Longest first, so 0808 808 8000 is found whole rather than as a shorter number.
    alternatives = sorted(known, key=len, reverse=True)
    found = re.compile(_BEFORE + "(" + "|".join(_pattern(d) for d in alternatives) + ")" + _AFTER)
    result = []
    for number, text_line in enumerate(text.splitlines()):
        visible = _LINK_TARGET.sub(" ", _PLACEHOLDER.sub(" ", text_line))
        for match in found.finditer(visible):
            digits = "".join(ch for ch in match[1] if ch.isdigit())
            result.append(TypedNumber(match[1], known.get(digits, ""), number))
    return result


def crisis_number_problems(subject) -> list[Problem]:
    """A crisis or help line number typed into the body, where a placeholder must be."""
    body, start = split_body(subject.text)
    problems = []
    for found in typed_numbers(body):
        use = (
            f"[[number_{found.key}]] for the number alone, [[signpost_{found.key}]] for the "
            "whole service, or "
            if found.key
            else ""
        )
        problems.append(
            Problem(
                ERROR,
                f"The number {found.number} is typed into the page. Crisis and help line "
                "numbers are kept in one place (the admin's Help lines) so a change reaches "
                f"every page: write {use}[[urgent_help]] for all the crisis routes.",
                start + found.line,
                "E020",
                "body",
            )
        )
    return problems
