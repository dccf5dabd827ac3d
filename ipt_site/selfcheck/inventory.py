"""The relationships worksheet as plain data and small pure functions: no Django, no storage.

IPT's first sessions include an interpersonal inventory: a look at the people who matter in
a person's life, what is good and hard about each bond, and what they would like to change
(Weissman, Markowitz & Klerman 2018). Some therapists draw it as a closeness circle: the
person in the middle, the people closest to them in the inner ring, others further out.
This module holds the worksheet's limits and the geometry of that drawing; the same numbers
are in static/js/my-relationships.js, which draws it live in the browser.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

MAX_PEOPLE = 12
# Rows shown open on the form; the rest sit under "Add more people" (a <details>).
OPEN_ROWS = 4
NAME_MAX = 40
TEXT_MAX = 500
NOTES_MAX = 1000


@dataclass(frozen=True)
class Circle:
    key: str
    label: str  # "Inner circle"
    hint: str  # who belongs there, in plain words
    ring: int  # outer radius of the ring in the drawing; its name sits just inside it
    band: int  # radius the numbered dots sit on, clear of the name


CIRCLES = (
    Circle("inner", "Inner circle", "the people you feel closest to", 120, 78),
    Circle("middle", "Middle circle", "people who matter, but you are not as close", 205, 160),
    Circle("outer", "Outer circle", "people you know less well, or feel far from now", 290, 245),
)
CIRCLES_BY_KEY = {circle.key: circle for circle in CIRCLES}
CIRCLE_CHOICES = tuple((circle.key, circle.label) for circle in CIRCLES)

# The drawing: a square viewBox with "You" in the middle.
SIZE = 600
CENTRE = SIZE // 2
YOU_RADIUS = 38
DOT_RADIUS = 19
# Each ring starts at a different angle so dots in neighbouring rings do not line up.
START_DEGREES = {"inner": -90.0, "middle": -70.0, "outer": -50.0}


@dataclass(frozen=True)
class Person:
    number: int  # 1-based, the same on the form, the drawing and the summary
    name: str
    circle: str  # a Circle key
    good: str = ""
    hard: str = ""
    change: str = ""

    @property
    def circle_label(self) -> str:
        return CIRCLES_BY_KEY[self.circle].label


@dataclass(frozen=True)
class Dot:
    number: int
    name: str
    x: float
    y: float


def dots(people: Sequence[Person]) -> list[Dot]:
    """Where each person's numbered dot sits: evenly spaced round the middle of their ring."""
    placed = []
    for circle in CIRCLES:
        members = [person for person in people if person.circle == circle.key]
        for i, person in enumerate(members):
            angle = math.radians(START_DEGREES[circle.key] + 360.0 * i / len(members))
            placed.append(
                Dot(
                    number=person.number,
                    name=person.name,
                    x=round(CENTRE + circle.band * math.cos(angle), 1),
                    y=round(CENTRE + circle.band * math.sin(angle), 1),
                )
            )
    return sorted(placed, key=lambda dot: dot.number)


def by_circle(people: Sequence[Person]) -> list[tuple[Circle, list[Person]]]:
    """Each circle with the people placed in it, in the order they were listed."""
    return [(circle, [p for p in people if p.circle == circle.key]) for circle in CIRCLES]


def description(people: Sequence[Person]) -> str:
    """The drawing in words, for its text alternative."""
    parts = []
    for circle, members in by_circle(people):
        names = ", ".join(person.name for person in members) or "nobody yet"
        parts.append(f"{circle.label}: {names}.")
    return "You are in the middle. " + " ".join(parts)
