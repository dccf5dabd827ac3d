"""The search index: one row per thing a visitor can find, kept in step with its source.

Rows are written only by `indexer.py`. Full-text matching lives beside the table, by
database: on SQLite an FTS5 table (`search_document_fts`, porter stemming) that triggers
keep in step with this table (migration 0001); on PostgreSQL the `search_vector` column
(weighted, 'english' configuration) with a GIN index, filled by the indexer. On SQLite
`search_vector` is an unused, empty column.

On SQLite, a later migration that rebuilds this table (most column changes do) drops the
triggers with the old table: recreate them in that migration (see 0001's FTS_SQL).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class Document(models.Model):
    class Kind(models.TextChoices):
        PAGE = "page", "Page"
        ARTICLE = "article", "Article"
        GLOSSARY = "glossary", "Glossary"
        QUESTION = "question", "Question"
        THERAPIST = "therapist", "Therapist"

    # Where the row came from, e.g. "page:/faq/" or "therapist:12": unique, so a source
    # has exactly one row.
    key = models.CharField(max_length=600, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    date = models.DateField(null=True, blank=True)
    # A hash of the fields above: unchanged sources are not written again.
    checksum = models.CharField(max_length=32)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        db_table = "search_document"
        indexes = [GinIndex(fields=["search_vector"], name="search_document_vector")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class IndexState(models.Model):
    """What each part of the index was last built from (a content version, a fingerprint)."""

    name = models.CharField(max_length=40, primary_key=True)
    version = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "search_index_state"

    def __str__(self):
        return f"{self.name}: {self.version}"
