"""/search/?q=: one GET form, ranked results, calm words for every kind of input.

What people search for on a site like this can be health information, so the query is
never logged by this code, the page is never stored by caches or indexed by search
engines, and links out of it carry no referrer (the query is in its address).
"""

import re

from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from ipt_site.pages.structured_data import absolute_url

from . import backends, indexer, query, selectors, spelling

RESULTS_SHOWN = 20
# Fewer matches than this for all the words, and pages with some of them are listed too.
FEW = 3
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


def _found(parsed, number):
    """(total, results, all_words, page number): pages with all the words, and when they
    are few, pages with some of them after those (more of the words first)."""
    found = {"limit": RESULTS_SHOWN, "offset": (number - 1) * RESULTS_SHOWN}
    total, results = backends.search(parsed, **found)
    all_words, any_word = total, False
    if total < FEW and len(parsed.groups) > 1:
        some_total, some_results = backends.search(parsed, any_word=True, **found)
        if some_total > total:
            total, results, any_word = some_total, some_results, True
    if total and not results:  # a page past the end: show the last one instead
        number = min(MAX_PAGES, -(-total // RESULTS_SHOWN))
        found["offset"] = (number - 1) * RESULTS_SHOWN
        total, results = backends.search(parsed, any_word=any_word, **found)
    return total, results, all_words if any_word else total, number


def _corrected(parsed) -> str:
    """What was typed, with each word that finds nothing replaced by the closest word the
    site uses, or "" when there is nothing to correct."""
    text = parsed.text
    changed = False
    for term, group in zip(parsed.terms, parsed.groups, strict=True):
        if backends.count(group):
            continue
        better = spelling.suggest(term)
        if better:
            text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", better, text, flags=re.I)
            changed = True
    return text if changed else ""


def search(request):
    synonyms = selectors.synonyms()
    parsed = query.parse(request.GET.get("q", ""), synonyms)
    total, results, all_words = 0, [], 0
    number = page_number(request)
    suggestion, instead = "", False
    if parsed.ok:
        indexer.ensure_fresh()
        total, results, all_words, number = _found(parsed, number)
        if not all_words:  # some word may be misspelt: no page has them all
            suggestion = _corrected(parsed)
        corrected = query.parse(suggestion, synonyms)
        if corrected.ok and not total:
            # Nothing for what was typed: show what the corrected words find, and say so.
            total, results, all_words, number = _found(corrected, number)
            instead = bool(total)
    pages = min(MAX_PAGES, -(-total // RESULTS_SHOWN))
    first = (number - 1) * RESULTS_SHOWN + 1

    def page_url(n):
        return reverse("search:results") + "?" + urlencode({"q": parsed.text, "page": n})

    def search_url(text):
        return reverse("search:results") + "?" + urlencode({"q": text})

    context = {
        "query": parsed,
        "searched": parsed.ok,
        "message": MESSAGES.get(parsed.problem, ""),
        # Only show back what was typed when it was searched (never a 10,000-character wall).
        "q": parsed.text if parsed.problem in ("", query.NO_WORDS) else "",
        "results": results,
        "total": total,
        # Fewer than all results have every word: the rest have some of them.
        "any_word": all_words < total,
        "all_words": all_words,
        "suggestion": suggestion,
        "suggestion_url": search_url(suggestion) if suggestion else "",
        "instead": instead,
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
