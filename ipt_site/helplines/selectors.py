"""The help lines as pages show them, read once per data version (never per page view).

`current()` is what templates, placeholders, the PDF and emails use. A page must never
lose its urgent help: if the rows cannot be read, it falls back to the emergency route
and Samaritans (FALLBACK below) and logs the error.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.db import DatabaseError

from ipt_site.pagecache import per_data_version

from .models import Grade, Helpline, Nation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Line:
    key: str
    name: str
    detail: str
    phone: str = ""
    phone_how: str = ""
    text_number: str = ""
    text_message: str = ""
    website: str = ""
    hours: str = ""
    cost: str = ""
    nations: tuple[str, ...] = tuple(Nation.labels)
    grade: str = ""

    @property
    def nations_label(self) -> str:
        """'' for all of the UK, else 'England', 'England and Wales', 'A, B and C'."""
        if len(self.nations) == len(Nation):
            return ""
        if len(self.nations) == 1:
            return self.nations[0]
        return f"{', '.join(self.nations[:-1])} and {self.nations[-1]}"

    @property
    def when(self) -> str:
        """Cost and hours as a sentence: 'Free, any time, day or night.'"""
        words = ", ".join(part for part in (self.cost, self.hours) if part)
        return f"{words[:1].upper()}{words[1:]}." if words else ""

    @property
    def number(self) -> str:
        return self.phone or self.text_number

    @property
    def how(self) -> str:
        """In words, for email and PDF: 'call 111 and choose the mental health option'.
        (Pages use includes/helpline_how.html, which makes the numbers links.)"""
        ways = []
        if self.phone:
            ways.append(f"call {self.phone}" + (f" and {self.phone_how}" if self.phone_how else ""))
        if self.text_number:
            word = f"{self.text_message} to " if self.text_message else ""
            ways.append(f"text {word}{self.text_number}")
        return ", or ".join(ways)


@dataclass(frozen=True)
class Part:
    """One grade of the urgent-help panel: its heading, what it is for and its lines."""

    grade: str
    heading: str
    intro: str
    lines: tuple[Line, ...]


# The panel's graded advice. The wording is fixed here; the services come from the rows.
GRADES = (
    (
        Grade.EMERGENCY,
        "If a life is in danger",
        "Call now if you or someone else might die or be badly hurt, or if you have "
        "harmed yourself. You can also go straight to A&E.",
    ),
    (
        Grade.URGENT,
        "If you need help today",
        "If you do not feel safe, or you feel you cannot cope, call the NHS line for where "
        "you live, day or night. You can also ask your GP practice to see you today.",
    ),
    (
        Grade.SUPPORT,
        "If you want to talk to someone",
        "These services are free and confidential. You do not need to be in crisis to use them.",
    ),
)


@dataclass(frozen=True)
class Helplines:
    lines: tuple[Line, ...]
    by_key: dict = field(compare=False)
    parts: tuple[Part, ...] = field(compare=False)
    digest: str = ""
    # False for the built-in FALLBACK, shown when the rows could not be read.
    from_rows: bool = True

    @property
    def emergency(self) -> Line | None:
        return next((line for line in self.lines if line.grade == Grade.EMERGENCY), None)

    @property
    def urgent(self) -> tuple[Line, ...]:
        """The NHS urgent lines, one for each nation: what to do today."""
        return tuple(line for line in self.lines if line.grade == Grade.URGENT)


def build(lines, from_rows: bool = True) -> Helplines:
    lines = tuple(lines)
    parts = tuple(
        Part(grade, heading, intro, graded)
        for grade, heading, intro in GRADES
        if (graded := tuple(line for line in lines if line.grade == grade))
    )
    digest = hashlib.blake2b(repr(lines).encode(), digest_size=10).hexdigest()
    by_key = {line.key: line for line in lines}
    return Helplines(lines=lines, by_key=by_key, parts=parts, digest=digest, from_rows=from_rows)


def _line(row: Helpline) -> Line:
    return Line(
        key=row.key,
        name=row.name,
        detail=row.detail,
        phone=row.phone,
        phone_how=row.phone_how,
        text_number=row.text_number,
        text_message=row.text_message,
        website=row.website,
        hours=row.hours,
        cost=row.cost,
        nations=tuple(row.nations),
        grade=row.grade,
    )


@per_data_version
def _from_rows() -> Helplines:
    return build(_line(row) for row in Helpline.objects.all())


# Shown only when the rows cannot be read (a database outage, a database not yet
# migrated): the emergency route and one line to talk to, both UK-wide.
FALLBACK = build(
    [
        Line(
            key="emergency",
            name="Emergency services",
            detail="if a life is in danger or you have harmed yourself",
            phone="999",
            cost="free",
            hours="any time",
            grade=Grade.EMERGENCY,
        ),
        Line(
            key="samaritans",
            name="Samaritans",
            detail="to talk about anything that is troubling you",
            phone="116 123",
            website="https://www.samaritans.org/",
            cost="free",
            hours="any time",
            grade=Grade.SUPPORT,
        ),
    ],
    from_rows=False,
)


_warned: list[bool] = []


def current(request=None) -> Helplines:
    """The help lines now. Never raises: urgent help must reach every page."""
    try:
        found = _from_rows(request)
    except DatabaseError as exc:  # down, or not migrated yet (a `migrate` runs the checks)
        if not _warned:  # once a process: a content check asks for every page
            _warned.append(True)
            logger.warning("Help lines could not be read (%s); showing the built-in ones", exc)
        return FALLBACK
    except Exception:  # any other failure: still show the fallback, never a 500
        logger.exception("Help lines could not be read; showing the built-in emergency routes")
        return FALLBACK
    if found.emergency is None:
        logger.error("No emergency route in the help lines; adding the built-in one")
        return build((FALLBACK.emergency, *found.lines))
    return found
