"""A page file's text from form values, laid out the way staff write it by hand.

    ---
    title: Grief and loss
    summary: When someone close to you has died...
    order: 1
    reviewed: 2026-11-22
    next_review: 2027-11-22
    references:
      - "Weissman, M. M. ... (2018). The Guide to Interpersonal Psychotherapy."
    ---

    ## What it is

When the file being edited is given, the front matter is changed in place instead
(`roundtrip`): comments, order and quoting staff wrote stay, and only changed fields are
written. Otherwise fields keep the order they had in the file (new ones follow the order of
`meta.KNOWN_FIELDS`). Text is written plain unless YAML would misread it, then in double
quotes; list items are always quoted, as the guide in content/README.md shows. A field the
form does not know is kept as it was.
"""

import datetime
import json

import yaml

from ipt_site.pages import meta as meta_module

from . import roundtrip


class Unreadable(ValueError):
    """The file's front matter cannot be read, so it can only be edited as a whole."""


def read(text: str) -> tuple[dict, str]:
    """(front matter as a dict in file order, body) or Unreadable: read as the content
    engine reads it (so no anchors or aliases ever reach the form)."""
    try:
        return meta_module.read_front_matter(text)
    except meta_module.FrontMatterError as exc:
        raise Unreadable(str(exc)) from exc


def _plain_is_safe(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or text[0] in "\"'":
        return False
    try:
        loaded = yaml.load(f"key: {text}", Loader=meta_module.YAMLLoader)  # noqa: S506 - safe
    except yaml.YAMLError:
        return False
    return loaded == {"key": text} and type(loaded["key"]) is str


def quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date | int | float):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    text = str(value)
    return text if _plain_is_safe(text) else quoted(text)


def _field_lines(key: str, value) -> list[str]:
    if isinstance(value, list | tuple):
        if not value:
            return []
        items = [
            f"  - {quoted(str(item)) if isinstance(item, str) else scalar(item)}" for item in value
        ]
        return [f"{key}:", *items]
    if isinstance(value, dict):
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=1000)
        return dumped.rstrip("\n").splitlines()
    return [f"{key}: {scalar(value)}"]


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def write(
    values: dict, body: str, *, order: list[str] | None = None, source: str | None = None
) -> str:
    """The file text for these front matter values and this body. Empty values are left
    out; `order` is the field order of the file being edited. Given the file's `source`,
    only the changed fields are rewritten in it, so its comments and quoting stay."""
    text = _written_afresh(values, body, order=order)
    if source is None:
        return text
    try:
        expected, _body = meta_module.read_front_matter(text)
    except meta_module.FrontMatterError:
        return text  # the checks on save explain what is wrong
    kept = {key: value for key, value in values.items() if not _is_empty(value)}
    return roundtrip.write(source, kept, body, _plain_is_safe, expected=expected) or text


def _written_afresh(values: dict, body: str, *, order: list[str] | None = None) -> str:
    canonical = list(meta_module.KNOWN_FIELDS)
    order = [key for key in (order or []) if key in values]
    for key in [*canonical, *values]:
        if key not in order and key in values:
            order.append(key)
    lines = ["---"]
    for key in order:
        if not _is_empty(values[key]):
            lines += _field_lines(key, values[key])
    lines.append("---")
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return "\n".join(lines) + "\n\n" + (body + "\n" if body else "")
