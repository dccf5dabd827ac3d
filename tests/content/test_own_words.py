"""The free guide and the worksheet are written in our own words: no run of eight words
matches the source documents the team was given (shared/seeds beside the repository)."""

import html
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.html import strip_tags

from ipt_site.pages.store import get_store

ROOT = Path(settings.BASE_DIR)
RUN = 8


def _seeds_folder() -> Path | None:
    for candidate in (
        os.environ.get("IPT_SEEDS_DIR", ""),
        ROOT.parent / "shared" / "seeds",  # CI: shared/ is copied beside the clone
        ROOT.parent.parent / "shared" / "seeds",  # a helper's worktree under /work/wt/
    ):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def words(text: str) -> list[str]:
    text = text.replace("’", "'").replace("‘", "'").lower()
    return re.findall(r"[a-z0-9']+", text)


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


@pytest.fixture(scope="module")
def seed_runs():
    folder = _seeds_folder()
    if folder is None:
        pytest.skip("No seeds folder (set IPT_SEEDS_DIR) to compare against")
    found = set()
    for path in sorted(folder.glob("*.txt")):
        found |= runs(path.read_text(encoding="utf-8"))
    assert found, f"{folder} holds no seed text"
    return found


def _our_texts():
    index = get_store().index()
    for page in index.pages:
        if page.url.startswith("/resources/"):
            yield page.relpath, page.meta.summary + "\n" + strip_tags(page.html)
    for name in ("relationships_form.html", "relationships_summary.html"):
        path = ROOT / "templates" / "selfcheck" / name
        yield name, strip_tags(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("name", "text"), list(_our_texts()), ids=lambda v: str(v)[:40])
def test_no_eight_word_run_comes_from_the_seeds(name, text, seed_runs):
    copied = sorted(" ".join(run) for run in runs(html.unescape(text)) & seed_runs)
    assert copied == [], f"{name} repeats the sources word for word: {copied[:3]}"


def test_the_check_would_catch_a_copied_sentence(seed_runs):
    copied = "IPT usually focuses on one or two key areas that feel most relevant to you."
    assert runs(copied) & seed_runs
