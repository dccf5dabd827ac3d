"""The content folder on disk: which files are pages, their addresses, and safe writes.

Only `sync.py` and the editor's services write here. Writes go to a temporary file in the
same folder, then `os.replace` puts it in place in one step, so a reader (or a crash)
never sees half a page. Names starting with a dot (the temporary files, `.git`, the
sync's own note) are never pages.
"""

import contextlib
import hashlib
import itertools
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
INDEX_NAME = "_index.md"
# Files in the content folder that are documentation for editors, not pages.
# The staff guide: never a page (the editor shows it in the staff area).
GUIDE_NAME = "README.md"
IGNORED_NAMES = {GUIDE_NAME}


class BadPath(ValueError):
    """A path that is not a content page inside the content folder."""


def root() -> Path:
    return Path(settings.CONTENT_DIR).resolve()


def url_for(relpath: str) -> str | None:
    """The URL of a content file ('problem-areas/grief.md' is '/problem-areas/grief/', a
    folder's _index.md the folder's own page), or None when its name cannot be a URL."""
    parts = relpath[: -len(".md")].split("/")
    if parts[-1] == "_index":
        parts = parts[:-1]
    if not all(SLUG.match(part) for part in parts):
        return None
    return "/" + "".join(f"{part}/" for part in parts)


def walk(base: Path | None = None):
    """The relpath of every page file under the folder, in a stable order."""
    base = base or root()
    for dirpath, dirnames, filenames in os.walk(base):
        # Hidden folders (.git, editor folders) are never content.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".md") and not name.startswith(".") and name not in IGNORED_NAMES:
                yield (Path(dirpath) / name).relative_to(base).as_posix()


def check_relpath(relpath: str) -> str:
    """The relpath if it names a page file inside the folder (never outside it)."""
    parts = relpath.split("/")
    if not relpath.endswith(".md") or any(not p for p in parts):
        raise BadPath(relpath)
    *folders, name = parts
    stem = name[: -len(".md")]
    if not all(SLUG.match(f) for f in folders) or not (name == INDEX_NAME or SLUG.match(stem)):
        raise BadPath(relpath)
    return relpath


def path_for(relpath: str) -> Path:
    return root() / check_relpath(relpath)


def digest(text: str | None) -> str:
    """A short fingerprint of a version of a file; '' for a file that does not exist."""
    if text is None:
        return ""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def read_text(path: Path) -> str | None:
    """A file's text; None when it is gone. Bytes that are not UTF-8 are replaced, so the
    page's checks can say so instead of the sync failing."""
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None


def normalise(text: str) -> str:
    """Browsers send CRLF line endings; files on disk use LF, end with one newline and start
    without a byte order mark (one pasted in from a file is invisible in the text box)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\n") + "\n"


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_path(target: Path, text: str) -> None:
    """Write atomically: a temporary file beside the target, flushed, then renamed over it.
    A failure leaves nothing behind: no temporary file, no folder made for it."""
    made = list(itertools.takewhile(lambda folder: not folder.exists(), target.parents))
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        for folder in made:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    _sync_folder(target.parent)


def write(relpath: str, text: str) -> Path:
    target = path_for(relpath)
    write_path(target, text)
    return target


def remove(relpath: str) -> None:
    target = path_for(relpath)
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
        _sync_folder(target.parent)


def move(old: str, new: str) -> None:
    source, target = path_for(old), path_for(new)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    _sync_folder(source.parent)
    _sync_folder(target.parent)


def relpath_for(section: str, slug: str, *, landing: bool = False) -> str:
    """The file for a page named `slug` in `section`; a landing page is slug/_index.md."""
    folder = f"{section}/" if section else ""
    return f"{folder}{slug}/{INDEX_NAME}" if landing else f"{folder}{slug}.md"
