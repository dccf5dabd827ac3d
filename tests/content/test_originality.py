"""Every sentence on the site is our own: none shares a run of 8 or more words with a source.

The source documents live outside the repository (../shared/seeds/ beside a checkout, or a
folder named by IPT_SEEDS_DIR). A clean checkout in CI may not have them: the page test then
skips with its reason in the summary (pytest runs with -ra), and the checker's own tests
still run.
"""

import html
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.html import strip_tags

from ipt_site.pages.quality import body_text
from tests import realcontent

# Page text includes the help lines it names ([[signpost_...]]): rows in the database.
pytestmark = pytest.mark.django_db

RUN = 8
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def words(text: str) -> list[str]:
    """Lower-case words, with curly apostrophes made straight so "don't" matches "don’t"."""
    return _WORD.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))


def runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def shared_runs(text: str, source_runs: set[tuple[str, ...]], n: int = RUN) -> list[str]:
    """Sentences of `text` that share a run of n words with the sources, with the run."""
    found = []
    for sentence in _SENTENCE_END.split(text):
        shared = runs(sentence, n) & source_runs
        if shared:
            found.append(f"{sentence.strip()!r} shares {' '.join(min(shared))!r}")
    return found


def seeds_dir() -> Path:
    configured = os.environ.get("IPT_SEEDS_DIR")
    if configured:
        return Path(configured)
    root = Path(settings.BASE_DIR)
    beside = root.parent / "shared" / "seeds"  # a checkout beside shared/
    worktree = root.parent.parent / "shared" / "seeds"  # a worktree under /work/wt/
    return beside if beside.is_dir() or not worktree.is_dir() else worktree


def test_checker_finds_a_shared_run_and_ignores_short_ones():
    source = runs("IPT is a short talking therapy that works on how you get on with people.")
    copied = "Here it is. IPT is a short talking therapy that works on mood. Done."
    assert len(shared_runs(copied, source)) == 1
    assert "IPT is a short talking therapy that works on mood." in shared_runs(copied, source)[0]
    # Seven words in common is allowed; a run never crosses a sentence boundary.
    assert shared_runs("IPT is a short talking therapy that helps.", source) == []
    assert shared_runs("It is short. Talking therapy that works on how.", source) == []


def test_checker_ignores_case_and_curly_apostrophes():
    source = runs("You don't have to have it all figured out before you begin.")
    assert shared_runs("You DON’T have to have it all figured out before you start.", source)


@pytest.fixture(scope="module")
def source_runs():
    folder = seeds_dir()
    files = sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
    if not files:
        pytest.skip(
            f"SKIPPED ORIGINALITY CHECK: no source documents at {folder}. "
            "Set IPT_SEEDS_DIR to the folder of source documents to run it."
        )
    found = set()
    for path in files:
        found |= runs(path.read_text(encoding="utf-8", errors="replace"))
    return found


def test_no_sentence_shares_eight_words_with_a_source(source_runs):
    """A test, not a content rule: the sources live outside the repository (see above)."""
    found = []
    for page in realcontent.pages():
        text = "\n".join([page.title, page.summary, body_text(page)])
        found += [f"{page.relpath}: {run}" for run in shared_runs(text, source_runs)]
    assert found == [], "Rewrite in our own words:\n" + "\n".join(found)


# Words the site shows that are not in content/: the worksheet's own templates.
TEMPLATES = ["selfcheck/relationships_form.html", "selfcheck/relationships_summary.html"]


@pytest.mark.parametrize("name", TEMPLATES)
def test_no_template_sentence_shares_eight_words_with_a_source(name, source_runs):
    path = Path(settings.BASE_DIR) / "templates" / name
    found = shared_runs(html.unescape(strip_tags(path.read_text(encoding="utf-8"))), source_runs)
    assert found == [], f"{name}: rewrite in our own words:\n" + "\n".join(found)


def test_the_check_catches_a_sentence_copied_from_the_sources(source_runs):
    copied = "IPT usually focuses on one or two key areas that feel most relevant to you."
    assert shared_runs(copied, source_runs)
