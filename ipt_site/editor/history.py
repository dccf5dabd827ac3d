"""Every version of every page: commits when the content folder is a git repository,
otherwise rows in the database.

With git, an edit made by hand and committed, and a save made in the editor, share one
history: the editor commits with dulwich (pure Python, so nothing is run in a shell) and
reads the log back. Without git, each save stores the page's text in a `Revision`. Either
way a `Revision` row records who saved what and when, which the page list shows.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings

from ipt_site.pages import files

from .models import Revision

logger = logging.getLogger(__name__)

DISK_AUTHOR = "Edited on disk"


@dataclass(frozen=True)
class Version:
    """One version of a page in its history, newest first in lists."""

    id: str
    when: datetime.datetime
    who: str
    message: str
    relpath: str  # the page's file at that version (pages can move)
    deleted: bool = False
    approved_by: str = ""  # the clinical reviewer who approved it, if one did

    @property
    def by(self) -> str:
        """Who saved it, as the end of "Saved 3 Dec 2026, 14:02 ..."."""
        if self.who == DISK_AUTHOR:
            return "outside the editor (the file was changed by hand or by git)"
        return f"by {self.who}"


def author_name(user) -> str:
    if user is None:
        return DISK_AUTHOR
    return (user.get_full_name() or user.get_username()).strip()


class _History:
    def catch_up(self, relpath: str, disk_text: str | None) -> None:
        """Record a change made outside the editor (by hand, or before the editor existed)
        as its own version, so the next save's version holds only that save."""
        if disk_text is not None and self.latest_text(relpath) != disk_text:
            message = (
                "The page as it was on disk (changed outside the editor)"
                if self.versions(relpath)
                else "The page as it was before it was first edited in the editor"
            )
            self.record(relpath, disk_text, user=None, message=message, action=Revision.Action.DISK)


class DatabaseHistory(_History):
    kind = "database"

    def record(
        self, relpath, text, *, user, message, action, old_relpath="", approver=None,
        approved_by="",
    ) -> Revision:  # fmt: skip
        """Store the page's new text (None: the file was deleted)."""
        return Revision.objects.create(
            relpath=relpath,
            old_relpath=old_relpath,
            action=action,
            message=message[:300],
            user=user,
            author=author_name(user),
            text=text,
            approver=approver,
            approved_by=approved_by,
        )

    def versions(self, relpath: str) -> list[Version]:
        """The page's versions, following it back through moves."""
        found, path, seen = [], relpath, set()
        while path and path not in seen:
            seen.add(path)
            rows = list(Revision.objects.filter(relpath=path))
            older = ""
            for row in rows:
                found.append(
                    Version(
                        id=f"r{row.pk}",
                        when=row.created,
                        who=row.author or DISK_AUTHOR,
                        message=row.message or row.get_action_display(),
                        relpath=row.relpath,
                        deleted=row.text is None,
                        approved_by=row.approved_by,
                    )
                )
                if row.action == Revision.Action.MOVE and row.old_relpath:
                    older = row.old_relpath
                    break  # older versions are under the page's previous file
            path = older
        return found

    def text(self, relpath: str, version_id: str) -> str | None:
        if not version_id.startswith("r") or not version_id[1:].isdigit():
            return None
        row = Revision.objects.filter(pk=int(version_id[1:])).first()
        return row.text if row else None

    def latest_text(self, relpath: str) -> str | None:
        """The text last recorded (None when never recorded, or deleted)."""
        row = Revision.objects.filter(relpath=relpath).first()
        return row.text if row else None

    def last_good_text(self, relpath: str) -> str | None:
        """The text before the page was deleted."""
        row = Revision.objects.filter(relpath=relpath).exclude(text=None).first()
        return row.text if row else None


class GitHistory(_History):
    kind = "git"

    def __init__(self, root):
        from dulwich.repo import Repo

        self.repo = Repo(str(root))

    @staticmethod
    def _identity(user) -> bytes:
        name = author_name(user).replace("<", "").replace(">", "")
        email = (getattr(user, "email", "") or "").strip() or "editor@ipt-site.invalid"
        return f"{name} <{email}>".encode()

    def record(
        self, relpath, text, *, user, message, action, old_relpath="", approver=None,
        approved_by="",
    ) -> Revision:  # fmt: skip
        """Commit the page's file as it is on disk now (and its old file, after a move).
        A reviewed change is the writer's commit, committed by its reviewer, with an
        `Approved-by:` trailer."""
        worktree = self.repo.get_worktree()
        paths = [relpath, old_relpath] if old_relpath else [relpath]
        worktree.stage(paths)
        identity = self._identity(user)
        committer = identity
        full_message = message
        if approver is not None:
            committer = self._identity(approver)
            full_message = f"{message}\n\nApproved-by: {committer.decode()}"
        commit = worktree.commit(
            message=full_message.encode("utf-8"),
            author=identity,
            committer=committer,
            tree=self._tree_with(paths),
            no_verify=True,  # a web request never runs repository hooks
            sign=False,
        )
        return Revision.objects.create(
            relpath=relpath,
            old_relpath=old_relpath,
            action=action,
            message=message[:300],
            user=user,
            author=author_name(user),
            text=None,
            commit=commit.decode(),
            approver=approver,
            approved_by=approved_by,
        )

    def _tree_with(self, paths) -> bytes:
        """The last commit's tree with only these paths as the index now has them.

        Committing the whole index would also commit whatever someone had staged by hand
        on the server, under the editor's name and message.
        """
        from dulwich.object_store import commit_tree_changes
        from dulwich.objects import Tree

        try:
            base = self.repo[self.repo.head()].tree
        except KeyError:  # no commit yet: start from an empty tree
            empty = Tree()
            self.repo.object_store.add_object(empty)
            base = empty.id
        index = self.repo.open_index()
        changes = []
        for path in paths:
            key = path.encode()
            try:
                entry = index[key]
            except KeyError:  # the file is gone (a move's old name, a delete)
                changes.append((key, None, None))
            else:
                changes.append((key, entry.mode, entry.sha))
        return commit_tree_changes(self.repo.object_store, self.repo[base], changes)

    def _blob(self, commit_id: bytes, relpath: str) -> str | None:
        from dulwich.object_store import tree_lookup_path

        try:
            commit = self.repo[commit_id]
            _mode, sha = tree_lookup_path(self.repo.__getitem__, commit.tree, relpath.encode())
            return self.repo[sha].data.decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            return None

    def versions(self, relpath: str) -> list[Version]:
        from dulwich.diff_tree import RenameDetector

        try:
            self.repo.head()
        except KeyError:
            return []  # a repository with no commit yet
        walker = self.repo.get_walker(
            paths=[relpath.encode()],
            follow=True,
            rename_detector=RenameDetector(self.repo.object_store),
        )
        found, path = [], relpath.encode()
        for entry in walker:
            commit = entry.commit
            deleted, older = False, path
            for change in entry.changes():
                if isinstance(change, list):  # a merge: one list of changes per parent
                    continue
                new_path = change.new.path if change.new else None
                old_path = change.old.path if change.old else None
                if new_path == path and old_path and old_path != path:
                    older = old_path  # renamed here: earlier versions have the old name
                elif new_path is None and old_path == path:
                    deleted = True
            when = datetime.datetime.fromtimestamp(commit.author_time, tz=datetime.UTC)
            text = commit.message.decode("utf-8", "replace").strip()
            message, _, trailer = text.partition("\n\nApproved-by: ")
            found.append(
                Version(
                    id=commit.id.decode(),
                    when=when,
                    who=commit.author.decode("utf-8", "replace").split(" <")[0],
                    message=message.strip(),
                    relpath=path.decode(),
                    deleted=deleted,
                    approved_by=trailer.split(" <")[0].strip(),
                )
            )
            path = older
        return found

    def text(self, relpath: str, version_id: str) -> str | None:
        for version in self.versions(relpath):
            if version.id == version_id:
                return None if version.deleted else self._blob(version_id.encode(), version.relpath)
        return None

    def latest_text(self, relpath: str) -> str | None:
        """The file as last committed (None when it is not in the last commit)."""
        try:
            head = self.repo.head()
        except KeyError:
            return None
        return self._blob(head, relpath)

    def last_good_text(self, relpath: str) -> str | None:
        """The text before the page was deleted."""
        for version in self.versions(relpath):
            if not version.deleted:
                return self._blob(version.id.encode(), version.relpath)
        return None


def get_history():
    """Git when the content folder is the top of a git repository (and the setting allows
    it), otherwise the database."""
    mode = settings.EDITOR_HISTORY
    root = files.root()
    if mode != "database" and (root / ".git").exists():
        return GitHistory(root)
    if mode == "git":
        logger.warning("IPT_CONTENT_HISTORY=git but %s is not a git repository", root)
    return DatabaseHistory()
