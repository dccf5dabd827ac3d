"""Reads for the directory pages: the lookup vocabularies and the filtered listing."""

from dataclasses import dataclass

from .models import AgeGroup, Language, ProblemArea, SessionFormat, Therapist

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


def directory_results(filters):
    return card_queryset().filter_directory(**filters)


def therapists_for_area(area_slug, limit=4):
    """Published therapists who work with a problem area, accepting ones first."""
    return (
        card_queryset()
        .filter_directory(areas=[area_slug])
        .order_by("-accepting_new_clients", "display_order", "name")[:limit]
    )


def profile_queryset():
    return Therapist.objects.published().prefetch_related(
        "problem_areas", "other_areas", "age_groups", "formats", "languages"
    )
