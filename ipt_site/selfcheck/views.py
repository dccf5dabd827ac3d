"""The self-check pages. Answers arrive by POST and live only in that one response: no
model, no session, no messages, no logging. Every response is no-store."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import inventory, scoring
from .forms import AreasForm, MoodForm, Worksheet

# Breadcrumbs above the page title (includes/breadcrumbs.html shows "/" as Home).
INDEX_CRUMBS = ({"url": "/", "title": "Home"},)
TOOL_CRUMBS = (*INDEX_CRUMBS, {"url": "/self-check/", "title": "Self-check"})


@never_cache
@require_http_methods(["GET", "HEAD"])
def index(request):
    return render(request, "selfcheck/index.html", {"breadcrumbs": INDEX_CRUMBS})


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def mood(request):
    """/self-check/mood/: the PHQ-9. A GET never reads answers, even from the query string."""
    context = {
        "breadcrumbs": TOOL_CRUMBS,
        "stem": scoring.PHQ9_STEM,
        "credit": scoring.PHQ9_CREDIT,
        "reference": scoring.PHQ9_REFERENCE,
        "difficulty_question": scoring.DIFFICULTY_QUESTION,
    }
    if request.method == "POST":
        form = MoodForm(request.POST)
        if form.is_valid():
            context.update(form.result())
            return render(request, "selfcheck/mood_result.html", context)
    else:
        form = MoodForm()
    context["form"] = form
    return render(request, "selfcheck/mood_form.html", context)


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def areas(request):
    """/self-check/problem-areas/: which of IPT's four areas may be worth talking about."""
    context = {"breadcrumbs": TOOL_CRUMBS, "areas": scoring.AREAS}
    if request.method == "POST":
        form = AreasForm(request.POST)
        if form.is_valid():
            context["suggestions"] = form.suggestions()
            return render(request, "selfcheck/areas_result.html", context)
    else:
        form = AreasForm()
    context["form"] = form
    return render(request, "selfcheck/areas_form.html", context)


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "HEAD", "POST"])
def relationships(request):
    """/self-check/my-relationships/: the interpersonal inventory worksheet.

    What the person typed lives only in this one response: no model, no session, no log.
    "Change my answers" on the summary posts it back (action=edit) to refill the form.
    """
    context = {
        "breadcrumbs": TOOL_CRUMBS,
        "circles": inventory.CIRCLES,
        "max_people": inventory.MAX_PEOPLE,
    }
    if request.method == "POST":
        worksheet = Worksheet(request.POST)
        if request.POST.get("action") != "edit" and worksheet.is_valid():
            people = worksheet.people()
            context.update(
                worksheet=worksheet,
                people=people,
                groups=inventory.by_circle(people),
                dots=inventory.dots(people),
                description=inventory.description(people),
                notes=worksheet.notes,
                diagram={
                    "size": inventory.SIZE,
                    "centre": inventory.CENTRE,
                    "you_radius": inventory.YOU_RADIUS,
                    "dot_radius": inventory.DOT_RADIUS,
                },
            )
            return render(request, "selfcheck/relationships_summary.html", context)
    else:
        worksheet = Worksheet()
    context["worksheet"] = worksheet
    return render(request, "selfcheck/relationships_form.html", context)
