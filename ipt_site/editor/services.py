"""Everything the editor writes: save, create, move, delete and restore pages.

Each one checks the new text with the same checks as `manage.py check` (errors refuse the
write, warnings do not). Then, in one transaction holding the content lock (the lock every
writer of content takes, on every app server), it brings this server's file in step with
the database, makes sure the page is still the version the person started from (otherwise
someone else saved in between, on any server, and this save is refused, their text kept
by the form), records the version in the history, writes the file atomically and syncs
it, so the database's row (which every server shows) is the new version.
"""

import contextlib
import errno
import functools
import logging
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from ipt_site.pagecache import versions
from ipt_site.pages import files, selectors, sync
from ipt_site.pages.checks import check_text
from ipt_site.pages.meta import ERROR, Problem
from ipt_site.pages.models import Page
from ipt_site.web.tasks import enqueue_on_commit

from . import pagefile, previews, review
from .history import author_name, get_history
from .models import PendingVersion, PreviewLink, Revision

logger = logging.getLogger(__name__)


class Refused(Exception):
    """The checks found errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems if p.level == ERROR))
        self.problems = problems


class Conflict(Exception):
    """The file changed since the person loaded it; nothing was written."""

    def __init__(self, current_text: str | None, last: Revision | None):
        super().__init__("The page changed while it was being edited.")
        self.current_text = current_text
        self.last = last

    def describe(self) -> str:
        if self.current_text is None:
            return (
                "Someone deleted or moved this page while you were editing it. Your changes "
                "have not been saved. They are still below: copy them somewhere safe."
            )
        who = ""
        if self.last is not None:
            when = date_format(timezone.localtime(self.last.created), "j F Y, H:i")
            who = f" ({self.last.author or 'on disk'}, {when})"
        return (
            f"Someone else saved this page while you were editing it{who}. Your changes have "
            "not been saved, and they are still below. Compare them with the saved version "
            "shown under the form, copy across anything of theirs you want to keep, then save "
            "again."
        )


class WriteFailed(Exception):
    """The content folder refused the write (full, read-only...). Nothing was saved: no
    file, row or version changed."""

    REASONS = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk is full (the site has used all the space it is allowed)",
        errno.EROFS: "the content folder is read-only",
        errno.EACCES: "the content folder is read-only for the website",
        errno.EPERM: "the content folder is read-only for the website",
    }

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error

    def describe(self, *, text_kept: bool = True) -> str:
        reason = self.REASONS.get(self.error.errno) or (
            f"the server said “{self.error.strerror or self.error}”"
        )
        kept = ", and your text is still below" if text_kept else ""
        return (
            f"The page could not be written: {reason}. Nothing was saved{kept}. Ask whoever "
            "looks after the website's server to fix this, then try again."
        )


def _writes(function):
    """A write to the content folder that fails is WriteFailed: the transaction has been
    rolled back (no row or version changed) and the files put back as they were."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except OSError as error:
            logger.error("The content folder refused a write: %s", error)
            raise WriteFailed(error) from error

    return wrapper


@contextlib.contextmanager
def _undone_on_failure(undo):
    """Once a file is written, a failure after it (the history, the sync) puts the folder
    back as it was, so it never holds a version the database does not."""
    try:
        yield
    except BaseException:
        try:
            undo()
        except OSError:
            logger.exception("The content folder could not be put back after a failed save")
        raise


def _put_back(relpath: str, text: str | None) -> None:
    if text is not None:
        files.write(relpath, text)
        return
    files.remove(relpath)
    folder = files.path_for(relpath).parent
    if folder != files.root():
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if the page made it (it is empty)


@dataclass
class Saved:
    relpath: str
    revision: Revision
    warnings: list[Problem]


def _refuse_errors(relpath: str, text: str) -> list[Problem]:
    problems = check_text(relpath, text)
    if any(p.level == ERROR for p in problems):
        raise Refused(problems)
    return problems


def _last_revision(relpath: str) -> Revision | None:
    return Revision.objects.filter(relpath=relpath).first()


def _address_taken(relpath: str) -> bool:
    """True when a page already answers at this file's address (foo.md or foo/_index.md)."""
    return Page.objects.filter(Q(relpath=relpath) | Q(url=files.url_for(relpath))).exists()


def _current(*relpaths) -> str | None:
    """Take the content lock, bring this server's copy of the files in step with the
    database, and return the first one's text as the database holds it (None: no page)."""
    versions.lock_content()
    sync.sync(relpaths)
    return selectors.text_of(relpaths[0])


def _after_write(relpaths, user, revision: Revision, *, created: bool = False) -> None:
    sync.sync(relpaths, edited_by=author_name(user), edited_at=revision.created, created=created)


@_writes
def save_page(
    relpath, text, *, base, user, message="", action=Revision.Action.EDIT, approver=None,
    approved_by="",
) -> Saved:  # fmt: skip
    """Save new text over a page the person loaded at version `base` (a files.digest).
    `approver`: the clinical reviewer who approved this text (`approve_pending`)."""
    text = files.normalise(text)
    warnings = _refuse_errors(relpath, text)
    history = get_history()
    with transaction.atomic():
        current = _current(relpath)
        if files.digest(current) != base:
            raise Conflict(current, _last_revision(relpath))
        history.catch_up(relpath, current)
        files.write(relpath, text)
        with _undone_on_failure(lambda: _put_back(relpath, current)):
            revision = history.record(
                relpath,
                text,
                user=user,
                message=message or "Edited the page",
                action=action,
                approver=approver,
                approved_by=approved_by,
            )
            _after_write([relpath], user, revision)
    return Saved(relpath, revision, warnings)


@_writes
def create_page(relpath, text, *, user, message="") -> Saved:
    text = files.normalise(text)
    warnings = _refuse_errors(relpath, text)
    history = get_history()
    with transaction.atomic():
        _current(relpath)
        if _address_taken(relpath):
            raise Refused(
                [
                    Problem(
                        ERROR,
                        f"There is already a page at {files.url_for(relpath)}. Choose another "
                        "name.",
                        None,
                        "E012",
                        "slug",
                    )
                ]
            )
        files.write(relpath, text)
        with _undone_on_failure(lambda: _put_back(relpath, None)):
            revision = history.record(
                relpath,
                text,
                user=user,
                message=message or "Created the page",
                action=Revision.Action.CREATE,
            )
            _redirects().filter(old_path=files.url_for(relpath)).delete()
            _after_write([relpath], user, revision, created=True)
    return Saved(relpath, revision, warnings)


@_writes
def move_page(old, new, *, base, user, message="") -> Saved:
    """Move a page to another file (so another address); the old address redirects."""
    old_url, new_url = files.url_for(old), files.url_for(new)
    history = get_history()
    with transaction.atomic():
        current = _current(old, new)
        if current is None or files.digest(current) != base:
            raise Conflict(current, _last_revision(old))
        if _address_taken(new):
            raise Refused(
                [Problem(ERROR, f"There is already a page at {new_url}.", None, "E012", "slug")]
            )
        history.catch_up(old, current)
        files.move(old, new)
        with _undone_on_failure(lambda: files.move(new, old)):
            revision = history.record(
                new,
                current,
                user=user,
                message=message or f"Moved the page from {old_url} to {new_url}",
                action=Revision.Action.MOVE,
                old_relpath=old,
            )
            # Old links keep working: the old address, and any that led to it, go to the new.
            _redirects().filter(new_path=old_url).update(new_path=new_url)
            Redirect.objects.update_or_create(
                site_id=settings.SITE_ID, old_path=old_url, defaults={"new_path": new_url}
            )
            _redirects().filter(old_path=new_url).delete()
            _after_write([old, new], user, revision)
    return Saved(new, revision, [])


def _redirects():
    """The site's redirects (django.contrib.redirects; there is one site)."""
    return Redirect.objects.filter(site_id=settings.SITE_ID)


def relink(text: str, old_url: str, new_url: str) -> str:
    """The text with its links to `old_url` pointing at `new_url`; a #part or ?query that
    follows the address is kept."""
    old = re.escape(old_url)
    patterns = (
        re.compile(rf"(\]\(\s*<?){old}(?=[)#?\s>])"),  # [words](/old/#part)
        re.compile(rf"(^ {{0,3}}\[[^\]]+\]:\s*<?){old}(?=[#?\s>]|$)", re.M),  # [x]: /old/
        re.compile(rf'(href="){old}(?=[#?"])'),  # <a href="/old/">
    )
    for pattern in patterns:
        text = pattern.sub(lambda match: match.group(1) + new_url, text)
    return text


def update_links(old_url: str, new_url: str, *, user) -> tuple[list[str], list[str]]:
    """After a move: every page that links to the old address saved with its links changed,
    each as its own version. (addresses updated, addresses left as they were: a page whose
    save the checks refuse, or whose links are not written as markdown links)."""
    updated, left = [], []
    for page in selectors.linking_to(old_url):
        with transaction.atomic():
            current = _current(page.relpath)
        changed = relink(current or "", old_url, new_url)
        if current is None or changed == current:
            left.append(page.url)
            continue
        try:
            save_page(
                page.relpath,
                changed,
                base=files.digest(current),
                user=user,
                message=f"Links to {old_url} changed to its new address, {new_url}",
            )
        except (Refused, Conflict, WriteFailed):
            left.append(page.url)
        else:
            updated.append(page.url)
    return updated, left


@_writes
def delete_page(relpath, *, base, user, message="") -> Revision:
    history = get_history()
    with transaction.atomic():
        current = _current(relpath)
        if current is None or files.digest(current) != base:
            raise Conflict(current, _last_revision(relpath))
        history.catch_up(relpath, current)
        files.remove(relpath)
        with _undone_on_failure(lambda: _put_back(relpath, current)):
            revision = history.record(
                relpath,
                None,
                user=user,
                message=message or "Deleted the page",
                action=Revision.Action.DELETE,
            )
            _after_write([relpath], user, revision)
    return revision


def restore_version(relpath, version_id, *, base, user) -> Saved:
    """Make an earlier version the current one (as a new version: nothing is lost). On a
    page that needs clinical review it waits for a reviewer like any other change
    (`submit_page`: a Held)."""
    history = get_history()
    version = next((v for v in history.versions(relpath) if v.id == version_id), None)
    text = history.text(relpath, version_id) if version else None
    if text is None:
        raise Refused([Problem(ERROR, "That version cannot be found.", None, "E000")])
    when = date_format(timezone.localtime(version.when), "j F Y, H:i")
    message = f"Restored the version of {when} ({version.who})"
    row = Page.objects.filter(relpath=relpath).first()
    if row is not None and review.needs_review(relpath, row.front_matter, _front_matter(text)):
        return submit_page(relpath, text, base=base, user=user, message=message)
    return save_page(
        relpath, text, base=base, user=user, message=message, action=Revision.Action.RESTORE
    )


def restore_deleted(relpath, *, user) -> Saved:
    """Bring back a deleted page, as it was when it was deleted."""
    text = get_history().last_good_text(relpath)
    if text is None:
        raise Refused([Problem(ERROR, "There is no saved text for this page.", None, "E000")])
    return create_page(relpath, text, user=user, message="Brought back the deleted page")


def deleted_pages() -> list[Revision]:
    """The latest deletion of each page that is still gone, newest first."""
    latest: dict[str, Revision] = {}
    for revision in Revision.objects.filter(action=Revision.Action.DELETE):
        latest.setdefault(revision.relpath, revision)
    present = set(Page.objects.filter(relpath__in=latest).values_list("relpath", flat=True))
    return [r for relpath, r in latest.items() if relpath not in present]


# --- Preview links ------------------------------------------------------------------------


def make_preview_link(page: Page, *, user) -> tuple[PreviewLink, str]:
    """A new link to the page as it is now (its text pinned), and its secret, which is
    shown once and never stored (only its digest is)."""
    secret = secrets.token_urlsafe(24)
    link = PreviewLink.objects.create(
        page=page,
        secret_digest=previews.secret_digest(secret),
        text=page.text,
        version_saved=page.edited_at or page.updated,
        created_by=author_name(user),
    )
    return link, secret


def revoke_preview_link(link: PreviewLink, *, user) -> None:
    """Turn a link off for good (it is kept, marked, so the history says who did)."""
    if link.revoked is None:
        link.revoked, link.revoked_by = timezone.now(), author_name(user)
        link.save(update_fields=["revoked", "revoked_by"])


# --- Clinical review ----------------------------------------------------------------------


class NotAllowed(Exception):
    """The person may not do this review action (not a reviewer, or their own change)."""


@dataclass
class Held:
    """A change kept for clinical review; the public still sees the published page."""

    relpath: str
    pending: PendingVersion
    warnings: list[Problem]
    replaced: str = ""  # whose waiting change this one replaced, if someone else's


def _front_matter(text: str | None) -> dict:
    try:
        return pagefile.read(text or "")[0]
    except pagefile.Unreadable:
        return {}


def submit_page(relpath, text, *, base, user, message="") -> Saved | Held:
    """The editor's save: straight to the site, or, for a page that needs clinical
    review, kept as the page's pending version (one per page: a second save replaces it)
    and the reviewers told."""
    from . import tasks

    text = files.normalise(text)
    row = Page.objects.filter(relpath=relpath).first()
    published = row.front_matter if row else {}
    if row is None or not review.needs_review(relpath, published, _front_matter(text)):
        return save_page(relpath, text, base=base, user=user, message=message)
    warnings = _refuse_errors(relpath, text)
    with transaction.atomic():
        current = _current(relpath)
        if files.digest(current) != base:
            raise Conflict(current, _last_revision(relpath))
        row = Page.objects.get(relpath=relpath)
        earlier = PendingVersion.objects.select_for_update().filter(page=row).first()
        replaced = ""
        if earlier is not None and earlier.author_id != getattr(user, "pk", None):
            replaced = earlier.author_name
        pending, _ = PendingVersion.objects.update_or_create(
            page=row,
            defaults={
                "relpath": relpath,
                "text": text,
                "base": base,
                "author": user,
                "author_name": author_name(user),
                "note": message[:300],
                "saved": timezone.now(),
                "state": PendingVersion.State.WAITING,
                "reason": "",
                "sent_back_by": "",
                "sent_back_at": None,
            },
        )
        enqueue_on_commit(tasks.send_review_request, pending.pk)
    return Held(relpath, pending, warnings, replaced)


def submit_new_page(relpath, text, *, user, message="") -> Saved | Held:
    """The editor's "Add a page": a page that needs clinical review is created as a draft
    (only staff see it) with the text as written waiting for review, so a reviewer's
    approval is what makes it public."""
    from . import tasks

    text = files.normalise(text)
    values = _front_matter(text)
    if (
        not review.review_in_force()
        or review.kind_of(relpath, values) == "none"
        or values.get("draft") is True
    ):
        return create_page(relpath, text, user=user, message=message)
    body = pagefile.read(text)[1]
    draft = pagefile.write({**values, "draft": True}, body, order=list(values), source=text)
    with transaction.atomic():
        saved = create_page(
            relpath,
            draft,
            user=user,
            message=message or "Created the page, as a draft until a clinical reviewer approves it",
        )
        row = Page.objects.get(relpath=relpath)
        pending = PendingVersion.objects.create(
            page=row,
            relpath=relpath,
            text=text,
            base=files.digest(selectors.text_of(relpath)),
            author=user,
            author_name=author_name(user),
            note=(message or "Created the page")[:300],
        )
        enqueue_on_commit(tasks.send_review_request, pending.pk)
    return Held(relpath, pending, saved.warnings)


def _check_reviewer(pending: PendingVersion, user) -> None:
    if not review.may_review(user):
        raise NotAllowed("Only clinical reviewers can approve or send back a change.")
    if pending.author_id is not None and pending.author_id == user.pk:
        raise NotAllowed(
            "You wrote this change, so you cannot review it: another clinical reviewer must."
        )


def with_review_dates(text: str, reviewed_by: str, today=None) -> str:
    """The text with `reviewed` (today), `reviewed_by` and `next_review` (a cycle on)."""
    today = today or timezone.localdate()
    values, body = pagefile.read(text)
    values.update(reviewed=today, reviewed_by=reviewed_by, next_review=review.next_review(today))
    return pagefile.write(values, body, order=list(values), source=text)


def approve_pending(pending_id, *, user, reviewed_by="", clinical=True) -> Saved:
    """Publish a pending change as its author's version, approved by `user`. A clinical
    approval sets the review dates and the reviewer's name and role; "no clinical change"
    (a typo) leaves them. Refused for the change's own author (NotAllowed), and when the
    page changed since the change was made (Conflict: nothing is overwritten)."""
    from . import tasks

    with transaction.atomic():
        pending = PendingVersion.objects.select_for_update().get(pk=pending_id)
        _check_reviewer(pending, user)
        reviewer = author_name(user)
        text = pending.text
        if clinical:
            text = with_review_dates(text, reviewed_by or reviewer)
            how = f"Approved by {reviewed_by or reviewer}"
        else:
            how = f"No clinical change (typo), approved by {reviewer}"
        note = pending.note or "Edited the page"
        saved = save_page(
            pending.page.relpath,  # the page's file now (it may have moved since)
            text,
            base=pending.base,
            user=pending.author,
            message=f"{note} ({how})",
            approver=user,
            approved_by=reviewed_by or reviewer,
        )
        author_id, page_id = pending.author_id, pending.page_id
        pending.delete()
        if author_id:
            enqueue_on_commit(tasks.send_review_outcome, page_id, author_id, "approved", reviewer)
    return saved


def send_back_pending(pending_id, *, user, reason: str) -> PendingVersion:
    """Return a pending change to its author with a reason; the published page and the
    change's text are kept as they are."""
    from . import tasks

    reason = (reason or "").strip()
    if not reason:
        raise NotAllowed("Say why you are sending the change back, so its author can fix it.")
    with transaction.atomic():
        pending = PendingVersion.objects.select_for_update().get(pk=pending_id)
        _check_reviewer(pending, user)
        pending.state = PendingVersion.State.SENT_BACK
        pending.reason = reason
        pending.sent_back_by = author_name(user)
        pending.sent_back_at = timezone.now()
        pending.save()
        if pending.author_id:
            enqueue_on_commit(
                tasks.send_review_outcome,
                pending.page_id,
                pending.author_id,
                "sent_back",
                pending.sent_back_by,
            )
    return pending


def withdraw_pending(pending_id, *, user) -> None:
    """Drop a waiting or sent-back change (the published page stays as it is); kept in
    the history as a note of who withdrew whose change."""
    with transaction.atomic():
        pending = PendingVersion.objects.select_for_update().filter(pk=pending_id).first()
        if pending is None:
            return
        logger.info(
            "%s withdrew the change %s made to %s",
            author_name(user),
            pending.author_name,
            pending.relpath,
        )
        pending.delete()
