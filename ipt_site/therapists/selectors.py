"""Reads for the directory pages: the lookup vocabularies and the filtered listing."""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Q,
    Value,
    When,
    prefetch_related_objects,
)

from .forms import without
from .matching import Candidate
from .models import (
    ACCESS_FEATURES,
    DIRECTORY_ORDER,
    IN_PERSON,
    ONLINE,
    AgeGroup,
    Insurer,
    Language,
    ProblemArea,
    SessionFormat,
    Therapist,
    availability_current_q,
)

PER_PAGE = 12
# The therapist's own columns that the matcher reads as they are.
CANDIDATE_COLUMNS = (
    "pk",
    "name",
    "display_order",
    "availability",
    "location",
    "fee_min",
    "fee_max",
    "concessions",
    "intro_call",
    "intro_call_minutes",
)
ACCESS_FIELDS = {key: field for key, (field, _) in ACCESS_FEATURES.items()}
# With this many results or fewer, the directory says which single filter to drop for more.
FEW_RESULTS = 3
# What a directory card shows; the biography and email stay in the database.
CARD_DEFERRED = ("biography", "email", "registration_number", "ipt_level_other")


@dataclass(frozen=True)
class Choice:
    slug: str
    name: str


def _choices(model):
    return [Choice(slug, name) for slug, name in model.objects.values_list("slug", "name")]


def directory_lookups():
    """The five vocabularies the filter form offers: one small query each."""
    return {
        "area": _choices(ProblemArea),
        "format": _choices(SessionFormat),
        "age": _choices(AgeGroup),
        "language": _choices(Language),
        "insurer": _choices(Insurer),
    }


def card_queryset():
    return (
        Therapist.objects.published()
        .defer(*CARD_DEFERRED)
        .prefetch_related("formats")
        .order_by(*DIRECTORY_ORDER)
    )


class ConfirmedFirst:
    """The directory's results: current availability first, then the stale ones.

    Each part is its own query in the listing index's order (DIRECTORY_ORDER), so a
    page is still read from the index and stops after one page of rows; ordering by a
    "confirmed lately" expression instead would sort every matching row. For Django's
    Paginator it is a sequence: count() is one query (both parts' sizes at once), a page
    is one query (two where it straddles the parts) and one prefetch query.
    """

    def __init__(self, queryset, today=None):
        current = availability_current_q(today)
        self._lookups = queryset._prefetch_related_lookups
        plain = queryset.prefetch_related(None)
        self.current = plain.filter(current)
        self.stale = plain.exclude(current)
        self._queryset = queryset
        self._current_q = current
        self._sizes = None

    def _count_parts(self):
        if self._sizes is None:
            sizes = self._queryset.order_by().aggregate(
                total=Count("pk"), current=Count("pk", filter=self._current_q)
            )
            self._sizes = (sizes["current"], sizes["total"])
        return self._sizes

    def count(self):
        return self._count_parts()[1]

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("ConfirmedFirst supports plain slices only, as Paginator uses.")
        current, total = self._count_parts()
        start, stop, _ = index.indices(total)
        rows = []
        if start < current:
            rows += list(self.current[start : min(stop, current)])
        if stop > current:
            rows += list(self.stale[max(start, current) - current : stop - current])
        if rows and self._lookups:
            prefetch_related_objects(rows, *self._lookups)
        return rows


def directory_results(filters, today=None):
    return ConfirmedFirst(card_queryset().filter_directory(**filters), today)


def loosened_counts(filters):
    """How many published therapists match when each applied filter is left out, one at
    a time: {condition key: count} (see `directory_conditions`), in one query however
    many filters there are."""

    def match_all(reduced):
        return Q(*Therapist.objects.directory_conditions(**reduced).values())

    units = list(Therapist.objects.directory_conditions(**filters))
    if not units:
        return {}
    aliases = {
        f"without_{number}": Count("pk", filter=match_all(without(filters, unit)))
        for number, unit in enumerate(units)
    }
    found = Therapist.objects.published().order_by().aggregate(**aliases)
    return {unit: found[f"without_{number}"] for number, unit in enumerate(units)}


def therapists_for_area(area_slug, limit=4):
    """Published therapists who work with a problem area in the directory's order: those
    who confirmed their availability lately first, then soonest start."""
    current_first = Case(
        When(availability_current_q(), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        card_queryset()
        .filter_directory(areas=[area_slug])
        .order_by(current_first, *DIRECTORY_ORDER)[:limit]
    )


def _linked_ids(relation, slugs):
    """{slug: ids of therapists linked to it through `relation`}: one query on the link
    table, none when nothing was asked."""
    slugs = [slug for slug in slugs if slug]
    if not slugs:
        return {}
    field = Therapist._meta.get_field(relation)
    target = field.related_model._meta.model_name
    rows = field.remote_field.through.objects.filter(**{f"{target}__slug__in": slugs})
    found = {slug: set() for slug in slugs}
    for therapist_id, slug in rows.values_list("therapist_id", f"{target}__slug"):
        found[slug].add(therapist_id)
    return found


def match_candidates(needs, today=None):
    """Every published therapist as a `matching.Candidate`, whatever the size of the
    directory: one query for the therapists' own columns and one per linked answer (session
    formats always; area, language and insurer when asked), each reading a link table's
    index. (Correlated EXISTS for each row was six times slower at 5,000 therapists.)"""
    formats = _linked_ids("formats", [IN_PERSON, ONLINE])
    area = _linked_ids("problem_areas", [needs.area]).get(needs.area, set())
    speaks = _linked_ids("languages", [needs.language]).get(needs.language, set())
    insured = _linked_ids("insurers", [needs.insurer]).get(needs.insurer, set())
    in_person, online = formats.get(IN_PERSON, set()), formats.get(ONLINE, set())
    town = needs.town.casefold()
    current = ExpressionWrapper(availability_current_q(today), output_field=BooleanField())
    rows = (
        Therapist.objects.published()
        .annotate(current=current)
        .order_by()
        .values_list(*CANDIDATE_COLUMNS, "current", *ACCESS_FIELDS.values())
    )
    own = len(CANDIDATE_COLUMNS)
    candidates = []
    for row in rows:
        values = dict(zip(CANDIDATE_COLUMNS, row[:own], strict=True))
        pk, current, flags = values["pk"], row[own], row[own + 1 :]
        candidates.append(
            Candidate(
                **values,
                confirmed_lately=current,
                works_with_area=pk in area,
                in_person=pk in in_person,
                online=pk in online,
                near=bool(town) and town in values["location"].casefold(),
                speaks=pk in speaks,
                takes_insurer=pk in insured,
                access=frozenset(key for key, on in zip(ACCESS_FIELDS, flags, strict=True) if on),
            )
        )
    return candidates


def cards_by_pk(pks):
    """{pk: therapist} with what a directory card shows: two queries."""
    return card_queryset().in_bulk(pks)


def profile_queryset():
    return Therapist.objects.published().prefetch_related(
        "problem_areas", "other_areas", "age_groups", "formats", "languages", "insurers"
    )


def profile_exists(slug: str) -> bool:
    """Whether /therapists/<slug>/ shows a profile (the detail view's own query)."""
    return profile_queryset().filter(slug=slug).exists()
