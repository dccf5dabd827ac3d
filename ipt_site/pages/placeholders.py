"""[[name]] placeholders in content, filled when a page is shown, so a number or a period
lives in one place.

The content engine knows the practice's own details; every other placeholder belongs to
the app that owns the fact and is registered from that app's `AppConfig.ready()`:

- `register_values(owner, values)`: `values()` returns {name: plain text}, escaped when
  filled (contact: the reply time, how long enquiries are kept).
- `register_block(name, render)`: `[[name]]` alone in its paragraph becomes the trusted
  HTML `render()` returns (help lines: `[[urgent_help]]`, the crisis routes).
- `register_family(prefix, keys, render, sure)`: `[[prefixKEY]]` for each of `keys()`,
  filled with the trusted HTML `render(key)` returns (help lines: `[[signpost_cruse]]`,
  `[[number_samaritans]]`); while `sure()` is false (the rows cannot be read) a name with
  the prefix is not reported as unknown.

Registering a name again replaces it, so a repeated `ready()` is harmless.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import escape

PLACEHOLDER = re.compile(r"\[\[\s*([a-z_]+)\s*\]\]")
# A placeholder alone in its paragraph can stand for a block the page's view renders,
# such as the problem-area cards on the home page.
BLOCK = re.compile(r"<p>\s*\[\[\s*([a-z_]+)\s*\]\]\s*</p>")
BLOCK_NAMES = ("problem_area_cards",)


@dataclass(frozen=True)
class Family:
    prefix: str
    known_keys: Callable[[], Iterable[str]]
    render: Callable[[str], str | None]
    sure: Callable[[], bool]


def _practice() -> dict[str, str]:
    return {
        "practice_name": settings.PRACTICE_NAME,
        "practice_email": settings.PRACTICE_EMAIL,
        "practice_phone": settings.PRACTICE_PHONE,
        "practice_address": settings.PRACTICE_ADDRESS,
    }


_values: dict[str, Callable[[], dict[str, str]]] = {"pages": _practice}
_blocks: dict[str, Callable[[], str]] = {}
_families: dict[str, Family] = {}


def register_values(owner: str, values: Callable[[], dict[str, str]]) -> None:
    _values[owner] = values


def register_block(name: str, render: Callable[[], str]) -> None:
    _blocks[name] = render


def register_family(
    prefix: str,
    keys: Callable[[], Iterable[str]],
    render: Callable[[str], str | None],
    sure: Callable[[], bool] = lambda: True,
) -> None:
    _families[prefix] = Family(prefix, keys, render, sure)


def values() -> dict[str, str]:
    """Every plain-text placeholder's value (they enter the caches' fingerprints)."""
    found = {}
    for source in _values.values():
        found.update(source())
    return found


def _family_html(name: str) -> str | None:
    for family in _families.values():
        if name.startswith(family.prefix):
            return family.render(name.removeprefix(family.prefix))
    return None


def fill(html: str, blocks: dict[str, str] | None = None) -> str:
    """Fill every [[name]] this site knows; `blocks` holds ready-made, trusted HTML by
    name (from the page's view). An unknown name is left as it was written."""
    if "[[" not in html:
        return html
    blocks = blocks or {}

    def block(match):
        if match[1] in _blocks:
            return _blocks[match[1]]()
        return blocks.get(match[1], match[0])

    html = BLOCK.sub(block, html)
    known = values()

    def replace(match):
        name = match[1]
        if name in known:
            return escape(known[name])
        return _family_html(name) or match[0]

    return PLACEHOLDER.sub(replace, html)


def known_names() -> list[str]:
    names = [*values(), *BLOCK_NAMES, *_blocks]
    for family in _families.values():
        names += [family.prefix + key for key in family.known_keys()]
    return names


def unknown(html: str) -> list[str]:
    known = set(known_names())
    found = {name for name in PLACEHOLDER.findall(html) if name not in known}
    # A family that cannot list its names now (no database yet) cannot judge them: trust.
    unsure = tuple(family.prefix for family in _families.values() if not family.sure())
    return sorted(name for name in found if not (unsure and name.startswith(unsure)))
