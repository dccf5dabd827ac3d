"""Content rules other apps add to the checks of every page, from their `ready()`.

A rule is a function of the page being checked (its `text`, the file as written, and
its `html`, rendered) that returns a list of `meta.Problem`s, each with its code, level,
file line and field. The editor, the sync and `manage.py check` all report them, next to
the engine's own problems. Registering a rule again under the same code replaces it.
"""

from collections.abc import Callable

from .meta import Problem

Rule = Callable[[object], list[Problem]]

_rules: dict[str, Rule] = {}


def register(code: str, rule: Rule) -> None:
    _rules[code] = rule


def codes() -> frozenset[str]:
    """The codes of the registered rules: their problems are worked out again on each
    check (they may read data, like the help lines), never kept from an earlier one."""
    return frozenset(_rules)


def problems(subject) -> list[Problem]:
    found = []
    for rule in _rules.values():
        found += rule(subject)
    return found
