"""Reads for search that are not the index itself: the staff's synonym list."""

from .models import Synonym, word_list


def synonyms() -> dict[str, frozenset[str]]:
    """Each word staff listed under "when someone searches for" → the words it also finds.

    One small query per search; search results are never cached, so a row saved in the
    admin counts from the next search.
    """
    table: dict[str, set[str]] = {}
    for words, also_find in Synonym.objects.values_list("words", "also_find"):
        others = set(word_list(also_find))
        for word in word_list(words):
            table.setdefault(word, set()).update(others)
    return {word: frozenset(others) for word, others in table.items()}
