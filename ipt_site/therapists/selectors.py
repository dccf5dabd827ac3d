"""Reads for the directory pages: the lookup vocabularies and the filtered listing."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Value, When, prefetch_related_objects

from .models import (
    AgeGroup,
    Language,
    ProblemArea,
    SessionFormat,
    Therapist,
    availability_current_q,
)

PER_PAGE = 12
# What a directory card shows; the biography and email stay in the database.
CARD_DEFERRED = ("biography", "email", "registration_number", "ipt_level_other")


@dataclass(frozen=True)
class Choice:
    slug: str
    name: str


def _choices(model):
    return [Choice(slug, name) for slug, name in model.objects.values_list("slug", "name")]


def directory_lookups():
    """The four vocabularies the filter form offers: one small query each."""
    return {
        "area": _choices(ProblemArea),
        "format": _choices(SessionFormat),
        "age": _choices(AgeGroup),
        "language": _choices(Language),
    }


def card_queryset():
    return Therapist.objects.published().defer(*CARD_DEFERRED).prefetch_related("formats")


class ConfirmedFirst:
    """The directory's results: current availability first, then the stale ones.

    Each part is its own query in the listing index's order (display_order, name), so a
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


def therapists_for_area(area_slug, limit=4):
    """Published therapists who work with a problem area: accepting ones first, and
    within each, those who confirmed their availability lately."""
    current_first = Case(
        When(availability_current_q(), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        card_queryset()
        .filter_directory(areas=[area_slug])
        .order_by("-accepting_new_clients", current_first, "display_order", "name")[:limit]
    )


def profile_queryset():
    return Therapist.objects.published().prefetch_related(
        "problem_areas", "other_areas", "age_groups", "formats", "languages"
    )
