"""/search/?q=: one GET form, ranked results, calm words for every kind of input.

What people search for on a site like this can be health information, so the query is
never logged by this code, the page is never stored by caches or indexed by search
engines, and links out of it carry no referrer (the query is in its address).
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from ipt_site.pages.structured_data import absolute_url

from . import backends, indexer, query

RESULTS_SHOWN = 20
# Pages of results offered; past this, adding a word helps more than reading on.
MAX_PAGES = 10

MESSAGES = {
    query.EMPTY: "Type a word or two about what you are looking for, such as “grief” or "
    "“first session”.",
    query.TOO_LONG: "That is a lot to search for at once. Try a few words, such as "
    "“grief” or “first session”.",
    query.NO_WORDS: "We could not find any words to search for in that. Try a word or two, "
    "such as “grief” or “first session”.",
}


def page_number(request) -> int:
    """The results page asked for: a plain number from 1 to MAX_PAGES, else 1."""
    raw = request.GET.get("page", "")
    return int(raw) if raw.isdigit() and 1 <= int(raw) <= MAX_PAGES else 1


def search(request):
    parsed = query.parse(request.GET.get("q", ""))
    total, results, any_word = 0, [], False
    number = page_number(request)
    if parsed.ok:
        indexer.ensure_fresh()
        found = {"limit": RESULTS_SHOWN, "offset": (number - 1) * RESULTS_SHOWN}
        total, results = backends.search(parsed, **found)
        if not total and len(parsed.groups) > 1:
            # Nothing has every word: show what has some of them, and say so.
            total, results = backends.search(parsed, any_word=True, **found)
            any_word = bool(total)
        if total and not results:  # a page past the end: show the last one instead
            number = min(MAX_PAGES, -(-total // RESULTS_SHOWN))
            found["offset"] = (number - 1) * RESULTS_SHOWN
            total, results = backends.search(parsed, any_word=any_word, **found)
    pages = min(MAX_PAGES, -(-total // RESULTS_SHOWN))
    first = (number - 1) * RESULTS_SHOWN + 1

    def page_url(n):
        return reverse("search:results") + "?" + urlencode({"q": parsed.text, "page": n})

    context = {
        "query": parsed,
        "searched": parsed.ok,
        "message": MESSAGES.get(parsed.problem, ""),
        # Only show back what was typed when it was searched (never a 10,000-character wall).
        "q": parsed.text if parsed.problem in ("", query.NO_WORDS) else "",
        "results": results,
        "total": total,
        "any_word": any_word,
        "shortened": parsed.shortened,
        "more": pages > 1,
        "first": first,
        "last": first + len(results) - 1,
        "page_number": number,
        "previous_url": page_url(number - 1) if number > 1 else "",
        "next_url": page_url(number + 1) if number < pages else "",
        "canonical_url": absolute_url(request, reverse("search:results")),
        # The page has its own, bigger search box; one is enough.
        "hide_header_search": True,
    }
    response = render(request, "search/results.html", context)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
