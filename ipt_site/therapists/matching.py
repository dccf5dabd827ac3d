"""“Find a therapist for me”: which therapists fit a person's answers, and why.

Plain data and pure functions, no database: the selector (`selectors.match_candidates`)
turns each published therapist into a `Candidate` of facts; `shortlist` ranks them and
says, in words, what fits and what does not. Nothing here is stored.

Each answered question is a criterion with a weight (how much it matters when nothing
fits everything). A therapist fits exactly when no answered criterion is missed.
"""

import heapq
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


@dataclass(frozen=True, slots=True)
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


# --- Which answers fit: numbers only, fast enough for every therapist in the directory ---


def _in_person_fits(needs: Needs, c: Candidate) -> bool:
    return c.in_person and (c.near or not needs.town)


def _within_budget(needs: Needs, c: Candidate) -> bool:
    return bool(needs.budget) and c.fee_min is not None and c.fee_min <= needs.budget


def checks(needs: Needs, c: Candidate):
    """(criterion, met, detail) for each answered question, in the order of the questions.

    Availability always counts: "not taking anyone" never fits, whatever was asked.
    """
    found = []
    if needs.area:
        found.append(("area", c.works_with_area, None))
    if needs.meet == "in-person":
        found.append(("meet", _in_person_fits(needs, c), None))
    elif needs.meet == "online":
        found.append(("meet", c.online, None))
    elif needs.meet == "either":
        found.append(("meet", _in_person_fits(needs, c) or c.online, None))
    if needs.language:
        found.append(("language", c.speaks, None))
    latest = START_FILTER[needs.start][1] if needs.start else Availability.WAITING_LIST
    found.append(("start", c.availability <= latest, None))
    if needs.budget or needs.insurer:
        insured = bool(needs.insurer) and c.takes_insurer
        found.append(("money", _within_budget(needs, c) or insured, None))
    if needs.concessions:
        found.append(("concessions", c.concessions, None))
    if needs.intro:
        found.append(("intro", c.intro_call, None))
    if needs.meet != "online":
        found += [("access", feature in c.access, feature) for feature in needs.access]
    return found


def rank_key(needs: Needs, c: Candidate):
    """Exact fits first; then the most that matters; then, among equals, confirmed lately,
    soonest start and the practice's own order."""
    misses = score = 0
    for name, met, _ in checks(needs, c):
        if met:
            score += WEIGHTS[name]
        else:
            misses += 1
    return (misses > 0, -score, not c.confirmed_lately, c.availability, c.display_order, c.name)


# --- The same answers in words, for the few shown -----------------------------------------


def _status_words(availability: int) -> str:
    label = Availability(availability).label
    return label[0].lower() + label[1:]


def _words(name, detail, needs: Needs, c: Candidate, names: Names):
    """(when it fits, when it does not) for one criterion."""
    if name == "area":
        area = names.areas.get(needs.area, needs.area).lower()
        return f"works with {area}", f"does not list {area}"
    if name == "meet":
        where = f"in person in {c.location}" if c.location else "in person"
        town = c.location or "another town"
        elsewhere = f"sees people in person in {town}, not near {needs.town}"
        if needs.meet == "online":
            return "online", "does not offer online sessions"
        if needs.meet == "in-person":
            no = elsewhere if c.in_person else "does not see people in person"
            return where, no
        ways = [way for way, ok in ((where, _in_person_fits(needs, c)), ("online", c.online)) if ok]
        return " or ".join(ways), elsewhere if c.in_person else "does not say how they see people"
    if name == "language":
        language = names.languages.get(needs.language, needs.language)
        return f"speaks {language}", f"does not list {language}"
    if name == "start":
        status = _status_words(c.availability)
        if not c.confirmed_lately:
            status += " (not confirmed lately)"
        return status, status
    if name == "money":
        fee = fees.fee_text(c.fee_min, c.fee_max)
        insurer = names.insurers.get(needs.insurer, needs.insurer)
        within, insured = _within_budget(needs, c), bool(needs.insurer) and c.takes_insurer
        met = ([fee] if within else []) + ([f"takes {insurer}"] if insured else [])
        unmet = []
        if needs.budget and not within:
            over = f"{fee}, more than {fees.pounds(needs.budget)}" if fee else ""
            if fee and c.concessions:
                over += " (lower fees offered)"
            unmet.append(over or "does not list a fee")
        if needs.insurer and not insured:
            unmet.append(f"does not take {insurer}")
        return " and ".join(met), " and ".join(unmet)
    if name == "concessions":
        return "offers lower fees", "does not offer lower fees"
    if name == "intro":
        return f"free {c.intro_call_minutes}-minute introductory call", "no free introductory call"
    words = ACCESS_FEATURES[detail][1].lower()
    return words, f"no {words} listed"


def _fee_fact(name, met, needs: Needs, c: Candidate) -> str:
    """The fee, as a fact worth knowing, where the answers did not already say it: after
    the start date when nothing was asked about paying, or after the insurer it would be
    paid by."""
    paying = bool(needs.budget or needs.insurer)
    if (name == "start" and not paying) or (
        name == "money" and met and not _within_budget(needs, c)
    ):
        return fees.fee_text(c.fee_min, c.fee_max)
    return ""


def assess(needs: Needs, c: Candidate, names: Names) -> Assessment:
    """What fits and what does not, for one therapist, in words."""
    fits, misses, score = [], [], 0
    for name, met, detail in checks(needs, c):
        yes, no = _words(name, detail, needs, c, names)
        if met:
            fits.append(yes)
            score += WEIGHTS[name]
        else:
            misses.append(no)
        fact = _fee_fact(name, met, needs, c)
        if fact:
            fits.append(fact)
    return Assessment(c, tuple(fits), tuple(misses), score)


@dataclass(frozen=True)
class Shortlist:
    exact: tuple[Assessment, ...]  # fit everything the person asked for
    nearest: tuple[Assessment, ...]  # the closest of the rest, each with what does not fit


def shortlist(needs: Needs, candidates: Iterable[Candidate], names: Names) -> Shortlist:
    """Up to SHORTLIST_SIZE therapists: those who fit everything first, then the nearest.

    Every therapist is ranked by numbers alone; only the chosen few are put into words.
    """
    best = heapq.nsmallest(SHORTLIST_SIZE, candidates, key=lambda c: rank_key(needs, c))
    chosen = [assess(needs, c, names) for c in best]
    return Shortlist(
        exact=tuple(a for a in chosen if a.exact),
        nearest=tuple(a for a in chosen if not a.exact),
    )
