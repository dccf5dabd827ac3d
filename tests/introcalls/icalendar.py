"""A strict reader of RFC 5545 text, for the tests: it refuses what a calendar program
might choke on (bare LF, lines over 75 octets, a bad fold, unbalanced BEGIN/END, a
malformed property), and returns the components with their properties."""

import re

NAME = r"[A-Za-z0-9-]+"
PARAM = (
    rf'{NAME}=(?:"[^"\x00-\x1f]*"|[^";:,\x00-\x1f]*)(?:,(?:"[^"\x00-\x1f]*"|[^";:,\x00-\x1f]*))*'
)
CONTENT_LINE = re.compile(
    rf"^(?P<name>{NAME})(?P<params>(?:;{PARAM})*):(?P<value>[^\x00-\x08\x0a-\x1f\x7f]*)$"
)


class Invalid(AssertionError):
    pass


def unfold(text: str) -> list[str]:
    if not text.endswith("\r\n"):
        raise Invalid("the text must end with CRLF")
    physical = text[:-2].split("\r\n")
    for line in physical:
        if "\n" in line or "\r" in line:
            raise Invalid(f"bare line break in {line!r}")
        if len(line.encode("utf-8")) > 75:
            raise Invalid(f"line longer than 75 octets: {line!r}")
    logical = []
    for line in physical:
        if line.startswith((" ", "\t")):
            if not logical:
                raise Invalid("a continuation line comes first")
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def parse(text: str) -> dict:
    """{"VCALENDAR": {...props, "VEVENT": [{...}]}}: each property a (params, value) list."""
    stack = [{"name": "ROOT", "props": {}, "children": []}]
    for line in unfold(text):
        match = CONTENT_LINE.match(line)
        if not match:
            raise Invalid(f"not a content line: {line!r}")
        name, value = match["name"].upper(), match["value"]
        params = dict(p.split("=", 1) for p in match["params"].split(";")[1:])
        if name == "BEGIN":
            stack.append({"name": value.upper(), "props": {}, "children": []})
        elif name == "END":
            done = stack.pop()
            if done["name"] != value.upper():
                raise Invalid(f"END:{value} closes {done['name']}")
            stack[-1]["children"].append(done)
        else:
            stack[-1]["props"].setdefault(name, []).append((params, value))
    if len(stack) != 1 or len(stack[0]["children"]) != 1:
        raise Invalid("one VCALENDAR, closed")
    return stack[0]["children"][0]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)
