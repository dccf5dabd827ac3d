"""How a view opts in to the response cache (see README.md in this folder)."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from . import versions

DEPENDENCIES = frozenset({"content", "data", "day"})


def empty_query_only(request: HttpRequest) -> str | None:
    """The default: only the address with no query string is cached."""
    return "" if not request.META.get("QUERY_STRING") else None


@dataclass(frozen=True)
class Policy:
    # What the page shows besides templates and code: "content" (markdown files),
    # "data" (therapists and lookups), "day" (today's date: a therapist's availability
    # note turns stale on a date). Each named version is part of the key.
    depends: frozenset
    # request -> the normalised query string to key on, or None: do not cache this one.
    query: Callable[[HttpRequest], str | None] = empty_query_only


def cacheable(view=None, *, depends=DEPENDENCIES, query=empty_query_only):
    """Mark a view (function or class-based) whose anonymous GET responses may be cached.

    The page must hold no form token and nothing about the person asking: the middleware
    checks the response too (cookies, CSRF token, status 200) and refuses what fails.
    """
    depends = frozenset(depends)
    if not depends <= DEPENDENCIES:
        raise ValueError(f"depends must be a subset of {sorted(DEPENDENCIES)}")

    def mark(target):
        target.page_cache = Policy(depends=depends, query=query)
        return target

    return mark(view) if view is not None else mark


def policy_for(view_func) -> Policy | None:
    policy = getattr(view_func, "page_cache", None)
    if policy is None:
        # A class opts in itself: a subclass (the editor's preview of a page) does not
        # inherit its parent's opt-in.
        view_class = getattr(view_func, "view_class", None)
        policy = vars(view_class).get("page_cache") if view_class is not None else None
    return policy


def rendered_query(response, query: str):
    """Tell the cache which normalised query the response really shows.

    For a view that can answer a request differently from what its key says (a page
    number past the end shows the last page): a mismatch is served but never stored.
    """
    response.page_cache_rendered_query = query
    return response


def shows_data(request) -> None:
    """Say that this response shows therapists or lookups: browsers must ask again before
    reusing it (`Cache-Control: no-cache`, answered with a 304 while it is unchanged)."""
    if request is not None:
        request._pagecache_shows_data = True


def memoised_query(normaliser, size=2048):
    """Remember a `query=` function's answers per raw query string and data version.

    For normalisers that validate against the database (the directory's form and its
    lookups): repeated requests then cost a dict lookup, not a form. The memory is
    bounded (emptied when full), so odd query strings cannot grow it.
    """
    answers = {}

    @functools.wraps(normaliser)
    def wrapper(request):
        key = (versions.data_version(request), request.META.get("QUERY_STRING", ""))
        try:
            return answers[key]
        except KeyError:
            pass
        answer = normaliser(request)
        if len(answers) >= size:
            answers.clear()
        answers[key] = answer
        return answer

    return wrapper


def per_data_version(func):
    """Memoise a no-argument function in this process until the data version changes.

    For small reads that a cache key needs on every request (the directory's lookups).
    """
    state = {"version": None, "value": None}

    @functools.wraps(func)
    def wrapper(request=None):
        version = versions.data_version(request)
        if state["version"] != version:
            state["value"], state["version"] = func(), version
        return state["value"]

    return wrapper
