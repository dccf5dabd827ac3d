"""A line diff of two versions of a page, for the compare and conflict templates."""

import difflib


def diff_lines(old: str, new: str) -> list[dict]:
    """A line diff for a template: each line marked added, removed or context."""
    out = []
    for line in difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), lineterm="", n=3
    ):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            out.append({"kind": "hunk", "text": line})
        elif line.startswith("+"):
            out.append({"kind": "added", "text": line[1:]})
        elif line.startswith("-"):
            out.append({"kind": "removed", "text": line[1:]})
        else:
            out.append({"kind": "same", "text": line[1:]})
    return out
