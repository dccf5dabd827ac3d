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
from frontmatter.default_handlers import YAMLHandler

try:  # libyaml's parser when installed (fast, and it limits nesting to 1,000 levels)
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _SafeLoader

SUMMARY_MAX = 160
TITLE_MAX = 200  # the editor's title box; the database column holds 255
AUTHOR_MAX = 100  # the database column
TEMPLATES = ("page", "section", "home", "faq", "resource", "article")
KNOWN_FIELDS = (
    "title",
    "summary",
    "order",
    "reviewed",
    "reviewed_by",
    "next_review",
    "references",
    "draft",
    "template",
    # Articles (content/articles/): when written, who wrote it, what it is about.
    "date",
    "author",
    "tags",
    "long_page",  # why a page may run over 1,000 words (pages/quality.py)
    "publish_at",  # scheduled publishing, London time (pages/schedule.py)
    "unpublish_at",
)
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
_AUTHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

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
    """Each field's checks; `refused` fields were reported already (read as absent)."""

    def problem(level, key, message, code):
        meta.problems.append(Problem(level, message, lines.get(key), code, key))

    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        if "title" not in refused:
            problem(ERROR, "title", "'title' is required and must be text.", "E002")
        meta.fatal = True
    else:
        meta.title = title.strip()
        if len(meta.title) > TITLE_MAX:
            problem(
                ERROR,
                "title",
                f"'title' is {len(meta.title):,} characters; keep it to {TITLE_MAX}.",
                "E017",
            )
            meta.title = meta.title[: TITLE_MAX - 1].rstrip() + "…"

    summary = data.get("summary")
    if "summary" in refused:
        pass
    elif not isinstance(summary, str) or not summary.strip():
        problem(ERROR, "summary", "'summary' is required and must be text.", "E003")
    else:
        meta.summary = " ".join(summary.split())
        if len(meta.summary) > SUMMARY_MAX:
            problem(
                ERROR,
                "summary",
                f"'summary' is {len(meta.summary)} characters; keep it to {SUMMARY_MAX} "
                "so search engines show all of it.",
                "E004",
            )

    if "order" in data:
        order = data["order"]
        if isinstance(order, BadScalar):
            problem(ERROR, "order", f"'order' {order.describe()}: use a whole number, like 3.",
                    "E005")  # fmt: skip
        elif isinstance(order, bool) or not isinstance(order, int):
            problem(ERROR, "order", "'order' must be a whole number, like 3.", "E005")
        else:
            meta.order = order

    for key in ("reviewed", "next_review"):
        if key in data and data[key] is not None:
            value = data[key]
            if isinstance(value, datetime.datetime):
                value = value.date()
            if isinstance(value, BadScalar):
                problem(ERROR, key, f"'{key}' {value.describe()}. Write it as YYYY-MM-DD.", "E006")
            elif not isinstance(value, datetime.date):
                problem(ERROR, key, f"'{key}' must be a date written as YYYY-MM-DD.", "E006")
            else:
                setattr(meta, key, value)
    if meta.reviewed and meta.next_review and meta.next_review <= meta.reviewed:
        problem(ERROR, "next_review", "'next_review' must come after 'reviewed'.", "E007")
    _check_reviewed_by(meta, data, problem)

    if "references" in data and data["references"] is not None:
        refs = data["references"]
        if not isinstance(refs, list) or not all(isinstance(r, str) and r.strip() for r in refs):
            problem(
                ERROR,
                "references",
                "'references' must be a list, one '- \"Author (year). Title.\"' line each.",
                "E008",
            )
        else:
            meta.references = [r.strip() for r in refs]
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

    if "draft" in data:
        draft = data["draft"]
        if not isinstance(draft, bool):
            # Unclear intent: keep the page hidden rather than publish it by accident.
            meta.draft = True
            problem(ERROR, "draft", "'draft' must be true or false; treated as true.", "E009")
        else:
            meta.draft = draft

    if "template" in data:
        template = data["template"]
        if template not in TEMPLATES:
            problem(
                ERROR,
                "template",
                f"'template' must be one of {', '.join(TEMPLATES)}; got {_quote(template)}.",
                "E010",
            )
        else:
            meta.template = template

    _check_article_fields(meta, data, problem)
    from .schedule import check_times  # it reads this module's BadScalar

    check_times(meta, data, problem)

    unknown = [key for key in data if key not in KNOWN_FIELDS]
    for key in unknown[:UNKNOWN_SHOWN]:
        problem(
            WARNING,
            shown(str(key)),
            f"Unknown field '{shown(str(key))}' is ignored (known fields: "
            f"{', '.join(KNOWN_FIELDS)}).",
            "W001",
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


# Unknown fields reported one by one; beyond this, one line says how many more.
UNKNOWN_SHOWN = 10


REVIEWED_BY_MAX = 120


def _check_reviewed_by(meta: Meta, data: dict, problem) -> None:
    """Who last checked the page, and their role: readers see "Reviewed by ... on <date>"
    (the NHS content standard and PIF TICK ask health information to say so)."""
    value = data.get("reviewed_by")
    if value is None or value == "":
        return  # required on this site, as `reviewed` is: the content tests insist on it
    example = 'reviewed_by: "Dr Asha Patel, clinical psychologist"'
    name, _, role = value.partition(",") if isinstance(value, str) else ("", "", "")
    if not name.strip() or not role.strip() or len(value) > REVIEWED_BY_MAX:
        problem(
            ERROR,
            "reviewed_by",
            "'reviewed_by' must be a name, a comma and a role, at most "
            f"{REVIEWED_BY_MAX} characters, like this: {example}",
            "E014",
        )
        return
    meta.reviewed_by = " ".join(value.split())


def _check_article_fields(meta: Meta, data: dict, problem) -> None:
    if "date" in data and data["date"] is not None:
        value = data["date"]
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, BadScalar):
            problem(ERROR, "date", f"'date' {value.describe()}. Write it as YYYY-MM-DD.", "E030")
        elif not isinstance(value, datetime.date):
            problem(ERROR, "date", "'date' must be a date written as YYYY-MM-DD.", "E030")
        else:
            meta.date = value

    if "author" in data and data["author"] is not None:
        author = data["author"]
        if (
            not isinstance(author, str)
            or len(author.strip()) > AUTHOR_MAX
            or not _AUTHOR.match(author.strip())
        ):
            problem(
                ERROR,
                "author",
                "'author' must be the last part of a therapist's profile address, like "
                "'amira-hassan' for /therapists/amira-hassan/. Leave it out to name the "
                "practice.",
                "E031",
            )
        else:
            meta.author = author.strip()

    if "tags" in data and data["tags"] is not None:
        tags = data["tags"]
        tags = [tags] if isinstance(tags, str) else tags
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            problem(ERROR, "tags", "'tags' must be a list, one '- grief' line each.", "E032")
            return
        unknown = 0
        for tag in tags:
            slug = tag.strip().lower()
            if slug in ARTICLE_TAGS:
                if slug not in meta.tags:
                    meta.tags.append(slug)
                continue
            unknown += 1
            if unknown <= UNKNOWN_SHOWN:
                problem(
                    WARNING,
                    "tags",
                    f"Unknown tag '{shown(tag)}' is ignored. Use one of: "
                    f"{', '.join(ARTICLE_TAGS)}.",
                    "W030",
                )
