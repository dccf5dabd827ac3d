"""Bring the database's index of content (`Page` rows) in step with the content folder.

`sync()` is the only writer of `Page` rows: `manage.py sync_content` calls it (at deploy,
after a git pull, in `make run`, and every second with `--watch` in development), and so
do the editor's services for the file they wrote. In one transaction it:

1. takes the content lock (the content version's row: one writer at a time, on every
   server), then reads the folder;
2. compares each file's digest with its row's, so an unchanged file costs a read and a
   hash;
3. for each file that differs, decides which side is newer (below), and either imports
   the file (read, render, check, write the row) or brings the file up to date;
4. works the problems that depend on other pages (links, duplicate addresses) out again:
   for every page when the set of addresses changed, otherwise for the changed pages and
   those that link to them;
5. bumps the content version once and sends `content_changed` (search follows).

Which side is newer, without file times. App servers share one database, each with its
own copy of the folder. A file that differs from its row is either a change made here (by
hand, or a git pull), which is imported, or an old copy of a page since changed through
another server, which is brought up to date:

- every copy's digests as of its last sync are kept (`Folder`): a file still at that
  digest has not changed here, so the row is newer; anything else is a change made here;
- a copy the database has never synced (a new server, a fresh checkout) has no such
  record: a file at a digest the database once held (`KnownVersion`) is an old copy,
  any other file a change; a missing file is an old copy only when its page was created
  in the editor (never a file here), and otherwise was deleted here.
"""

import dataclasses
import html
import logging
import math
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ipt_site.pagecache import purge, versions
from ipt_site.pagecache.models import Version

from . import checks, files, links, rules, schedule
from . import meta as meta_module
from .meta import ERROR, Problem
from .models import Folder, KnownVersion, Page
from .render import render_markdown
from .signals import content_changed

logger = logging.getLogger(__name__)

# Copied from a readable version of a file; a version that cannot be read leaves them.
FIELDS = (
    "title", "summary", "order", "draft", "template", "reviewed", "next_review",
    "reviewed_by", "date", "author", "tags", "references", "front_matter", "html", "toc", "words",
    "publish_at", "unpublish_at",
)  # fmt: skip
_TAG = re.compile(r"<[^>]*>")
# A front matter with more values than this is not kept whole (a YAML alias "bomb").
FRONT_MATTER_VALUES = 2000

# Which reading of a file the rows hold: raise it when `parse_file` fills a new column (or
# fills one differently), and the next full sync reads every file again, so a deploy needs
# no `sync_content --all`. Kept in the versions table under ROW_SCHEMA_NAME.
ROW_SCHEMA = 4  # 2: reviewed_by; 3: publish_at, unpublish_at; 4: tables named by their heading
ROW_SCHEMA_NAME = "content-rows"

STALE_NOTICE = Problem(
    ERROR,
    "The latest version of this file cannot be read, so the website still shows the last "
    "version that could be read. Fix the problem reported above to publish your changes.",
    code="E014",
)


# --- One file ---------------------------------------------------------------------------


def _plain(value, state: dict):
    """Front matter as JSON can hold it: dates, NaN and infinity as text, NUL characters
    replaced (noted in `state`), at most FRONT_MATTER_VALUES values (ValueError beyond)."""
    state["values"] += 1
    if state["values"] > FRONT_MATTER_VALUES:
        raise ValueError("too many values")
    if isinstance(value, dict):
        return {_plain(key, state): _plain(item, state) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, state) for item in value]
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value  # NaN and infinity are not JSON (PostgreSQL refuses them): text below
    text = str(value)
    if "\x00" in text:
        state["nul"] = True
        text = text.replace("\x00", "\ufffd")
    return text


def parse_file(relpath: str, text: str) -> tuple[Page, bool]:
    """An unsaved Page from a file's text, and whether it can be shown (readable front
    matter with a title, a name that makes an address). Its problems are those of the file
    alone; the body is rendered even when it cannot be shown, so its links are checked."""
    url = files.url_for(relpath) if relpath.endswith(".md") else None
    page = Page(relpath=relpath, url=url or "", text=text, digest=files.digest(text))
    page.parent = "" if url in (None, "/") else url.rstrip("/").rsplit("/", 1)[0] + "/"
    page.section = relpath.split("/", 1)[0] if "/" in relpath else ""
    problems = []
    state = {"values": 0, "nul": "\x00" in text}
    if state["nul"]:  # PostgreSQL cannot store it
        text = page.text = text.replace("\x00", "\ufffd")
    meta, body = meta_module.parse(text)
    problems += meta.problems
    if url is None:
        problems.append(
            Problem(
                ERROR,
                "The file name (and each folder name) must use only lower-case letters, "
                "digits and single hyphens, like 'role-disputes.md'.",
                None,
                "E011",
                "slug",
            )
        )
    if not (body is text and meta.fatal):  # with no front matter there is no body
        rendered = render_markdown(body, faq=meta.template == "faq")
        page.html, page.toc = rendered.html, rendered.toc
        page.words = len(html.unescape(_TAG.sub(" ", page.html)).split())
        if rendered.has_h1:
            problems.append(
                Problem(
                    meta_module.WARNING,
                    "The body has a '# ' heading; the title is the page's only main heading, "
                    "so start body headings at '## '.",
                    None,
                    "W002",
                    "body",
                )
            )
        problems += _empty_boxes(page.html, text)
    try:
        page.front_matter = _plain(meta.data, state)
    except ValueError:
        page.front_matter = {}
        problems.append(Problem(ERROR, "The front matter holds too many values to be read.",
                                code="E015"))  # fmt: skip
        meta.fatal = True
    clean, state["values"] = {}, 0
    for name in ("title", "summary", "template", "author", "reviewed_by", "tags", "references"):
        clean[name] = _plain(getattr(meta, name), state)
    for name in ("order", "draft", "reviewed", "next_review", "date", *schedule.FIELDS):
        clean[name] = getattr(meta, name)
    for name, value in clean.items():
        setattr(page, name, value)
    if state["nul"]:
        problems.append(Problem(ERROR, "The file holds a NUL character (shown as �): delete it.",
                                code="E015"))  # fmt: skip
    page.problems = [problem_dict(problem) for problem in problems]
    return page, not meta.fatal and url is not None


_EMPTY_BOX = re.compile(
    r'<div class="admonition[^"]*">\s*<p class="admonition-title">([^<]*)</p>\s*</div>'
)


def _empty_boxes(rendered: str, text: str) -> list[Problem]:
    """A box ("!!! summary") whose lines are not indented shows empty, its lines below it."""
    body, start = meta_module.split_body(text)
    marks = [n for n, line in enumerate(body.splitlines(), start) if line.startswith("!!!")]
    boxes = [m.start() for m in re.finditer(r'<div class="admonition', rendered)]
    found = []
    for match in _EMPTY_BOX.finditer(rendered):
        nth = boxes.index(match.start())
        found.append(
            Problem(
                meta_module.WARNING,
                f"The “{html.unescape(match.group(1))}” box is empty, so its lines show "
                "below it. Start each line that belongs in the box with four spaces, straight "
                "under the '!!!' line.",
                marks[nth] if nth < len(marks) else None,
                "W010",
                "body",
            )
        )
    return found


def problem_dict(problem: Problem) -> dict:
    return dataclasses.asdict(problem)


def read_file(base: Path, relpath: str) -> str | None:
    """A file's text (bytes that are not UTF-8 replaced), or None when it is gone."""
    try:
        raw = (base / relpath).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None
    return raw.decode("utf-8", errors="replace")


def _decoding_problem(base: Path, relpath: str, text: str) -> list[dict]:
    if "\ufffd" not in text:
        return []
    try:
        (base / relpath).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        problem = Problem(ERROR, "The file cannot be read as UTF-8: save it as UTF-8 text.",
                          code="E015")  # fmt: skip
        return [problem_dict(problem)]
    return []


# --- Sites that links are checked against ----------------------------------------------


class DatabaseSite:
    """The pages in the database (as this transaction sees them)."""

    def __init__(self):
        self._urls = None
        self._ids = {}

    def exists(self, url: str) -> bool:
        if self._urls is None:
            self._urls = set(Page.objects.served().values_list("url", flat=True))
        return url in self._urls

    def ids(self, url: str):
        if url not in self._ids:
            body = Page.objects.served().filter(url=url).values_list("html", flat=True).first()
            self._ids[url] = None if body is None else checks._ID.findall(body)
        return self._ids[url]


class FolderSite:
    """The pages of a folder read into memory."""

    def __init__(self, pages):
        self.pages = {page.url: page for page in pages if page.served}

    def exists(self, url: str) -> bool:
        return url in self.pages

    def ids(self, url: str):
        page = self.pages.get(url)
        return None if page is None else checks._ID.findall(page.html)


# --- The whole folder, in memory (the system check) -------------------------------------


def scan(base: Path | None = None) -> list[Page]:
    """Every file of the folder read and checked, nothing written: unsaved Pages whose
    `problems` are all of their problems, site-wide ones included."""
    base = base or files.root()
    pages = []
    for relpath in files.walk(base):
        text = read_file(base, relpath)
        if text is None:
            continue
        page, readable = parse_file(relpath, text)
        page.problems += _decoding_problem(base, relpath, text)
        page.readable = readable
        pages.append(page)
    owners = _owners((page.relpath, page.url, page.readable) for page in pages)
    for page in pages:
        page.served = owners.get(page.url) == page.relpath
    site = FolderSite(pages)
    for page in pages:
        page.problems += [problem_dict(p) for p in _site_problems(page, site, owners)]
    return pages


def folder_problems(base: Path | None = None, today=None) -> list[tuple[str, Problem]]:
    """(relpath, problem) for every problem in the content folder, file by file; problems
    of the folder as a whole have an empty relpath."""
    pages = scan(base)
    last_good = links.db_lookup(
        lambda: set(Page.objects.exclude(title="").values_list("relpath", flat=True)), set()
    )
    found = []
    for page in pages:
        problems = [Problem(**problem) for problem in page.problems]
        overdue = checks.review_problem(page, today)
        if overdue:
            problems.append(overdue)
        if not page.readable and page.relpath in last_good:
            problems.append(STALE_NOTICE)
        found += [(page.relpath, problem) for problem in problems]
    if not any(page.served and page.url == "/" for page in pages):
        found.append(("", no_home_page()))
    return found


def no_home_page() -> Problem:
    return Problem(ERROR, "There is no home page (content/_index.md).", None, "E013")


def _owners(entries) -> dict[str, str]:
    """Which file answers each address: the first (by file name) that can be shown."""
    owners = {}
    for relpath, url, readable in sorted(entries):
        if url and readable:
            owners.setdefault(url, relpath)
    return owners


def _site_problems(page, site, owners) -> list[Problem]:
    problems = checks.page_problems(page, site)
    owner = owners.get(page.url)
    if page.url and owner not in (None, page.relpath):
        problems.append(Problem(ERROR, f"The same address as {owner}.", None, "E012"))
    return problems


# --- The database ------------------------------------------------------------------------


@dataclass
class Result:
    imported: list[str] = field(default_factory=list)  # rows written from their files
    removed: list[str] = field(default_factory=list)  # rows of files deleted here
    refreshed: list[str] = field(default_factory=list)  # old copies brought up to date

    @property
    def changed(self) -> bool:
        return bool(self.imported or self.removed)


def folder_name(base: Path) -> str:
    return f"{socket.gethostname()}:{base}"


def sync(
    paths=None,
    *,
    edited_by: str = "",
    edited_at=None,
    created: bool = False,
    recheck: bool = False,
    reread: bool = False,
) -> Result:
    """Bring the rows (of `paths` only, when given) in step with the folder, and the
    folder with the rows. `edited_by`/`edited_at` say who changed imported files (the
    editor), `created` that they are new pages written here (no copy elsewhere can be
    older); `recheck` works out every page's site-wide problems again; `reread` imports
    every file, changed or not (after a change to what rows hold)."""
    base = files.root()
    result = Result()
    with transaction.atomic():
        versions.lock_content()
        schema = _row_schema() if paths is None else ROW_SCHEMA
        reread = reread or schema != ROW_SCHEMA
        rows = Page.objects.all() if paths is None else Page.objects.filter(relpath__in=paths)
        stored = dict(rows.values_list("relpath", "digest"))
        on_disk = {}
        for relpath in files.walk(base) if paths is None else paths:
            text = read_file(base, relpath)
            if text is not None:
                on_disk[relpath] = text
        differing = sorted(
            relpath
            for relpath in set(on_disk) | set(stored)
            if files.digest(on_disk.get(relpath)) != stored.get(relpath, "")
            or (reread and relpath in on_disk)
        )
        folder, new_folder = Folder.objects.get_or_create(name=folder_name(base))
        known = set()
        if new_folder and differing:
            held = KnownVersion.objects.filter(relpath__in=differing)
            known = set(held.values_list("relpath", "digest"))
        served_before = _served_urls()
        changes = []
        for relpath in differing:
            here = files.digest(on_disk.get(relpath))
            if _is_old_copy(relpath, here, stored, None if new_folder else folder.digests, known):
                _refresh_file(base, relpath)
                result.refreshed.append(relpath)
            else:
                changes.append(relpath)
        times_before = schedule.times_of(Page.objects.filter(relpath__in=changes))
        before = _shown_elsewhere(changes) if purge.enabled() else {}
        touched = _apply(base, changes, on_disk, stored, result, edited_by, edited_at)
        imported = Page.objects.filter(relpath__in=result.imported)
        schedule.queue_changes(times_before, schedule.times_of(imported))
        if result.changed or recheck:
            everything = recheck or reread
            touched |= _settle(result.imported, touched, served_before, everything=everything)
        if result.imported:
            held = {(r, files.digest(on_disk[r])) for r in result.imported}
            if created:  # new here: a copy of the folder without it is not newer
                held |= {(r, "") for r in result.imported}
            KnownVersion.objects.bulk_create(
                [KnownVersion(relpath=r, digest=d) for r, d in held], ignore_conflicts=True
            )
        if result.changed:
            versions.bump(versions.CONTENT)
            if purge.enabled():
                after = _shown_elsewhere(changes)
                purge.queue(purge.content_keys(before, after, _search_path()))
        if result.changed or recheck:
            first = paths is None and (not stored or reread)
            content_changed.send(sender=Page, urls=touched - {""}, everything=first)
        _remember(folder, rows, paths)
        if schema != ROW_SCHEMA:
            Version.objects.update_or_create(name=ROW_SCHEMA_NAME, defaults={"value": ROW_SCHEMA})
    if result.refreshed:
        logger.info("Content: brought up to date from the database: %s", result.refreshed)
    return result


def _row_schema() -> int:
    value = Version.objects.filter(name=ROW_SCHEMA_NAME).values_list("value", flat=True)
    return value.first() or 1


def _is_old_copy(relpath, here, stored, last_synced, known) -> bool:
    """True when this folder's version of a file (its digest, "" when missing) is an old
    copy of the page the database holds, False when it is a change made here.

    `last_synced` is this folder's digests at its last sync; None for a folder never
    synced, which `known` (the (relpath, digest) pairs the database has held) stands in
    for."""
    if here == stored.get(relpath):
        return False  # the same text, read again on purpose
    if last_synced is not None:
        return last_synced.get(relpath, "") == here
    return (relpath, here) in known


def _apply(base, changes, on_disk, stored, result, edited_by, edited_at) -> set[str]:
    """Import the files changed here and remove the rows of those deleted here; the
    addresses touched."""
    touched = set()
    # A file that went and one with the same text that came: a move keeps its row.
    gone = {stored[r]: r for r in changes if r not in on_disk}
    for relpath in changes:
        if relpath in on_disk and relpath not in stored:
            old = gone.pop(files.digest(on_disk[relpath]), None)
            if old is not None:
                touched.add(Page.objects.get(relpath=old).url)
                Page.objects.filter(relpath=old).update(relpath=relpath)
                result.removed.append(old)
    rows = {row.relpath: row for row in Page.objects.filter(relpath__in=changes)}
    new = []
    for relpath in changes:
        if relpath in on_disk:
            row = rows.get(relpath) or Page(relpath=relpath)
            _import(row, base, on_disk[relpath], edited_by, edited_at)
            if row.pk:
                row.save()
            else:
                new.append(row)
            touched.add(row.url)
            result.imported.append(relpath)
    Page.objects.bulk_create(new, batch_size=200)
    deleted = Page.objects.filter(relpath__in=gone.values())
    touched |= set(deleted.values_list("url", flat=True))
    deleted.delete()
    result.removed += sorted(gone.values())
    return touched


def _shown_elsewhere(relpaths) -> dict:
    """What other pages show of these files' rows, for the edge's purge (pagecache/purge.py)."""
    if not relpaths:
        return {}
    rows = Page.objects.filter(relpath__in=relpaths).only("relpath", *purge.SHOWN_FIELDS)
    return {row.relpath: (row.url, purge.shown_elsewhere(row)) for row in rows}


def _search_path() -> str:
    try:
        return reverse("search:results")
    except NoReverseMatch:
        return "/search/"


def _served_urls() -> set[str]:
    return set(Page.objects.served().values_list("url", flat=True))


def _refresh_file(base: Path, relpath: str) -> None:
    target = (base / relpath).resolve()
    if base not in target.parents:
        raise ValueError(f"{relpath} is outside the content folder")
    text = Page.objects.filter(relpath=relpath).values_list("text", flat=True).first()
    if text is None:
        target.unlink(missing_ok=True)
    else:
        files.write_path(target, text)


def _import(row: Page, base: Path, text: str, edited_by: str, edited_at) -> None:
    """Fill the row of a file that changed here from its text (not saved)."""
    relpath = row.relpath
    parsed, readable = parse_file(relpath, text)
    problems = parsed.problems + _decoding_problem(base, relpath, text)
    if readable:
        for name in FIELDS:
            setattr(row, name, getattr(parsed, name))
    elif row.title:
        problems.append(problem_dict(STALE_NOTICE))
        logger.warning("Content file %s cannot be read; its last good version is kept", relpath)
    else:
        logger.warning("Content file %s cannot be read: its page is not shown", relpath)
    row.url, row.parent, row.section = parsed.url, parsed.parent, parsed.section
    row.text, row.digest, row.problems = parsed.text, parsed.digest, problems
    row.edited_by, row.edited_at = edited_by, edited_at or timezone.now()
    row.updated = timezone.now()  # bulk_create sets no auto_now field


def _settle(imported, touched: set[str], served_before: set[str], *, everything: bool) -> set:
    """Who answers each address, and the problems that depend on other pages, for the
    pages that may have changed; the addresses whose answer changed."""
    entries = list(Page.objects.values_list("relpath", "url", "title", "served"))
    owners = _owners((relpath, url, bool(title)) for relpath, url, title, _ in entries)
    flipped = set()
    for relpath, url, _, served in entries:
        if (owners.get(url) == relpath) != served:
            Page.objects.filter(relpath=relpath).update(served=not served)
            flipped.add(url)
    rows = Page.objects.all()
    if not everything and served_before == set(owners):
        linking = Q()
        for url in touched - {""}:
            linking |= Q(html__contains=f'href="{url}')
        rows = rows.filter(Q(relpath__in=imported) | Q(url__in=flipped - {""}) | linking)
    site = DatabaseSite()
    # Worked out again below: kept from the last check, they would be counted twice.
    again = checks.SITE_CODES | rules.codes()
    columns = ("relpath", "url", "text", "html", "front_matter", "problems", "errors", "warnings")
    for row in rows.only(*columns):
        own = [p for p in row.problems if p["code"] not in again]
        problems = own + [problem_dict(p) for p in _site_problems(row, site, owners)]
        errors = sum(1 for p in problems if p["level"] == ERROR)
        if problems != row.problems or errors != row.errors:
            row.problems, row.errors, row.warnings = problems, errors, len(problems) - errors
            row.save(update_fields=["problems", "errors", "warnings"])
    return flipped


def _remember(folder: Folder, rows, paths) -> None:
    """This copy of the folder is now in step with the rows."""
    now = dict(rows.values_list("relpath", "digest"))
    digests = now if paths is None else {**folder.digests, **now}
    for relpath in paths or ():
        if relpath not in now:
            digests.pop(relpath, None)
    if digests != folder.digests:
        folder.digests = digests
        folder.save(update_fields=["digests", "updated"])
