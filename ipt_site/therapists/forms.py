"""The directory's filter form (GET). It never fails: unknown values are dropped and noted.

Every filter is listed once in FILTERS: its keyword in `filter_directory`, its name in
the address and its kind. The tidy query string, the chips and the response cache's key
are all made from that list, so a new filter cannot be half-added.
"""

from dataclasses import dataclass

from django import forms
from django.utils.http import urlencode

from . import fees
from .matching import MEET_CHOICES, Needs
from .models import ACCESS_FEATURES, START_FILTER

LOCATION_MAX = 80
TRUE_VALUES = {"1", "on", "true", "yes"}
FALSE_VALUES = {"", "0", "off", "false", "no"}
IGNORED_MESSAGE = "We ignored a filter value we did not recognise."

START_CHOICES = tuple((slug, label) for slug, (label, _) in START_FILTER.items())
FEE_CHOICES = tuple((str(step), f"Up to {fees.pounds(step)}") for step in fees.FEE_STEPS)
ACCESS_CHOICES = tuple((slug, label) for slug, (_, label) in ACCESS_FEATURES.items())


@dataclass(frozen=True)
class Filter:
    key: str  # keyword argument of filter_directory
    param: str  # name in the address
    kind: str  # "multi" (any of), "all" (every one of), "single", "flag" or "number"


# In the order of the tidy query string (the cache key): never reorder, only append.
FILTERS = (
    Filter("areas", "area", "multi"),
    Filter("formats", "format", "multi"),
    Filter("ages", "age", "multi"),
    Filter("language", "language", "single"),
    Filter("location", "location", "single"),
    Filter("start", "start", "single"),
    Filter("fee", "fee", "number"),
    Filter("concessions", "concessions", "flag"),
    Filter("insurer", "insurer", "single"),
    Filter("intro", "intro", "flag"),
    Filter("access", "access", "all"),
)
# An old address (?accepting=1) still works: it meant "taking new clients".
LEGACY_ACCEPTING = "2-months"


def flag(data, name):
    """(value, ignored) of a yes/no answer in a query string."""
    raw = (data.get(name) or "").strip().lower()
    if raw in TRUE_VALUES:
        return True, False
    return False, raw not in FALSE_VALUES


def no_filters():
    """The filters dict with nothing applied."""
    empty = {"multi": list, "all": list, "single": str, "flag": bool, "number": lambda: None}
    return {f.key: empty[f.kind]() for f in FILTERS}


class DirectoryFilterForm(forms.Form):
    area = forms.MultipleChoiceField(required=False, label="What you would like help with")
    format = forms.MultipleChoiceField(required=False, label="How to meet")
    age = forms.MultipleChoiceField(required=False, label="Who the sessions are for")
    language = forms.ChoiceField(required=False, label="Language")
    location = forms.CharField(required=False, max_length=LOCATION_MAX, label="Town or area")
    start = forms.ChoiceField(required=False, label="How soon", choices=START_CHOICES)
    fee = forms.TypedChoiceField(
        required=False, label="Most you can pay a session", choices=FEE_CHOICES, coerce=int
    )
    insurer = forms.ChoiceField(required=False, label="Health insurance")
    access = forms.MultipleChoiceField(
        required=False, label="Getting to the room", choices=ACCESS_CHOICES
    )

    LOOKUP_MULTI = ("area", "format", "age")

    def __init__(self, data, *, lookups):
        super().__init__(data)
        self.lookups = lookups
        for name in self.LOOKUP_MULTI:
            self.fields[name].choices = [(c.slug, c.name) for c in lookups[name]]
        for name in ("language", "insurer"):
            self.fields[name].choices = [("", "Any")] + [(c.slug, c.name) for c in lookups[name]]

    def _lenient_multi(self, name):
        valid = {slug for slug, _ in self.fields[name].choices}
        raw = self.data.getlist(name) if hasattr(self.data, "getlist") else []
        kept = [value for value in dict.fromkeys(raw) if value in valid]
        if name == "access":
            kept = [slug for slug in ACCESS_FEATURES if slug in kept]  # one order
        return kept, len(kept) < len([value for value in raw if value != ""])

    def filters(self):
        """The filters to apply, as keyword arguments of `filter_directory`.

        Sets `self.ignored` when any value had to be dropped.
        """
        self.is_valid()  # runs field validation; we read what survived
        cleaned = getattr(self, "cleaned_data", {})
        ignored = False
        result = no_filters()
        for spec in FILTERS:
            if spec.kind in ("multi", "all"):
                result[spec.key], dropped = self._lenient_multi(spec.param)
            elif spec.kind == "flag":
                result[spec.key], dropped = flag(self.data, spec.param)
            elif spec.param in self.errors:
                dropped = True
            else:
                value = cleaned.get(spec.param)
                if spec.kind == "number":
                    result[spec.key] = value or None
                else:
                    result[spec.key] = " ".join((value or "").split())
                dropped = False
            ignored |= dropped
        accepting, dropped = flag(self.data, "accepting")
        ignored |= dropped
        if accepting and not result["start"]:
            result["start"] = LEGACY_ACCEPTING
        self.ignored = ignored
        return result


def query_string(filters):
    """The filters as a tidy query string (only what was applied, in a stable order)."""
    pairs = []
    for spec in FILTERS:
        value = filters[spec.key]
        if spec.kind in ("multi", "all"):
            pairs += [(spec.param, item) for item in value]
        elif spec.kind == "flag":
            if value:
                pairs.append((spec.param, "1"))
        elif value:
            pairs.append((spec.param, str(value)))
    return urlencode(pairs)


def without(filters, key, value=None):
    """The filters with one removed: a whole filter (`key`), or one `value` of a list.

    A condition key of the form "access:step-free" (see `directory_conditions`) is read
    as key "access", value "step-free".
    """
    if value is None and ":" in key:
        key, value = key.split(":", 1)
    reduced = dict(filters)
    if value is not None and isinstance(filters[key], list):
        reduced[key] = [item for item in filters[key] if item != value]
    else:
        reduced[key] = no_filters()[key]
    return reduced


# --- "Find a therapist for me": one question a screen, answers carried in the address ---

TOWN_MAX = LOCATION_MAX


@dataclass(frozen=True)
class Step:
    key: str
    fields: tuple[str, ...]  # the answers this screen asks for
    title: str  # the question, as the page's title


FINDER_STEPS = (
    Step("area", ("area",), "Which of these feels closest to what is going on?"),
    Step("meet", ("meet", "town"), "How would you like to meet?"),
    Step("language", ("language",), "Which language would you like your sessions in?"),
    Step("start", ("start",), "How soon would you like to start?"),
    Step("money", ("budget", "insurer", "concessions"), "How would you pay?"),
    Step("extras", ("intro", "access"), "Would any of these help?"),
)
FINDER_FIELDS = tuple(name for step in FINDER_STEPS for name in step.fields)
FINDER_START_CHOICES = (
    ("2-weeks", "As soon as I can: within 2 weeks"),
    ("2-months", "Within a month or two"),
    ("waiting-list", "I can wait: a waiting list is fine"),
)


class FinderForm(forms.Form):
    """The answers so far, from the address. Like the directory's form it never fails:
    a value it does not know is dropped (and `ignored` set)."""

    area = forms.ChoiceField(required=False)
    meet = forms.ChoiceField(required=False)
    town = forms.CharField(required=False, max_length=TOWN_MAX)
    language = forms.ChoiceField(required=False)
    start = forms.ChoiceField(required=False, choices=FINDER_START_CHOICES)
    budget = forms.TypedChoiceField(required=False, choices=FEE_CHOICES, coerce=int)
    insurer = forms.ChoiceField(required=False)
    access = forms.MultipleChoiceField(required=False, choices=ACCESS_CHOICES)
    step = forms.TypedChoiceField(
        required=False,
        coerce=int,
        choices=[(str(n), n) for n in range(1, len(FINDER_STEPS) + 2)],
    )

    def __init__(self, data, *, lookups):
        super().__init__(data)
        self.fields["meet"].choices = list(MEET_CHOICES.items())
        for name, group in (("area", "area"), ("language", "language"), ("insurer", "insurer")):
            self.fields[name].choices = [(c.slug, c.name) for c in lookups[group]]

    def needs(self):
        """The answers as `matching.Needs`, and whether any value had to be dropped."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {}
        for name in ("area", "meet", "language", "start", "insurer"):
            values[name] = "" if name in self.errors else cleaned.get(name, "")
        values["town"] = "" if "town" in self.errors else " ".join(cleaned.get("town", "").split())
        values["budget"] = None if "budget" in self.errors else cleaned.get("budget") or None
        access = [] if "access" in self.errors else cleaned.get("access", [])
        values["access"] = tuple(key for key in ACCESS_FEATURES if key in access)
        ignored = any(name in self.errors for name in FINDER_FIELDS)
        for name in ("concessions", "intro"):
            values[name], dropped = flag(self.data, name)
            ignored |= dropped
        self.ignored = ignored
        return Needs(**values)

    def step_number(self):
        """1 for the first question; len(FINDER_STEPS) + 1 for the results."""
        return 1 if "step" in self.errors else self.cleaned_data.get("step") or 1


def answer_pairs(needs, *, leave_out=()):
    """The answers as (name, value) pairs for an address or hidden fields, in question
    order, without those in `leave_out` and without empty ones."""
    pairs = []
    for name in FINDER_FIELDS:
        if name in leave_out:
            continue
        value = getattr(needs, name)
        if isinstance(value, tuple):
            pairs += [(name, item) for item in value]
        elif value is True:
            pairs.append((name, "1"))
        elif value:
            pairs.append((name, str(value)))
    return pairs
