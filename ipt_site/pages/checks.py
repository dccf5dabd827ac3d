"""Content problems: one page's text checked, and every file checked as a system check.

`check_text()` checks one file's text and returns every problem with its field and line;
the editor shows them next to its fields, and the sync stores them with the page's row.
`check_content()` (a system check, so `manage.py check` and `make check-content` report it)
runs the same checks on every file in the content folder. Errors stop `make test` and
deployment checks; warnings (a link to a page that does not exist, a review date that has
passed, an unknown field) are shown so staff can fix them.

Links are checked against a "site": what answers whether an address is a page and which
ids a page has. The sync asks the database; `check_content()` asks the folder's own files.
Other apps' addresses, placeholders and rules come from their registrations (`links.py`,
`placeholders.py`, `rules.py`): this module imports no other app.
"""

import html
import re
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.utils import timezone

from . import meta as meta_module
from . import placeholders, rules
from .checkregistry import content_check
from .links import moved_to, path_exists
from .meta import ERROR, WARNING, Problem

# Problems that depend on other pages, the database or the settings, not on the file
# alone: the sync works them out again when the set of addresses changes.
SITE_CODES = frozenset({"W004", "W005", "W006", "W008", "W009", "E012"})

_ID = re.compile(r'\sid="([^"]+)"')
# Every link and image address in rendered HTML, whatever its form.
_ADDRESS = re.compile(r'\s(?:href|src)="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _where(relpath, line):
    """The file as editors see it: 'content/faq.md, line 3'."""
    path = f"{Path(settings.CONTENT_DIR).name}/{relpath}"
    return f"{path}, line {line}" if line else path


def _lines_of(text: str):
    """Finds the file line of the n-th occurrence of an address in the page's body."""
    body, start = meta_module.split_body(text)
    lines = body.splitlines()
    seen: dict[str, int] = {}

    def line_of(address: str) -> int | None:
        nth = seen.get(address, 0)
        seen[address] = nth + 1
        forms = {address, html.unescape(address), address.replace("&", "&amp;")}
        count = 0
        for number, line in enumerate(lines):
            for form in forms:
                hits = line.count(form)
                if hits:
                    count += hits
                    if count > nth:
                        return start + number
                    break
        return None

    return line_of


def _anchor_missing(path: str, fragment: str, subject, site) -> bool:
    """True when #fragment is not an id on the content page it points at."""
    if not fragment:
        return False
    if not path or path == subject.url:
        ids = _ID.findall(subject.html)
    else:
        ids = site.ids(path)
        if ids is None:
            return False
    return fragment not in ids


def link_problems(subject, site) -> list[Problem]:
    """Links and images: relative addresses, missing pages, missing trailing slashes,
    missing headings. Each names the line of the body it is on."""
    problems = []
    line_of = _lines_of(subject.text)

    def warn(line, message, code):
        problems.append(Problem(WARNING, message, line, code, "body"))

    for raw in _ADDRESS.findall(subject.html):
        address = html.unescape(raw)
        line = line_of(raw)
        if not address or address.startswith("//") or _SCHEME.match(address):
            continue  # another website, an email address or a phone number
        path, _, fragment = address.partition("#")
        path = path.split("?", 1)[0]
        if not address.startswith(("/", "#")):
            guess = "/" + address.lstrip("./")
            if not path_exists(guess.partition("#")[0].split("?", 1)[0], site):
                guess = "/problem-areas/grief/"
            warn(
                line,
                f"The link to {address} is relative, so it works on one page and breaks on "
                f"another. Write the whole address, starting with a /, like {guess}",
                "W008",
            )
            continue
        if path and not path_exists(path, site):
            if not path.endswith("/") and path_exists(path + "/", site):
                warn(
                    line,
                    f"The link to {address} is missing the / at the end of its address: "
                    f"add a / at the end, like {path}/",
                    "W009",
                )
                continue
            moved = moved_to(path)
            if path.startswith(settings.MEDIA_URL):
                warn(
                    line,
                    f"The image or file {address} does not exist. Upload it again, or fix "
                    "the address.",
                    "W004",
                )
            elif moved:
                warn(
                    line,
                    f"The link to {address} goes to a page that has moved to {moved}. "
                    f"Change the link to {moved}{address[len(path) :]}.",
                    "W004",
                )
            else:
                warn(
                    line,
                    f"The link to {address} goes to a page that does not exist. Fix the "
                    "address, or write the missing page.",
                    "W004",
                )
            continue
        if _anchor_missing(path, fragment, subject, site):
            warn(
                line,
                f"The link to {address} points at a part of the page that does not exist. "
                "Use the heading's id: lower case with hyphens, as in /glossary/#sick-role.",
                "W006",
            )
    return problems


def review_problem(page, today=None) -> Problem | None:
    """A review date that has passed (worked out when asked: it depends on the day)."""
    today = today or timezone.localdate()
    if not page.next_review or page.next_review >= today or page.draft:
        return None
    overdue = (today - page.next_review).days
    return Problem(
        WARNING,
        f"The review was due on {page.next_review:%d %B %Y} ({overdue} days ago). Review "
        "the page, then update 'reviewed' and 'next_review'.",
        meta_module._line_of(page.text, "next_review"),
        "W003",
        "next_review",
    )


def page_problems(subject, site) -> list[Problem]:
    """What needs the other pages, the settings or the data: placeholders, the rules
    other apps register (`rules.py`) and links (`links.py`)."""
    problems = []
    for name in placeholders.unknown(subject.html):
        known = ", ".join(f"[[{k}]]" for k in placeholders.known_names())
        problems.append(
            Problem(
                WARNING,
                f"[[{name}]] is not a known placeholder: check its spelling.",
                _lines_of(subject.text)(f"[[{name}"),
                "W005",
                "body",
                hint=f"Known: {known}",
            )
        )
    return problems + rules.problems(subject) + link_problems(subject, site)


def check_text(relpath: str, text: str, site=None, today=None) -> list[Problem]:
    """Every problem of one page's text, as `manage.py check` reports them, with the
    field ('title', 'body'...) and file line of each. Nothing is written."""
    from .sync import DatabaseSite, parse_file

    page, _ = parse_file(relpath, text)
    problems = [Problem(**problem) for problem in page.problems]
    overdue = review_problem(page, today)
    return problems + ([overdue] if overdue else []) + page_problems(page, site or DatabaseSite())


@content_check
def check_content(app_configs=None, **kwargs):
    from .sync import folder_problems

    folder = Path(settings.CONTENT_DIR)
    if not folder.is_dir():
        return [
            checks.Error(
                f"The content folder {folder} does not exist.",
                hint="Set IPT_CONTENT_DIR or create the folder.",
                id="content.E000",
            )
        ]
    messages = []
    for relpath, problem in folder_problems():
        cls = checks.Error if problem.level == ERROR else checks.Warning
        text = f"{_where(relpath, problem.line)}: {problem.message}" if relpath else problem.message
        messages.append(cls(text, hint=problem.hint or None, id=f"content.{problem.code}"))
    return messages
