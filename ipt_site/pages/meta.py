"""Front matter: read it, check every field, and fall back safely where a field is wrong.

Staff edit these files by hand, so a mistake must never take a page down with a 500.
Each problem is reported with the file and, where we can find it, the line, so that
`python manage.py check` can point at it. A page keeps rendering when a field is merely
wrong (a default is used); it is withheld only when it has no usable title or the YAML
cannot be read at all.
"""

import datetime
import re
import reprlib
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError
from frontmatter.default_handlers import YAMLHandler

from .frontmatter_form import (  # noqa: F401 - the limits, where other modules read them
    AUTHOR_MAX,
    REVIEWED_BY_MAX,
    SUMMARY_MAX,
    TEMPLATES,
    TITLE_MAX,
    FrontMatterForm,
)

try:  # libyaml's parser when installed (fast, and it limits nesting to 1,000 levels)
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader

# The fields, their types, limits and messages: FrontMatterForm, declared once (in the
# order a new file lists them).
KNOWN_FIELDS = tuple(FrontMatterForm.base_fields)
# The tags an article may carry: the four problem areas (their slugs, so an area's page
# can list its articles), then a short, fixed list of topics. Slug: label.
ARTICLE_TAGS = {
    "grief": "Grief and loss",
    "role-disputes": "Conflict with someone close",
    "role-transitions": "Big life changes",
    "interpersonal-deficits": "Loneliness and isolation",
    "depression": "Depression",
    "starting-therapy": "Starting therapy",
    "medication": "Medication",
    "parents": "Parents and families",
    "relationships": "Relationships",
    "self-care": "Looking after yourself",
    "evidence": "Research and evidence",
}

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR or WARNING
    message: str
    line: int | None = None
    code: str = "E001"
    # The front matter field it is about ("title"), or "body": the editor shows it there.
    field: str = ""
    # More help, shown after the message (manage.py check prints it as HINT).
    hint: str = ""


@dataclass
class Meta:
    title: str = ""
    summary: str = ""
    order: int = 1000
    reviewed: datetime.date | None = None
    reviewed_by: str = ""  # "Name, role": shown as "Reviewed by <name, role> on <reviewed>"
    next_review: datetime.date | None = None
    references: list[str] = field(default_factory=list)
    draft: bool = False
    template: str = ""
    date: datetime.date | None = None
    author: str = ""  # a therapist's slug; empty means the practice
    tags: list[str] = field(default_factory=list)
    publish_at: datetime.datetime | None = None  # aware (pages/schedule.py)
    unpublish_at: datetime.datetime | None = None
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False
    # The front matter as YAML read it, every field (the database keeps it whole).
    data: dict = field(default_factory=dict)


def _line_index(text: str) -> dict[str, int]:
    """The 1-based line of each top-level `key:` in the front matter, read in one pass
    (a file with thousands of fields must not cost thousands of passes)."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if number > 1 and line.strip() == "---":
            break
        key = _TOP_KEY.match(line)
        if key:
            found.setdefault(key[1].strip().strip("\"'"), number)
    return found


# A top-level "name:" (quoted or not). Greedy and anchored, so a long line without a colon
# costs one pass, not one per character.
_TOP_KEY = re.compile(r"""^((?:"[^"]*"|'[^']*')[ \t]*|[^\s:#"'-][^:]*):(?:\s|$)""")


def _line_of(text: str, key: str) -> int | None:
    """The 1-based line of `key:` inside the front matter, if it is there."""
    return _line_index(text).get(key)


# --- Showing what was written, briefly ----------------------------------------------------

SHOWN_MAX = 60
_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxlist, _repr.maxdict, _repr.maxstring, _repr.maxother = 2, 4, 4, 40, 40


def shown(value, limit: int = SHOWN_MAX) -> str:
    """A value as a message may quote it: short whatever it holds (a message never costs
    more than a glance, however long or deeply nested the value is)."""
    text = value if isinstance(value, str) else _repr.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(value) -> str:
    return shown(repr(value)) if isinstance(value, str) else shown(value)


# --- Reading the YAML safely --------------------------------------------------------------

# C0 and C1 control characters and DEL: never part of a title or a list item. Tab and
# newline are allowed (a folded summary can hold them).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Longer than any real number: PyYAML turns "1:2:3:..." into a number by repeated
# multiplication, and Python refuses to read more than 4,300 digits at all.
NUMBER_MAX = 40


class FrontMatterError(ValueError):
    """The front matter cannot be read; `problem` says why, at which line."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


class BadScalar(str):
    """A value YAML would read as a date or a number that cannot be one (2026-02-30, a
    5,000-digit number): kept as the text it is, with why, so the field's check can say
    what it is instead of the whole front matter failing."""

    kind: str = ""
    reason: str = ""

    def describe(self) -> str:
        if self.kind == "date":
            return f"is not a real date ({shown(str(self), 20)}): {self.reason}"
        digits = sum(c.isdigit() for c in self)
        return f"is a number too long to read ({digits:,} digits)"


class YAMLLoader(_SafeLoader):
    """YAML's safe loader, where a value that looks like a date or a number but cannot be
    one is read as a BadScalar (text) instead of failing the whole file."""


def _guarded(tag: str, kind: str):
    base = _SafeLoader.yaml_constructors[tag]

    def construct(loader, node):
        reason = ""
        if kind == "number" and len(node.value) > NUMBER_MAX:
            reason = "too long"
        else:
            try:
                return base(loader, node)
            except (ValueError, ArithmeticError) as exc:
                reason = shown(str(exc))
            except (AttributeError, TypeError):  # "!!timestamp nope": no match at all
                reason = "not a date"
        value = BadScalar(node.value)
        value.kind, value.reason = kind, reason
        return value

    return construct


for _tag, _kind in (("timestamp", "date"), ("int", "number"), ("float", "number")):
    YAMLLoader.add_constructor(
        f"tag:yaml.org,2002:{_tag}", _guarded(f"tag:yaml.org,2002:{_tag}", _kind)
    )


def _refuse_anchors(front: str) -> None:
    """Anchors (&name) and aliases (*name) let a few hundred bytes stand for millions of
    values (an "alias bomb"), and no page needs them: refuse them from the tokens, before
    anything is built."""
    for token in yaml.scan(front, Loader=_SafeLoader):
        if isinstance(token, yaml.AnchorToken | yaml.AliasToken):
            raise yaml.MarkedYAMLError(
                problem="found an anchor or alias", problem_mark=token.start_mark
            )


def read_front_matter(text: str) -> tuple[dict, str]:
    """The front matter as a dict (in file order) and the body, or FrontMatterError.

    A byte order mark at the start is ignored. Anchors and aliases are refused before the
    YAML is built; a date or number that cannot be one is reported as such, at its line.
    """
    text = text.lstrip("\ufeff").strip()
    if not text.startswith("---"):
        raise FrontMatterError(
            Problem(ERROR, "The file has no front matter: it must start with a '---' line.", 1)
        )
    try:
        front, body = YAMLHandler().split(text)
    except ValueError as exc:
        raise FrontMatterError(
            Problem(
                ERROR,
                "The front matter cannot be read: it must end with a line of three dashes "
                "('---') before the page text.",
                1,
            )
        ) from exc
    try:
        _refuse_anchors(front)
        data = yaml.load(front, Loader=YAMLLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise FrontMatterError(yaml_problem(exc, text)) from exc
    except (ValueError, TypeError, AttributeError, ArithmeticError) as exc:
        # A constructor YAML has no guard for, given a value it cannot take.
        raise FrontMatterError(
            Problem(
                ERROR,
                f"The front matter cannot be read: a value could not be read ({shown(str(exc))}). "
                "Put values with special signs in double quotes.",
                1,
            )
        ) from exc
    except RecursionError as exc:  # only without libyaml, which stops at 1,000 levels
        raise FrontMatterError(
            Problem(ERROR, "The front matter cannot be read: it is nested too deeply.", 1)
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(Problem(ERROR, "The front matter must be 'name: value' lines.", 1))
    too_deep = next((key for key, value in data.items() if _depth(value) > NESTING_MAX), None)
    if too_deep is not None:
        name = shown(str(too_deep))
        raise FrontMatterError(
            Problem(
                ERROR,
                f"The front matter cannot be read: '{name}' holds lists or groups nested more "
                f"than {NESTING_MAX} deep. A field is a value or a list of values.",
                _line_index(text).get(str(too_deep)),
                "E001",
                name,
            )
        )
    return data, body.strip()


# Deeper than any field needs (a list of values is 1): the sync and the editor walk values
# recursively, and libyaml allows 1,000 levels, more than Python's recursion limit.
NESTING_MAX = 20


def _depth(value) -> int:
    """How deeply lists and mappings nest in a value (iteratively)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list | tuple):
            level += 1
            deepest = max(deepest, level)
            if level <= NESTING_MAX:  # beyond, the answer is known
                children = item.values() if isinstance(item, dict) else item
                stack.extend((child, level) for child in children)
    return deepest


def _strings(value):
    """Every string in a value, keys included (iteratively: no depth limit to hit)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def _refuse_control_characters(meta: "Meta", data: dict, lines: dict) -> set:
    """Fields holding a control character (often typed as an escape like "\\0"): an
    error each, and the field is read as absent. The names of those fields."""
    refused = set()
    for key, value in data.items():
        found = next((m for s in _strings([key, value]) for m in CONTROL.finditer(s)), None)
        if found is None:
            continue
        refused.add(key)
        name = shown(CONTROL.sub("", str(key)))
        meta.problems.append(
            Problem(
                ERROR,
                f"'{name}' holds a control character (U+{ord(found[0]):04X}), which cannot be "
                "shown on a page: delete it. In quotes it may be written as an escape like "
                "\\0 or \\x07.",
                lines.get(str(key)),
                "E016",
                name,
            )
        )
    return refused


_BOUNDARY = re.compile(r"-{3,}\s*")


def split_body(text: str) -> tuple[str, int]:
    """The body after the front matter and the file line it starts on (1-based), found
    without reading the YAML, so the body is checked even when the YAML is broken."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or not _BOUNDARY.fullmatch(lines[0]):
        return text, 1
    for number, line in enumerate(lines[1:], start=2):
        if _BOUNDARY.fullmatch(line):
            return "".join(lines[number:]), number + 1
    return "", len(lines) + 1


def parse(text: str) -> tuple[Meta, str]:
    """Split a markdown file into checked front matter and its body."""
    meta = Meta()
    try:
        data, body = read_front_matter(text)
    except FrontMatterError as exc:
        meta.problems.append(exc.problem)
        meta.fatal = True
        started = text.lstrip("\ufeff").startswith("---")
        return meta, split_body(text)[0] if started else text
    lines = _line_index(text)
    refused = _refuse_control_characters(meta, data, lines)
    meta.data = {key: value for key, value in data.items() if key not in refused}
    _check(meta, meta.data, lines, refused)
    return meta, body


_KEY = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:\s?(.*)$")


def yaml_problem(exc: yaml.YAMLError, text: str) -> Problem:
    """What a person should do about a YAML error, in words, at the line that needs it.

    YAML says things like "mapping values are not allowed in this context"; staff need
    "put the title in double quotes". Marks count from 0, starting at the opening '---'.
    (The wording differs between PyYAML's C and pure-Python parsers: both are handled.)
    """
    problem = str(getattr(exc, "problem", "") or exc)
    context = str(getattr(exc, "context", "") or "")
    lines = text.splitlines()

    def at(mark):
        number = mark.line + 1 if mark is not None else None
        source = lines[number - 1] if number and number <= len(lines) else ""
        found = _KEY.match(source)
        key, value = (found[1], found[2].strip()) if found else ("", "")
        return number, source.strip(), shown(key), value

    line, source, key, value = at(getattr(exc, "problem_mark", None))
    if "quoted scalar" in context or "flow sequence" in context or "flow mapping" in context:
        # Where the quote or bracket was opened is what needs fixing.
        line, source, key, value = at(getattr(exc, "context_mark", None))
    the = f"the {key}" if key else "this value"
    quoted = shown(value.replace('"', "'")) or "your text"
    example = f'{key or "title"}: "{quoted}"'

    if "anchor or alias" in problem:
        advice = (
            f"{the} starts with {value[:1] or 'a sign'}, which YAML reads as an anchor (&) or "
            "an alias (*): a copy of another value. Pages never need them, so they are not "
            f"allowed. If the sign is part of the text, put {the} in double quotes, like this: "
            f"{example}"
        )
    elif "quoted scalar" in context:
        advice = f'{the} opens a double quote (") but never closes it. Add a " at its end.'
    elif "flow sequence" in context or "flow mapping" in context:
        advice = (
            f"{the} starts with a bracket, which YAML reads as the start of a list. If the "
            f"bracket is part of the text, put {the} in double quotes, like this: {example}"
        )
    elif "mapping values are not allowed" in problem:
        if ": " in value + " ":
            advice = (
                f"{the} has a colon (:) in it, so YAML cannot tell where the name ends. "
                f"Put {the} in double quotes, like this: {example}"
            )
        else:
            advice = (
                "this line is indented or joined to the line above. Start each field at the "
                "beginning of its own line, as 'name: value'."
            )
    elif "tab" in problem:
        advice = "this line has a tab in it. Use spaces instead of tabs."
    elif "cannot start any token" in problem or "undefined alias" in problem:
        advice = (
            f"{the} starts with a sign YAML treats as special ({value[:1] or '?'}). "
            f"Put {the} in double quotes, like this: {example}"
        )
    elif source.startswith("-") or "block sequence" in problem or "'-'" in problem:
        advice = (
            "a list item is out of line. Put each item of a list on its own line under its "
            "field name, starting with two spaces, a dash and a space ('  - ')."
        )
    elif value[:1] in ('"', "'") or "<scalar>" in problem:
        advice = (
            f"{the} has more text after its closing quote. For quotes inside a quoted "
            "value, use single quotes ('like this') inside the double ones."
        )
    elif "expected ':'" in problem or "expected key" in problem:
        advice = (
            "this line is not a 'name: value' line. Each line of the front matter is a field "
            "name, a colon and a value; list items start with '  - '."
        )
    else:
        advice = (
            f"YAML says '{shown(problem)}'. Check the quotes and brackets on this line, and "
            "put any value with a colon in it in double quotes."
        )
    return Problem(ERROR, f"The front matter cannot be read: {advice}", line, "E001", key)


def _check(meta: Meta, data: dict, lines: dict, refused=frozenset()) -> None:
    """Each field's checks (FrontMatterForm: one declaration of every field); `refused`
    fields were reported already (read as absent). A wrong value leaves the field's
    default, except where the page is better shown with it (SHOWN_ANYWAY)."""
    form = FrontMatterForm.for_file(data)
    form.is_valid()
    failed = {}
    for key, errors in form.errors.as_data().items():
        for error in errors:
            failed.setdefault(key, set()).add(error.code)
            if key not in refused:
                meta.problems.append(Problem(ERROR, error.message, lines.get(key), error.code, key))
    for key in KNOWN_FIELDS:
        if key in failed and not failed[key] <= SHOWN_ANYWAY:
            continue
        try:
            value = form.fields[key].to_python(data[key]) if key in failed else None
        except (KeyError, ValidationError):
            continue
        value = form.cleaned_data.get(key) if key not in failed else value
        if value not in (None, "", []):
            setattr(meta, key, value)
    if not meta.title:
        meta.fatal = True
    elif len(meta.title) > TITLE_MAX:
        meta.title = meta.title[: TITLE_MAX - 1].rstrip() + "…"
    if "draft" in failed:
        meta.draft = True  # unclear intent: keep the page hidden rather than publish it
    _check_tags(meta, data, lines)
    if not data.get("references"):
        # Health information on this site names its sources (content/README.md).
        meta.problems.append(
            Problem(
                WARNING,
                "'references' is missing: list the sources this page is based on, one "
                "'  - \"Author (year). Title.\"' line each, under 'references:'.",
                lines.get("references"),
                "W007",
                "references",
            )
        )
    unknown = [key for key in data if key not in KNOWN_FIELDS]
    for key in unknown[:UNKNOWN_SHOWN]:
        meta.problems.append(
            Problem(
                WARNING,
                f"Unknown field '{shown(str(key))}' is ignored (known fields: "
                f"{', '.join(KNOWN_FIELDS)}).",
                lines.get(shown(str(key))),
                "W001",
                shown(str(key)),
            )
        )
    if len(unknown) > UNKNOWN_SHOWN:
        meta.problems.append(
            Problem(
                WARNING,
                f"{len(unknown) - UNKNOWN_SHOWN:,} more unknown fields are ignored too.",
                None,
                "W001",
            )
        )


# Errors that leave the value shown: a summary too long for search engines, a title cut
# to fit, a next review date not after the last review.
SHOWN_ANYWAY = frozenset({"E004", "E007", "E017"})


# Unknown fields reported one by one; beyond this, one line says how many more.
UNKNOWN_SHOWN = 10


def _check_tags(meta: Meta, data: dict, lines: dict) -> None:
    """An article's tags: known ones kept once each, unknown ones named (up to ten)."""
    unknown = 0
    for tag in meta.tags if isinstance(meta.tags, list) else []:
        slug = tag.strip().lower()
        if slug in ARTICLE_TAGS:
            continue
        unknown += 1
        if unknown <= UNKNOWN_SHOWN:
            meta.problems.append(
                Problem(
                    WARNING,
                    f"Unknown tag '{shown(tag)}' is ignored. Use one of: "
                    f"{', '.join(ARTICLE_TAGS)}.",
                    lines.get("tags"),
                    "W030",
                    "tags",
                )
            )
    meta.tags = list(
        dict.fromkeys(t.strip().lower() for t in meta.tags if t.strip().lower() in ARTICLE_TAGS)
    )
