"""“Find a therapist for me”: which therapists fit a person's answers, and why.

Plain data and pure functions, no database: the selector (`selectors.match_candidates`)
turns each published therapist into a `Candidate` of facts; `shortlist` ranks them and
says, in words, what fits and what does not. Nothing here is stored.

Each answered question is a criterion with a weight (how much it matters when nothing
fits everything). A therapist fits exactly when no answered criterion is missed.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import fees
from .models import ACCESS_FEATURES, START_FILTER, Availability

SHORTLIST_SIZE = 5
MEET_CHOICES = {
    "in-person": "In person",
    "online": "Online",
    "either": "Either is fine",
}
WEIGHTS = {
    "area": 4,
    "meet": 3,
    "language": 3,
    "start": 2,
    "money": 2,  # within the budget, or takes the insurer
    "concessions": 1,
    "intro": 1,
    "access": 1,  # each feature
}


@dataclass(frozen=True)
class Needs:
    """What the person told us. Empty values mean "not asked" or "no preference"."""

    area: str = ""  # a problem-area slug
    meet: str = ""  # a MEET_CHOICES key
    town: str = ""
    language: str = ""  # a language slug
    start: str = ""  # a START_FILTER key
    budget: int | None = None  # the most they can pay a session, in pounds
    insurer: str = ""  # an insurer slug
    concessions: bool = False  # they need a lower fee
    intro: bool = False  # they would like a free introductory call first
    access: tuple[str, ...] = ()  # ACCESS_FEATURES keys


@dataclass(frozen=True)
class Candidate:
    """One published therapist, as facts about the person's answers."""

    pk: int
    name: str
    display_order: int
    availability: int
    confirmed_lately: bool
    location: str = ""
    works_with_area: bool = False
    in_person: bool = False
    online: bool = False
    near: bool = False  # their location matches the person's town
    speaks: bool = False  # the language asked for
    takes_insurer: bool = False  # the insurer asked for
    fee_min: int | None = None
    fee_max: int | None = None
    concessions: bool = False
    intro_call: bool = False
    intro_call_minutes: int = 15
    access: frozenset = frozenset()  # ACCESS_FEATURES keys


@dataclass(frozen=True)
class Names:
    """The words for the slugs in Needs: {slug: name} for areas, languages, insurers."""

    areas: Mapping[str, str] = field(default_factory=dict)
    languages: Mapping[str, str] = field(default_factory=dict)
    insurers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    candidate: Candidate
    fits: tuple[str, ...]  # reasons, in the order of the questions
    misses: tuple[str, ...]  # what does not fit, in plain words
    score: int

    @property
    def exact(self) -> bool:
        return not self.misses

    @property
    def sort_key(self):
        c = self.candidate
        return (
            not self.exact,
            -self.score,
            not c.confirmed_lately,
            c.availability,
            c.display_order,
            c.name,
        )


def _status_words(availability: int) -> str:
    label = Availability(availability).label
    return label[0].lower() + label[1:]


def assess(needs: Needs, c: Candidate, names: Names) -> Assessment:
    """What fits and what does not, for one therapist."""
    fits, misses, score = [], [], 0

    def criterion(name, met, yes, no, weight=None):
        nonlocal score
        if met:
            fits.append(yes)
            score += WEIGHTS[name] if weight is None else weight
        else:
            misses.append(no)

    if needs.area:
        area = names.areas.get(needs.area, needs.area).lower()
        criterion("area", c.works_with_area, f"works with {area}", f"does not list {area}")

    where = f"in person in {c.location}" if c.location else "in person"
    in_person_fits = c.in_person and (c.near or not needs.town)
    if needs.meet == "in-person":
        if c.in_person and not in_person_fits:
            no = f"sees people in person in {c.location or 'another town'}, not near {needs.town}"
        else:
            no = "does not see people in person"
        criterion("meet", in_person_fits, where, no)
    elif needs.meet == "online":
        criterion("meet", c.online, "online", "does not offer online sessions")
    elif needs.meet == "either":
        ways = [way for way, ok in ((where, in_person_fits), ("online", c.online)) if ok]
        if c.in_person:
            no = f"sees people in person in {c.location or 'another town'}, not near {needs.town}"
        else:
            no = "does not say how they see people"
        criterion("meet", bool(ways), " or ".join(ways), no)

    if needs.language:
        language = names.languages.get(needs.language, needs.language)
        criterion("language", c.speaks, f"speaks {language}", f"does not list {language}")

    # Availability always counts: "not taking anyone" never fits, whatever was asked.
    latest = START_FILTER[needs.start][1] if needs.start else Availability.WAITING_LIST
    status = _status_words(c.availability)
    if not c.confirmed_lately:
        status += " (not confirmed lately)"
    criterion("start", c.availability <= latest, status, status)

    # Paying: a fee within the budget, or an insurer they take (either will do).
    fee = fees.fee_text(c.fee_min, c.fee_max)
    insurer = names.insurers.get(needs.insurer, needs.insurer)
    within = bool(needs.budget) and c.fee_min is not None and c.fee_min <= needs.budget
    insured = bool(needs.insurer) and c.takes_insurer
    if needs.budget or needs.insurer:
        met = [fee] if within else []
        met += [f"takes {insurer}"] if insured else []
        unmet = []
        if needs.budget and not within:
            if not fee:
                unmet.append("does not list a fee")
            else:
                unmet.append(f"{fee}, more than {fees.pounds(needs.budget)}")
                if c.concessions:
                    unmet[-1] += " (lower fees offered)"
        if needs.insurer and not insured:
            unmet.append(f"does not take {insurer}")
        criterion("money", bool(met), " and ".join(met), " and ".join(unmet))
        if met and fee and not within:
            fits.append(fee)
    elif fee:
        fits.append(fee)  # a fact worth knowing, whatever the budget

    if needs.concessions:
        criterion("concessions", c.concessions, "offers lower fees", "does not offer lower fees")
    if needs.intro:
        criterion(
            "intro",
            c.intro_call,
            f"free {c.intro_call_minutes}-minute introductory call",
            "no free introductory call",
        )
    if needs.meet != "online":
        for feature in needs.access:
            words = ACCESS_FEATURES[feature][1]
            criterion("access", feature in c.access, words.lower(), f"no {words.lower()} listed")

    return Assessment(c, tuple(fits), tuple(misses), score)


@dataclass(frozen=True)
class Shortlist:
    exact: tuple[Assessment, ...]  # fit everything the person asked for
    nearest: tuple[Assessment, ...]  # the closest of the rest, each with what does not fit


def shortlist(needs: Needs, candidates: Iterable[Candidate], names: Names) -> Shortlist:
    """Up to SHORTLIST_SIZE therapists: those who fit everything first, then the nearest."""
    ranked = sorted((assess(needs, c, names) for c in candidates), key=lambda a: a.sort_key)
    chosen = ranked[:SHORTLIST_SIZE]
    return Shortlist(
        exact=tuple(a for a in chosen if a.exact),
        nearest=tuple(a for a in chosen if not a.exact),
    )
