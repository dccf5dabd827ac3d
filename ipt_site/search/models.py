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


def word_list(text: str) -> list[str]:
    """The words of a comma-separated list, lower case, in the order written, once each."""
    words = [word.strip().casefold() for word in text.split(",")]
    return list(dict.fromkeys(word for word in words if word))


class Synonym(models.Model):
    """Everyday words and the words the site's pages use for the same thing.

    A search for any of `words` also finds pages with any of `also_find` ("argument" also
    finds "row", "clash" and "conflict"). One way only: add a second row for the other
    direction. Staff edit these in the admin; the next search uses them (search results are
    never cached).
    """

    words = models.CharField(
        "when someone searches for",
        max_length=300,
        unique=True,
        help_text="Single words, separated by commas, e.g. “argument, arguing, fight, "
        "fighting”: write each form people type, except a plural with -s, which the "
        "single word covers.",
    )
    also_find = models.CharField(
        "also find pages with",
        max_length=300,
        help_text="Single words, separated by commas, that the pages use, e.g. “row, clash, "
        "conflict”.",
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Optional: why this is here, for other staff."
    )

    class Meta:
        db_table = "search_synonym"
        ordering = ("words",)
        verbose_name = "search synonym"

    def __str__(self):
        return f"{self.words} → {self.also_find}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from .query import STOP_WORDS, WORD

        errors = {}
        for name in ("words", "also_find"):
            words = word_list(getattr(self, name))
            bad = [word for word in words if WORD.fullmatch(word) is None]
            if not words:
                errors[name] = "Write at least one word."
            elif bad:
                errors[name] = (
                    f"Write single words (letters and numbers) separated by commas: "
                    f"“{bad[0]}” is not one word. Search matches each word on its own."
                )
            elif common := [word for word in words if word in STOP_WORDS]:
                errors[name] = (
                    f"“{common[0]}” is too common a word: search leaves it out. Remove it."
                )
            else:
                setattr(self, name, ", ".join(words))
        if errors:
            raise ValidationError(errors)
