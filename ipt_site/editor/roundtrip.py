"""Front matter changed through the form, with the comments, order and quoting staff wrote.

`pagefile.write` lays a file out afresh, which drops every `# comment` in the front matter.
Here the file being edited is read again with ruamel.yaml's round-trip loader and only the
fields whose value changed are replaced, added or removed, so a comment like
`# Ask Dr Patel before changing this` stays next to its field.

The content engine's hostile-YAML reader (`meta.read_front_matter`: no anchors or aliases,
no control characters, no deep nesting) reads the text first; text it refuses never
reaches ruamel. The result is then read back by the same reader and must hold exactly the
values the plain writer would have written; anything else (a layout ruamel cannot keep, an
error) returns None and the caller writes the file the plain way.
"""

import datetime
import io
import logging

from frontmatter.default_handlers import YAMLHandler
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ipt_site.pages import meta as meta_module

logger = logging.getLogger(__name__)


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long summary onto a second line
    yaml.indent(mapping=2, sequence=4, offset=2)  # "  - item", as the editors' guide shows
    yaml.allow_duplicate_keys = False
    return yaml


def _plain(value):
    """A value as plain Python (ruamel's own string and number types stand for these)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _same(old, new) -> bool:
    old, new = _plain(old), _plain(new)
    return type(old) is type(new) and old == new


def _node(value, plain_is_safe):
    """A new value as ruamel should write it: the same quoting rules as the plain writer."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, list | tuple):
        seq = CommentedSeq(
            DoubleQuotedScalarString(item) if isinstance(item, str) else _node(item, plain_is_safe)
            for item in value
        )
        return seq
    if isinstance(value, str):
        return value if plain_is_safe(value) else DoubleQuotedScalarString(value)
    return value


def _insert_at(data: CommentedMap, key: str) -> int:
    """Where a new field goes: after the last field that comes before it in the usual order."""
    canonical = list(meta_module.KNOWN_FIELDS)
    if key not in canonical:
        return len(data)
    rank = canonical.index(key)
    position = 0
    for index, existing in enumerate(data):
        if existing in canonical and canonical.index(existing) < rank:
            position = index + 1
    return position


def _drop(data: CommentedMap, key: str) -> None:
    """Remove a field, keeping any full-line comment that followed it (ruamel files it
    under the removed field's line) for the next field."""
    keys = list(data)
    comment = data.ca.items.pop(key, None)
    del data[key]
    if not comment or len(comment) < 3 or comment[2] is None:
        return
    following = comment[2].value.split("\n", 1)
    kept = following[1] if len(following) > 1 else ""
    if not kept.strip():
        return
    index = keys.index(key)
    if index > 0:
        previous = keys[index - 1]
        token = comment[2]
        token.value = "\n" + kept if not kept.startswith("\n") else kept
        slot = data.ca.items.setdefault(previous, [None, None, None, None])
        if slot[2] is None:
            slot[2] = token
    else:
        data.yaml_set_start_comment(
            "\n".join(line.lstrip("# ").rstrip() for line in kept.strip().splitlines())
        )


def write(source: str, values: dict, body: str, plain_is_safe, *, expected: dict) -> str | None:
    """The file text with these front matter values (none empty: a field left out is
    removed) and body, edited in place in `source`, or None when that cannot be done
    faithfully. `expected` is what the plain writer's text reads as; ours must read the same."""
    try:
        meta_module.read_front_matter(source)  # the gate: refused text never reaches ruamel
    except meta_module.FrontMatterError:
        return None
    try:
        front, _old_body = YAMLHandler().split(source.lstrip("\ufeff").strip())
        yaml = _yaml()
        data = yaml.load(front)
        if data is None:
            data = CommentedMap()
        if not isinstance(data, CommentedMap):
            return None
        for key in list(data):
            if key not in values:
                _drop(data, key)
        for key, value in values.items():
            if key in data:
                if not _same(data[key], value):
                    data[key] = _node(value, plain_is_safe)
            else:
                data.insert(_insert_at(data, key), key, _node(value, plain_is_safe))
        stream = io.StringIO()
        if data:
            yaml.dump(data, stream)
        front_text = stream.getvalue()
    except (YAMLError, ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
        logger.info("Front matter written afresh: ruamel could not keep its layout (%s)", exc)
        return None
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    text = "---\n" + front_text + "---\n\n" + (body + "\n" if body else "")
    try:
        written, _body = meta_module.read_front_matter(text)
    except meta_module.FrontMatterError:
        return None
    if written != expected:
        logger.info("Front matter written afresh: ruamel's text read back differently")
        return None
    return text
