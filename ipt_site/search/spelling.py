""" "Did you mean": the closest word in the site's own vocabulary to a word that found nothing.

The vocabulary is what the index already holds, read at query time (nothing is written):
on PostgreSQL the lexemes of `search_vector` (`ts_stat`), the candidates found by trigram
similarity (`pg_trgm`, enabled by migration 0004) or a shared first letter; on SQLite the
FTS5 table's terms (`search_document_vocab`, an `fts5vocab` view made by the same
migration) with the same first letter. On both, the closest candidate by edit distance (a
swap of two letters counts as one slip) is chosen. Both vocabularies hold stems
("depress", not "depression"), so the word offered is the one the pages themselves use
most for that stem, read from the matches.
"""

import re
from collections import Counter

from django.db import connection

from .documents import MARK_END, MARK_START
from .query import STOP_WORDS

# Endings a typed word may have that its stem in the index does not ("depresion" is
# compared as "depres" too).
_ENDING = re.compile(r"(ions?|ing|ed|es|s|ly|ness|ment)$")
# Trigram similarity that makes a word a candidate whatever its first letter (1.0 is the
# same word).
MIN_SIMILARITY = 0.3
_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_END}]+){MARK_END}")


def edit_distance(a: str, b: str) -> int:
    """Letters to add, remove, change or swap with the next one to turn a into b."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if previous2 is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _allowed(word: str) -> int:
    """How many slips a word of this length may have and still be recognised."""
    return 1 if len(word) <= 5 else 2


def _closeness(word: str, term: str) -> int:
    """Edit distance from what was typed to a stem, allowing for the ending stems lose."""
    stripped = _ENDING.sub("", word)
    best = min(edit_distance(word, term), edit_distance(stripped, term))
    if len(term) >= 5 and 1 <= len(word) - len(term) <= 3:  # "depressio" against "depress"
        best = min(best, edit_distance(word[: len(term)], term) + 1)
    return best


def _best(word: str, candidates) -> str | None:
    """The candidate stem (term, documents) closest to the word, the commoner on a tie."""
    scored = [
        (_closeness(word, term), -docs, term)
        for term, docs in candidates
        if term not in STOP_WORDS and term.isalpha()
    ]
    scored = [entry for entry in scored if entry[0] <= _allowed(word)]
    return min(scored)[2] if scored else None


def _candidates_sqlite(word: str):
    with connection.cursor() as cursor:
        # Slips rarely touch the first letter; keeping it cuts the candidates to a few
        # hundred, compared in Python.
        cursor.execute(
            "SELECT term, doc FROM search_document_vocab "
            "WHERE substr(term, 1, 1) = %s AND length(term) BETWEEN %s AND %s",
            [word[0], max(2, len(word) - 5), len(word) + 2],
        )
        return cursor.fetchall()


def _candidates_postgresql(word: str):
    # Trigram similarity finds words that share letter runs, whatever letter they start
    # with; it scores a swap of two letters ("greif") low, so the final choice is made by
    # edit distance, as on SQLite.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT word, ndoc FROM (
                SELECT word, ndoc,
                       greatest(similarity(word, %s), similarity(word, %s)) AS likeness
                FROM ts_stat('SELECT search_vector FROM search_document')
            ) AS vocabulary
            WHERE likeness >= %s
               OR (left(word, 1) = %s AND length(word) BETWEEN %s AND %s)
            ORDER BY likeness DESC
            LIMIT 500
            """,
            [
                word,
                _ENDING.sub("", word) or word,
                MIN_SIMILARITY,
                word[0],
                max(2, len(word) - 5),
                len(word) + 2,
            ],
        )
        return cursor.fetchall()


def _pages_word(stem: str) -> str | None:
    """The word the pages use most for a stem ("depress" → "depression")."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                SELECT ts_headline('english', title || ' ' || summary || ' ' || body,
                                   plainto_tsquery('english', %s),
                                   %s)
                FROM search_document
                WHERE search_vector @@ plainto_tsquery('english', %s)
                LIMIT 20
                """,
                [
                    stem,
                    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=8, MinWords=3",
                    stem,
                ],
            )
        else:
            cursor.execute(
                "SELECT snippet(search_document_fts, -1, %s, %s, '', 8) "
                "FROM search_document_fts WHERE search_document_fts MATCH %s LIMIT 20",
                [MARK_START, MARK_END, f'"{stem}"'],
            )
        texts = [row[0] for row in cursor.fetchall()]
    used = Counter(
        found.casefold() for text in texts for found in _MARKED.findall(text) if found.isalpha()
    )
    return used.most_common(1)[0][0] if used else None


def suggest(word: str) -> str | None:
    """A word the site uses that is probably what `word` meant, or None."""
    if len(word) < 4 or not word.isalpha():  # too short to guess at ("teh": tea? the?)
        return None
    if connection.vendor == "postgresql":
        stem = _best(word, _candidates_postgresql(word))
    else:
        stem = _best(word, _candidates_sqlite(word))
    if not stem:
        return None
    offered = _pages_word(stem)
    return offered if offered and offered != word else None
