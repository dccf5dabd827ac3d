"""Keeping the index exact: the only code that writes search rows.

Content pages are re-indexed when the content sync changes them (`index_content()`,
called through the `content_changed` signal inside the sync's transaction), so a search
never writes for content: only the changed pages' documents are built again, plus the
app pages', and only documents whose checksum changed are written. Therapists are
re-indexed by signals when one changes, and also whenever a cheap fingerprint of the
therapist table (count, newest `updated`) moves, which catches bulk changes that send no
signals (the admin's publish action uses `update()`).
"""

import hashlib
import logging

from django.db import connection, transaction
from django.db.models import Count, Max, Q

from ipt_site.helplines import selectors as helplines
from ipt_site.pages import placeholders
from ipt_site.pages.models import Page
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
        if doc.key in existing:
            Document.objects.filter(key=doc.key).update(**doc.fields())
    Document.objects.bulk_create(
        [Document(key=doc.key, **doc.fields()) for doc in changed if doc.key not in existing],
        batch_size=200,
    )
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


def _content_fingerprint(app_docs) -> str:
    """Changes when every content document must be built again: a new SCHEMA, new practice
    details or help lines (placeholders fill them into pages), or new app-page entries."""
    digest = hashlib.blake2b(repr(sorted(placeholders.values().items())).encode(), digest_size=6)
    digest.update(helplines.current().digest.encode())
    for doc in app_docs:
        digest.update(doc.checksum.encode())
    return f"{SCHEMA}:{digest.hexdigest()}"


def index_content(urls=(), *, everything: bool = False) -> int:
    """Make the documents of the pages at these addresses (or of every page, and the app
    pages', when anything they all depend on changed) match the content rows; the number
    of rows written. Runs inside the content sync's transaction (one process at a time)."""
    state, _ = IndexState.objects.get_or_create(name=CONTENT)
    app_docs = documents.app_documents()
    fingerprint = _content_fingerprint(app_docs)
    everything = everything or state.version != fingerprint
    pages = Page.objects.published()
    scope = Document.objects.filter(kind__in=CONTENT_KINDS)
    if everything:
        docs = documents.content_documents(pages) + app_docs
    elif urls:
        by_url = Q()
        for url in urls:
            by_url |= Q(key=f"page:{url}") | Q(key__startswith=f"page:{url}#")
        docs, scope = documents.content_documents(pages.filter(url__in=urls)), scope.filter(by_url)
    else:
        return 0
    written = _write(docs, scope=scope)
    if state.version != fingerprint:
        state.version = fingerprint
        state.save(update_fields=["version"])
    if written:
        logger.info("Search index: %d content rows written", written)
    return written


def reindex_content_if_stale() -> int:
    """Outside a content sync (help lines changed): rebuild the content documents if what
    they all depend on changed, holding the content lock as the sync does."""
    from ipt_site.pagecache import versions

    with transaction.atomic():
        versions.lock_content()
        return index_content()


def content_changed(sender, urls, everything, **kwargs):
    """The content sync changed pages (connected in apps.py)."""
    index_content(urls, everything=everything)


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
    """Called before each search: cheap when nothing changed (one small query)."""
    known = IndexState.objects.filter(name=THERAPISTS).values_list("version", flat=True)
    sync_therapists(known=known.first() or "")


def rebuild() -> None:
    """Everything from scratch (the rebuild_search_index command)."""
    with transaction.atomic():
        Document.objects.all().delete()
        IndexState.objects.all().delete()
        index_content(everything=True)
    sync_therapists()
