"""Front matter: read it, check every field, and fall back safely where a field is wrong.

Staff edit these files by hand, so a mistake must never take a page down with a 500.
Each problem is reported with the file and, where we can find it, the line, so that
`python manage.py check` can point at it. A page keeps rendering when a field is merely
wrong (a default is used); it is withheld only when it has no usable title or the YAML
cannot be read at all.
"""

import datetime
import re
from dataclasses import dataclass, field

import frontmatter
import yaml

SUMMARY_MAX = 160
TEMPLATES = ("page", "section", "home", "faq", "resource")
KNOWN_FIELDS = (
    "title",
    "summary",
    "order",
    "reviewed",
    "next_review",
    "references",
    "draft",
    "template",
)

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR or WARNING
    message: str
    line: int | None = None
    code: str = "E001"


@dataclass
class Meta:
    title: str = ""
    summary: str = ""
    order: int = 1000
    reviewed: datetime.date | None = None
    next_review: datetime.date | None = None
    references: list[str] = field(default_factory=list)
    draft: bool = False
    template: str = ""
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False


def _line_of(text: str, key: str) -> int | None:
    """The 1-based line of `key:` inside the front matter, if it is there."""
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
        if number > 1 and line.strip() == "---":
            break
    return None


def parse(text: str) -> tuple[Meta, str]:
    """Split a markdown file into checked front matter and its body."""
    meta = Meta()
    if not text.lstrip("\ufeff").startswith("---"):
        meta.problems.append(
            Problem(ERROR, "The file has no front matter: it must start with a '---' line.", 1)
        )
        meta.fatal = True
        return meta, text
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        # Where a bracket or quote was opened is more useful than where YAML gave up.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        # YAML counts from 0 and starts just after the opening '---', on that same line.
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or "it is not valid YAML"
        meta.problems.append(Problem(ERROR, f"The front matter cannot be read: {reason}.", line))
        meta.fatal = True
        return meta, text
    except (ValueError, TypeError) as exc:
        meta.problems.append(Problem(ERROR, f"The front matter cannot be read: {exc}.", 1))
        meta.fatal = True
        return meta, text
    if not isinstance(post.metadata, dict):
        meta.problems.append(Problem(ERROR, "The front matter must be 'name: value' lines.", 1))
        meta.fatal = True
        return meta, post.content
    _check(meta, post.metadata, text)
    return meta, post.content


def _check(meta: Meta, data: dict, text: str) -> None:
    def problem(level, key, message, code):
        meta.problems.append(Problem(level, message, _line_of(text, key), code))

    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problem(ERROR, "title", "'title' is required and must be text.", "E002")
        meta.fatal = True
    else:
        meta.title = title.strip()

    summary = data.get("summary")
    if not isinstance(summary, str) or not summary.strip():
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
        if isinstance(order, bool) or not isinstance(order, int):
            problem(ERROR, "order", "'order' must be a whole number, like 3.", "E005")
        else:
            meta.order = order

    for key in ("reviewed", "next_review"):
        if key in data and data[key] is not None:
            value = data[key]
            if isinstance(value, datetime.datetime):
                value = value.date()
            if not isinstance(value, datetime.date):
                problem(ERROR, key, f"'{key}' must be a date written as YYYY-MM-DD.", "E006")
            else:
                setattr(meta, key, value)
    if meta.reviewed and meta.next_review and meta.next_review <= meta.reviewed:
        problem(ERROR, "next_review", "'next_review' must come after 'reviewed'.", "E007")

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
                f"'template' must be one of {', '.join(TEMPLATES)}; got {template!r}.",
                "E010",
            )
        else:
            meta.template = template

    for key in data:
        if key not in KNOWN_FIELDS:
            problem(
                WARNING,
                str(key),
                f"Unknown field '{key}' is ignored (known fields: {', '.join(KNOWN_FIELDS)}).",
                "W001",
            )
