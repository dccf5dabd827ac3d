"""The one way tests make a therapist.

Unless a test says otherwise the profile is published, numbered ("Test Therapist 3",
"test-therapist-3"), can start within 1 to 2 months, confirmed today (the model's defaults:
a new profile is confirmed the day it is made), and its credentials were never verified;
`verified=True` dates the registration and IPT training checks today too.
"""

import itertools

from django.utils import timezone

from ipt_site.therapists.models import (
    AgeGroup,
    Language,
    ProblemArea,
    SessionFormat,
    Specialism,
    Therapist,
)

_numbers = itertools.count(1)


def create_therapist(
    *, areas=(), formats=(), ages=(), languages=(), other=(), verified=False, **fields
):
    """A saved therapist; `areas`, `formats`... are slugs of the seeded lookups."""
    number = next(_numbers)
    values = {
        "name": f"Test Therapist {number}",
        "slug": f"test-therapist-{number}",
        "title": "Counsellor",
        "introduction": "A short introduction.",
        "published": True,
    }
    if verified:
        today = timezone.localdate()
        values.update(
            registration_verified_on=today, ipt_verified_on=today, accepting_confirmed_on=today
        )
    therapist = Therapist.objects.create(**{**values, **fields})
    for relation, model, slugs in (
        (therapist.problem_areas, ProblemArea, areas),
        (therapist.formats, SessionFormat, formats),
        (therapist.age_groups, AgeGroup, ages),
        (therapist.languages, Language, languages),
        (therapist.other_areas, Specialism, other),
    ):
        if slugs:
            relation.set(model.objects.filter(slug__in=slugs))
    return therapist
