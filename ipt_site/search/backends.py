"""Full-text search on the database in use: SQLite FTS5, or PostgreSQL's text search.

Both take a parsed `SearchQuery` (plain words in groups of equivalent forms), match all
groups (or, as a fallback, any), rank the matches (titles holding the words first) and
return snippets with matched words
between MARK_START and MARK_END, which `highlight()` turns into <mark> after escaping.
"""

import functools
import operator
import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .documents import MARK_END, MARK_START
from .models import Document

SNIPPET_WORDS = 24
ELLIPSIS = "…"


@dataclass(frozen=True)
class Result:
    kind: str
    url: str
    title: str
    summary: str
    date: object
    snippet: str  # plain text with MARK_START/MARK_END around matched words

    @property
    def kind_label(self) -> str:
        return Document.Kind(self.kind).label

    @property
    def snippet_html(self) -> SafeString:
        """The snippet if it shows a matched word, else the summary; always escaped."""
        if MARK_START in self.snippet:
            return highlight(self.snippet)
        return highlight(self.summary or self.snippet)


_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_END}]*){MARK_END}")


def highlight(text: str) -> SafeString:
    """Escape everything, then turn the index's marks into <mark> elements."""
    escaped = escape(text)
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(MARK_START, "").replace(MARK_END, ""))  # noqa: S308


def _fts5_expression(query, *, any_word: bool) -> str:
    # Each form is a quoted string of letters and digits only, so FTS5 reads it as a
    # plain word: no operator (AND, NEAR, *, -, ^, :) can reach the query language.
    groups = [_group_expression(group) for group in query.groups]
    return (" OR " if any_word else " AND ").join(groups)


def _group_expression(group) -> str:
    return "(" + " OR ".join(f'"{form}"' for form in sorted(group)) + ")"


def _search_sqlite(query, limit, offset, any_word):
    expression = _fts5_expression(query, any_word=any_word)
    # Documents whose title has the words come first: bm25 alone favours rare words in
    # short texts, so a glossary line that mentions "grieve" would beat the grief page.
    title_only = f"title : ({expression})"
    # With any of the words, a document with more of them comes first: "argument with my
    # partner" puts pages with both words above pages with one.
    if any_word:
        words_found = " + ".join(
            "(d.id IN (SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH %s))"
            for _ in query.groups
        )
        words_found = f"({words_found}) DESC,"
        words_params = [_group_expression(group) for group in query.groups]
    else:
        words_found, words_params = "", []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_document_fts WHERE search_document_fts MATCH %s",
            [expression],
        )
        total = cursor.fetchone()[0]
        if not total:
            return 0, []
        cursor.execute(
            f"""
            SELECT d.kind, d.url, d.title, d.summary, d.date,
                   snippet(search_document_fts, 2, %s, %s, %s, %s)
            FROM search_document_fts
            JOIN search_document AS d ON d.id = search_document_fts.rowid
            WHERE search_document_fts MATCH %s
            ORDER BY {words_found} d.id IN (
                SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH %s
            ) DESC, bm25(search_document_fts, 10.0, 4.0, 1.0), d.title
            LIMIT %s OFFSET %s
            """,  # noqa: S608 (placeholders only)
            [
                *(MARK_START, MARK_END, ELLIPSIS, SNIPPET_WORDS, expression),
                *words_params,
                *(title_only, limit, offset),
            ],
        )
        rows = cursor.fetchall()
    date_field = Document._meta.get_field("date")
    return total, [
        Result(kind, url, title, summary, date_field.to_python(date), snippet)
        for kind, url, title, summary, date, snippet in rows
    ]


def _search_postgresql(query, limit, offset, any_word):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )
    from django.db.models import BooleanField, Case, ExpressionWrapper, F, Q, Value, When

    def forms(group):
        return functools.reduce(
            operator.or_,
            (SearchQuery(form, config="english", search_type="plain") for form in sorted(group)),
        )

    combine = operator.or_ if any_word else operator.and_
    tsquery = functools.reduce(combine, (forms(group) for group in query.groups))
    matches = Document.objects.filter(search_vector=tsquery)
    total = matches.count()
    if not total:
        return 0, []
    rows = (
        matches.annotate(title_vector=SearchVector("title", config="english"))
        .annotate(
            # With any of the words, a document with more of them comes first.
            words_found=functools.reduce(
                operator.add,
                (
                    Case(When(search_vector=forms(group), then=Value(1)), default=Value(0))
                    for group in query.groups
                ),
            )
            if any_word
            else Value(0),
            in_title=ExpressionWrapper(Q(title_vector=tsquery), output_field=BooleanField()),
            rank=SearchRank(F("search_vector"), tsquery),
            snippet=SearchHeadline(
                "body",
                tsquery,
                config="english",
                start_sel=MARK_START,
                stop_sel=MARK_END,
                max_words=SNIPPET_WORDS,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=f" {ELLIPSIS} ",
            ),
        )
        .order_by("-words_found", "-in_title", "-rank", "title")
        .values_list("kind", "url", "title", "summary", "date", "snippet")[offset : offset + limit]
    )
    return total, [Result(*row) for row in rows]


def search(
    query, *, limit: int, offset: int = 0, any_word: bool = False
) -> tuple[int, list[Result]]:
    """(number of matches, `limit` of them from `offset` in rank order) for a parsed
    query that is ok."""
    if connection.vendor == "postgresql":
        return _search_postgresql(query, limit, offset, any_word)
    return _search_sqlite(query, limit, offset, any_word)


def count(group) -> int:
    """How many documents have any form of one word (its group)."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        tsquery = functools.reduce(
            operator.or_,
            (SearchQuery(form, config="english", search_type="plain") for form in sorted(group)),
        )
        return Document.objects.filter(search_vector=tsquery).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_document_fts WHERE search_document_fts MATCH %s",
            [_group_expression(group)],
        )
        return cursor.fetchone()[0]
