"""“Find a therapist for me” and the visitor's shortlist: the views.

The finder asks one question a screen. Every answer travels in the address (GET), as
hidden fields of the next screen's form: nothing is stored on the server, no cookie is
set, no page is kept in the response cache (gunicorn's access log leaves query strings
out). The shortlist lives in the visitor's own browser (static/js/directory.js); its
page here is the same empty frame for everyone.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from ipt_site.pagecache import cacheable
from ipt_site.pages.structured_data import absolute_url
from ipt_site.selfcheck.scoring import AREAS

from . import selectors
from .forms import (
    ACCESS_CHOICES,
    FEE_CHOICES,
    FINDER_START_CHOICES,
    FINDER_STEPS,
    TOWN_MAX,
    FinderForm,
    answer_pairs,
    no_filters,
    query_string,
)
from .matching import MEET_CHOICES, Names, shortlist
from .views import directory_lookups

RESULTS = len(FINDER_STEPS) + 1


def _address(needs, step, leave_out=()):
    pairs = [*answer_pairs(needs, leave_out=leave_out), ("step", step)]
    return f"{reverse('therapists:find')}?{urlencode(pairs)}"


def _names(lookups):
    return Names(
        areas={c.slug: c.name for c in lookups["area"]},
        languages={c.slug: c.name for c in lookups["language"]},
        insurers={c.slug: c.name for c in lookups["insurer"]},
    )


def _summary(needs, lookups):
    """The answers in words, each with the address of its question: (question, answer,
    change address)."""
    names = _names(lookups)
    fee = dict(FEE_CHOICES)
    start = dict(FINDER_START_CHOICES)
    access = dict(ACCESS_CHOICES)
    money = []
    if needs.budget:
        money.append(f"{fee[str(needs.budget)]} a session")
    if needs.insurer:
        money.append(f"with {names.insurers[needs.insurer]}")
    if needs.concessions:
        money.append("a lower fee")
    extras = (["a free introductory call"] if needs.intro else []) + [
        access[key].lower() for key in needs.access
    ]
    meet = MEET_CHOICES.get(needs.meet, "")
    if meet and needs.town and needs.meet != "online":
        meet += f", near {needs.town}"
    answers = {
        "area": names.areas.get(needs.area, ""),
        "meet": meet,
        "language": names.languages.get(needs.language, ""),
        "start": start.get(needs.start, ""),
        "money": ", ".join(money),
        "extras": ", ".join(extras),
    }
    return [
        (step.title, answers[step.key] or "No preference", _address(needs, number))
        for number, step in enumerate(FINDER_STEPS, start=1)
    ]


def _directory_address(needs):
    """The directory with the answers that are also its filters."""
    filters = no_filters()
    filters.update(
        areas=[needs.area] if needs.area else [],
        formats=["in-person"]
        if needs.meet == "in-person"
        else ["online"]
        if needs.meet == "online"
        else [],
        location=needs.town if needs.meet == "in-person" else "",
        language=needs.language,
        start=needs.start,
        fee=needs.budget,
        insurer=needs.insurer,
        concessions=needs.concessions,
        intro=needs.intro,
        access=list(needs.access) if needs.meet != "online" else [],
    )
    query = query_string(filters)
    return reverse("therapists:list") + (f"?{query}" if query else "")


@never_cache
@require_safe
def find(request):
    lookups = directory_lookups(request)
    form = FinderForm(request.GET, lookups=lookups)
    needs = form.needs()
    number = form.step_number()
    context = {
        "canonical_url": absolute_url(request, reverse("therapists:find")),
        "total": len(FINDER_STEPS),
        "ignored": form.ignored,
        "directory_url": reverse("therapists:list"),
    }
    if number == RESULTS:
        found = shortlist(needs, selectors.match_candidates(needs), _names(lookups))
        cards = selectors.cards_by_pk([a.candidate.pk for a in (*found.exact, *found.nearest)])
        context.update(
            exact=[(a, cards[a.candidate.pk]) for a in found.exact],
            nearest=[(a, cards[a.candidate.pk]) for a in found.nearest],
            summary=_summary(needs, lookups),
            back_url=_address(needs, RESULTS - 1),
            directory_with_answers=_directory_address(needs),
        )
        return render(request, "therapists/find_results.html", context)

    step = FINDER_STEPS[number - 1]
    context.update(
        step=step,
        number=number,
        needs=needs,
        carried=answer_pairs(needs, leave_out=step.fields),
        next_step=number + 1,
        skip_url=_address(needs, number + 1, leave_out=step.fields),
        back_url=_address(needs, number - 1) if number > 1 else reverse("therapists:list"),
        areas=AREAS,
        lookups=lookups,
        meet_choices=MEET_CHOICES.items(),
        start_choices=FINDER_START_CHOICES,
        fee_choices=FEE_CHOICES,
        access_choices=ACCESS_CHOICES,
        budget_selected=str(needs.budget or ""),
        town_max=TOWN_MAX,
    )
    return render(request, "therapists/find_step.html", context)


@cacheable(depends=set())
@cache_control(public=True, max_age=600)
@require_safe
def shortlist_page(request):
    """The same frame for everyone: the list itself is drawn from the visitor's browser."""
    context = {"canonical_url": absolute_url(request, reverse("therapists:shortlist"))}
    return render(request, "therapists/shortlist.html", context)
