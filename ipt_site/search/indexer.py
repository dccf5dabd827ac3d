"""Keeping the index exact: the only code that writes search rows.

Content is re-indexed lazily: each search compares the content store's `index.version`
(which changes whenever any file changes) with the version the index was built from, and
brings the rows up to date when they differ, writing only documents whose checksum
changed. Therapists are re-indexed by signals when one changes, and also whenever a
cheap fingerprint of the therapist table (count, newest `updated`) moves, which catches
bulk changes that send no signals (the admin's publish action uses `update()`).
"""

import hashlib
import logging

from django.db import connection, transaction
from django.db.models import Count, Max

from ipt_site.helplines import selectors as helplines
from ipt_site.pages import placeholders
from ipt_site.pages.store import get_store
from ipt_site.therapists.models import Therapist

from . import documents
from .models import Document, IndexState

logger = logging.getLogger(__name__)

# Bump when what documents hold changes, so every index is rebuilt once.
SCHEMA = "3"
CONTENT = "content"
THERAPISTS = "therapists"
CONTENT_KINDS = (
    Document.Kind.PAGE,
    Document.Kind.ARTICLE,
    Document.Kind.GLOSSARY,
    Document.Kind.QUESTION,
)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _vector():
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )


def _write(docs, *, scope) -> int:
    """Make the rows in `scope` (a queryset) exactly `docs`; returns rows written."""
    wanted = {doc.key: doc for doc in docs}
    existing = dict(scope.values_list("key", "checksum"))
    gone = set(existing) - set(wanted)
    if gone:
        Document.objects.filter(key__in=gone).delete()
    changed = [doc for key, doc in wanted.items() if existing.get(key) != doc.checksum]
    for doc in changed:
        Document.objects.update_or_create(key=doc.key, defaults=doc.fields())
    if changed and _postgres():
        Document.objects.filter(key__in=[doc.key for doc in changed]).update(
            search_vector=_vector()
        )
    return len(changed) + len(gone)


def _sync(name: str, version: str, build, scope, *, known: str | None = None) -> bool:
    """Rebuild one part of the index when its source version moved; True if it did.

    `known` is the stored version when the caller has read it already."""
    if known is None:
        known = IndexState.objects.filter(name=name).values_list("version", flat=True).first()
    if known == version:
        return False
    IndexState.objects.get_or_create(name=name)
    with transaction.atomic():
        # One process at a time (PostgreSQL row lock; SQLite serialises writers anyway).
        state = IndexState.objects.select_for_update().get(name=name)
        if state.version == version:
            return False  # another process did it while we waited
        written = _write(build(), scope=scope)
        state.version = version
        state.save(update_fields=["version"])
    logger.info("Search index: %s brought up to date (%d rows written)", name, written)
    return True


def content_version(index) -> str:
    # Placeholders fill practice details and help lines into pages, so settings and the
    # help lines' digest are part of the version (a changed number is re-indexed).
    settings_hash = hashlib.blake2b(
        repr(sorted(placeholders.values().items())).encode(), digest_size=6
    ).hexdigest()
    return f"{SCHEMA}:{index.version}:{settings_hash}:{helplines.current().digest}"


def sync_content(*, known: str | None = None) -> bool:
    index = get_store().index()
    return _sync(
        CONTENT,
        content_version(index),
        lambda: documents.content_documents(index) + documents.app_documents(),
        Document.objects.filter(kind__in=CONTENT_KINDS),
        known=known,
    )


def _published_therapists():
    return Therapist.objects.published().prefetch_related(
        "problem_areas", "other_areas", "languages", "formats"
    )


def therapist_fingerprint() -> str:
    stats = Therapist.objects.aggregate(count=Count("pk"), newest=Max("updated"))
    newest = stats["newest"].isoformat() if stats["newest"] else "-"
    return f"{SCHEMA}:{stats['count']}:{newest}"


def sync_therapists(*, force: bool = False, known: str | None = None) -> bool:
    if force:
        IndexState.objects.filter(name=THERAPISTS).update(version="")
        known = None
    return _sync(
        THERAPISTS,
        therapist_fingerprint(),
        lambda: [documents.therapist_document(t) for t in _published_therapists()],
        Document.objects.filter(kind=Document.Kind.THERAPIST),
        known=known,
    )


def sync_therapist(pk) -> None:
    """One therapist changed: write (or remove) its row now."""
    therapist = _published_therapists().filter(pk=pk).first()
    docs = [documents.therapist_document(therapist)] if therapist else []
    with transaction.atomic():
        _write(docs, scope=Document.objects.filter(key=f"therapist:{pk}"))


def ensure_fresh() -> None:
    """Called before each search: cheap when nothing changed (two small queries)."""
    known = dict(IndexState.objects.values_list("name", "version"))
    sync_content(known=known.get(CONTENT, ""))
    sync_therapists(known=known.get(THERAPISTS, ""))


def rebuild() -> None:
    """Everything from scratch (the rebuild_search_index command)."""
    with transaction.atomic():
        Document.objects.all().delete()
        IndexState.objects.all().delete()
    sync_content()
    sync_therapists()
