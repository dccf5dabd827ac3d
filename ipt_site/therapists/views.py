import re

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control

from ipt_site.pagecache import cacheable, memoised_query, per_data_version, rendered_query
from ipt_site.pages.structured_data import absolute_url

from . import fees, selectors, towns
from .forms import (
    ACCESS_CHOICES,
    FEE_CHOICES,
    IGNORED_MESSAGE,
    START_CHOICES,
    DirectoryFilterForm,
    query_string,
    without,
)
from .models import ACCESS_FEATURES, ONLINE, START_FILTER


def _address(path, filters, fragment=""):
    query = query_string(filters)
    return f"{path}?{query}{fragment}" if query else f"{path}{fragment}"


def _labels(filters, lookups):
    """(condition key, value or None, words) for each applied filter: the chips' words.

    Condition keys are those of `directory_conditions`, so the "loosen a filter" counts
    can be matched to the same words.
    """
    names = {group: {c.slug: c.name for c in choices} for group, choices in lookups.items()}
    labels = []
    for key, group in (("areas", "area"), ("formats", "format"), ("ages", "age")):
        labels += [(key, slug, names[group][slug]) for slug in filters[key]]
    if filters["language"]:
        labels.append(("language", None, f"Speaks {names['language'][filters['language']]}"))
    if filters["location"]:
        labels.append(("location", None, f"Near “{filters['location']}”"))
    if filters["start"]:
        labels.append(("start", None, f"Can start: {START_FILTER[filters['start']][0].lower()}"))
    if filters["fee"]:
        labels.append(("fee", None, f"Up to {fees.pounds(filters['fee'])} a session"))
    if filters["concessions"]:
        labels.append(("concessions", None, "Offers lower fees"))
    if filters["insurer"]:
        labels.append(("insurer", None, f"Takes {names['insurer'][filters['insurer']]}"))
    if filters["intro"]:
        labels.append(("intro", None, "Free introductory call"))
    for feature in filters["access"]:
        labels.append((f"access:{feature}", None, ACCESS_FEATURES[feature][1]))
    return labels


def _active_filters(filters, labels, path):
    """Each applied filter in plain words, with the address of the results without it."""
    return [
        {"label": words, "url": _address(path, without(filters, key, value), "#results")}
        for key, value, words in labels
    ]


def _loosen(filters, labels, path, count):
    """When few therapists match: each filter whose removal would show more, with how
    many, most first."""
    counts = selectors.loosened_counts(filters)
    suggestions = []
    for key, found in counts.items():
        if found <= count:
            continue
        words = " or ".join(f"“{w}”" for k, _, w in labels if k == key)
        url = _address(path, without(filters, key), "#results")
        suggestions.append({"label": words, "count": found, "url": url})
    return sorted(suggestions, key=lambda item: -item["count"])


# The lookups change only with the data version, which every change to them starts.
directory_lookups = per_data_version(selectors.directory_lookups)
PAGE_NUMBER = re.compile(r"^[1-9][0-9]{0,5}$")


def _page_suffix(number):
    return f"page={number}" if number > 1 else ""


@memoised_query  # the form costs more than a cache hit: run it once per query string
def cache_query(request):
    """The directory's cache key: the same tidy query string its links use, plus the page.

    None (rendered, never stored) when a value had to be ignored or the page number is
    not a plain number, and for a free-text location: neither may grow the cache without
    bound. The view confirms the page it really showed (a number past the end shows the
    last page), so only real pages are stored.
    """
    form = DirectoryFilterForm(request.GET, lookups=directory_lookups(request))
    filters = form.filters()
    pages = request.GET.getlist("page")
    if form.ignored or filters["location"] or len(pages) > 1:
        return None
    if pages and not PAGE_NUMBER.match(pages[0]):
        return None
    number = int(pages[0]) if pages else 1
    return "&".join(part for part in (query_string(filters), _page_suffix(number)) if part)


@cacheable(depends={"data", "day"}, query=cache_query)
@cache_control(public=True, no_cache=True)  # browsers ask again each time: a 304 or news
def therapist_list(request):
    lookups = directory_lookups(request)
    form = DirectoryFilterForm(request.GET, lookups=lookups)
    filters = form.filters()
    paginator = Paginator(selectors.directory_results(filters), selectors.PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = query_string(filters)
    path = reverse("therapists:list")
    canonical = path if page_obj.number == 1 else f"{path}?page={page_obj.number}"
    labels = _labels(filters, lookups)
    few = bool(query) and paginator.count <= selectors.FEW_RESULTS
    context = {
        **_location_help(filters, path),
        "form": form,
        "lookups": lookups,
        "filters": filters,
        "filtered": bool(query),
        "active_filters": _active_filters(filters, labels, path),
        "loosen": _loosen(filters, labels, path, paginator.count) if few else [],
        "start_choices": START_CHOICES,
        "fee_choices": FEE_CHOICES,
        "fee_selected": str(filters["fee"] or ""),
        "access_choices": ACCESS_CHOICES,
        "ignored_message": IGNORED_MESSAGE if form.ignored else "",
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1),
        "ellipsis": paginator.ELLIPSIS,
        "therapists": page_obj.object_list,
        "count": paginator.count,
        "query": query,
        "canonical_url": absolute_url(request, canonical),
        "location_max": form.fields["location"].max_length,
    }
    response = render(request, "therapists/list.html", context)
    shown = "&".join(part for part in (query, _page_suffix(page_obj.number)) if part)
    return rendered_query(response, shown)


def _location_help(filters, path) -> dict:
    """What the page says about a typed town: the nearby towns searched too, or that the
    text must match and a link to therapists who work online."""
    if not filters["location"]:
        return {}
    town = towns.find(filters["location"])
    if town:
        return {
            "location_town": town.name,
            "location_nearby": [other.name for other in towns.nearby(town)],
            "nearby_miles": towns.NEARBY_MILES,
        }
    online = dict(filters, formats=[ONLINE])
    return {
        "location_unlisted": True,
        "online_url": f"{path}?{query_string(online)}#results"
        if filters["formats"] != [ONLINE]
        else "",
    }


def _structured_data(request, therapist):
    url = absolute_url(request, therapist.get_absolute_url())
    person = {
        "@type": "Person",
        "name": therapist.name,
        "jobTitle": therapist.title,
        "description": therapist.introduction,
        "url": url,
        "worksFor": {"@type": "Organization", "name": settings.PRACTICE_NAME},
        "knowsAbout": ["Interpersonal psychotherapy (IPT)"]
        + [area.name for area in therapist.problem_areas.all()]
        + [area.name for area in therapist.other_areas.all()],
    }
    languages = [language.name for language in therapist.languages.all()]
    if languages:
        person["knowsLanguage"] = languages
    if therapist.photo:
        person["image"] = absolute_url(request, therapist.photo.url)
    if therapist.location:
        person["workLocation"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": therapist.location,
                "addressCountry": "GB",
            },
        }
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "name": f"{therapist.name}, {therapist.title}",
        "dateModified": therapist.updated.isoformat(),
        "mainEntity": person,
    }


@cacheable(depends={"data", "day"})
@cache_control(public=True, no_cache=True)  # browsers ask again each time: a 304 or news
def therapist_detail(request, slug):
    therapist = get_object_or_404(selectors.profile_queryset(), slug=slug)
    context = {
        "therapist": therapist,
        "canonical_url": absolute_url(request, therapist.get_absolute_url()),
        "structured_data": _structured_data(request, therapist),
        "social_title": f"{therapist.name}, {therapist.title}",
        "enquiry_url": f"{reverse('contact:form')}?{urlencode({'therapist': therapist.slug})}",
        "directory_url": reverse("therapists:list"),
    }
    return render(request, "therapists/detail.html", context)
