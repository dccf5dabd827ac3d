"""/search/?q=: one GET form, ranked results, calm words for every kind of input.

What people search for on a site like this can be health information, so the query is
never logged by this code, the page is never stored by caches or indexed by search
engines, and links out of it carry no referrer (the query is in its address).
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from ipt_site.pages.structured_data import absolute_url

from . import backends, indexer, query

RESULTS_SHOWN = 20

MESSAGES = {
    query.EMPTY: "Type a word or two about what you are looking for, such as “grief” or "
    "“first session”.",
    query.TOO_LONG: "That is a lot to search for at once. Try a few words, such as "
    "“grief” or “first session”.",
    query.NO_WORDS: "We could not find any words to search for in that. Try a word or two, "
    "such as “grief” or “first session”.",
}


def search(request):
    parsed = query.parse(request.GET.get("q", ""))
    total, results, any_word = 0, [], False
    if parsed.ok:
        indexer.ensure_fresh()
        total, results = backends.search(parsed, limit=RESULTS_SHOWN)
        if not total and len(parsed.groups) > 1:
            # Nothing has every word: show what has some of them, and say so.
            total, results = backends.search(parsed, limit=RESULTS_SHOWN, any_word=True)
            any_word = bool(total)
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
        "more": total > len(results),
        "canonical_url": absolute_url(request, reverse("search:results")),
        # The page has its own, bigger search box; one is enough.
        "hide_header_search": True,
    }
    response = render(request, "search/results.html", context)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
