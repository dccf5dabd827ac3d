"""What a visitor typed, turned into words the index can match: never raw syntax.

The text is never handed to the database's query language. It is cut into plain words
(letters and digits only), common words are dropped, and each word becomes a small group
of equivalent forms: British and American spellings both ways, and a few words stemming
alone does not join ("grieving" and "grief"). Each backend quotes those words itself.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_CHARS = 200
MAX_WORDS = 8
MAX_WORD_CHARS = 40

EMPTY = "empty"
TOO_LONG = "too-long"
NO_WORDS = "no-words"

# Letters and digits in any script; everything else (quotes, *, -, brackets, emoji,
# control characters) separates words.
WORD = re.compile(r"[^\W_]+")

# PostgreSQL's English stop words (snowball), so both databases ignore the same words.
_STOP_WORDS = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your
    yours yourself yourselves don
"""
# Words of everyday questions that say nothing about what is wanted ("how much does it
# cost", "what is a session like", "I can't sleep"): searched for, they keep the page
# that answers from having "all of the words".
_FILLER_WORDS = "much like really please thing things cant dont im ive wont didnt"
STOP_WORDS = frozenset(_STOP_WORDS.split()) | frozenset(_FILLER_WORDS.split())

# British spelling: American spelling, for the word alone or with a common ending
# ("colours", "behavioural", "counsellors"), matched in both directions.
SPELLINGS = {
    "colour": "color",
    "behaviour": "behavior",
    "favour": "favor",
    "honour": "honor",
    "neighbour": "neighbor",
    "humour": "humor",
    "labour": "labor",
    "rumour": "rumor",
    "centre": "center",
    "programme": "program",
    "counsell": "counsel",
    "mum": "mom",
    "paediatric": "pediatric",
    "anaemi": "anemi",
    "oestrogen": "estrogen",
    "ageing": "aging",
    "grey": "gray",
    "towards": "toward",
    "defence": "defense",
    "licence": "license",
    "judgement": "judgment",
    "travell": "travel",
    "cancell": "cancel",
    "fulfil": "fulfill",
    "enrol": "enroll",
    "practise": "practice",
    "sceptic": "skeptic",
    "catalogue": "catalog",
    "dialogue": "dialog",
}
_AMERICAN = {american: british for british, american in SPELLINGS.items()}
_ENDS = ("", "s", "es", "ed", "ing", "al", "ally", "ite", "ites", "er", "ers", "or", "ors")


def _respell(word: str, table: dict) -> str | None:
    for start, other in table.items():
        if word.startswith(start) and word[len(start) :] in _ENDS:
            return other + word[len(start) :]
    return None


# Words that mean the same here but do not share a stem: (words that trigger the group,
# one form per stem to search for).
SAME_MEANING = [
    ({"grief", "griefs", "grieve", "grieves", "grieved", "grieving"}, {"grief", "grieve"}),
    ({"postnatal", "postpartum", "perinatal"}, {"postnatal", "postpartum", "perinatal"}),
]
_SAME = {word: forms for words, forms in SAME_MEANING for word in words}
# Forms that the index's stemmer makes into one word (grieve, grieving) are searched for
# once, or that word would count several times in the ranking.
_ENDINGS = re.compile(r"(ing|ed|es|e|s)$")

# -ise/-ize and -isation/-ization words, e.g. "organise" and "organize".
_ISE = re.compile(r"^(?P<stem>\w{3,})i(?P<letter>[sz])(?P<end>e|es|ed|ing|ation|ations)$")


def _synonyms_of(word: str, synonyms: dict) -> frozenset[str]:
    """Staff's synonyms for the word, or for it without a plural ending ("fees", "fee")."""
    for form in (
        word,
        word[:-1] if word.endswith("s") else "",
        word[:-2] if word.endswith("es") else "",
    ):
        if form in synonyms:
            return synonyms[form]
    return frozenset()


def variants(word: str, synonyms: dict | None = None) -> frozenset[str]:
    """The word and its other spellings and same-meaning words (built in, and staff's
    synonyms: see `selectors.synonyms()`)."""
    forms = {word}
    forms |= _SAME.get(word, set())
    forms |= _synonyms_of(word, synonyms or {})
    for form in list(forms):
        other = _respell(form, SPELLINGS) or _respell(form, _AMERICAN)
        if other:
            forms.add(other)
        match = _ISE.match(form)
        if match:
            other = "z" if match["letter"] == "s" else "s"
            forms.add(f"{match['stem']}i{other}{match['end']}")
    unique = {}
    for form in sorted(forms, key=lambda f: (f != word, f)):  # the typed word first
        unique.setdefault(_ENDINGS.sub("", form), form)
    return frozenset(unique.values())


@dataclass
class SearchQuery:
    text: str  # what the person typed, tidied, to show back to them in the search box
    groups: list[frozenset[str]] = field(default_factory=list)  # all groups must match
    terms: list[str] = field(default_factory=list)  # the typed word behind each group
    problem: str = ""  # EMPTY, TOO_LONG or NO_WORDS when there is nothing to search for
    shortened: bool = False  # more than MAX_WORDS words: only the first ones are used

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def words(self) -> list[str]:
        """Every form of every word, for highlighting and tests."""
        return sorted(set().union(*self.groups)) if self.groups else []


def _tidy(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    # Control characters (NUL included) and other invisible ones become spaces.
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in text)
    return " ".join(text.split())


def parse(raw: str | None, synonyms: dict | None = None) -> SearchQuery:
    """What was typed, as groups of words to search for; `synonyms` (word → other words)
    widens each word's group."""
    raw = raw or ""
    if len(raw) > MAX_CHARS * 4:
        # Far too long to be a search: do not even tidy it.
        return SearchQuery(text="", problem=TOO_LONG)
    text = _tidy(raw)
    if not text:
        return SearchQuery(text="", problem=EMPTY)
    if len(text) > MAX_CHARS:
        return SearchQuery(text=text[:MAX_CHARS], problem=TOO_LONG)
    words = []
    for word in WORD.findall(text.casefold()):
        word = word[:MAX_WORD_CHARS]
        if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()) or word in words:
            continue
        words.append(word)
    if not words:
        return SearchQuery(text=text, problem=NO_WORDS)
    return SearchQuery(
        text=text,
        groups=[variants(word, synonyms) for word in words[:MAX_WORDS]],
        terms=words[:MAX_WORDS],
        shortened=len(words) > MAX_WORDS,
    )
