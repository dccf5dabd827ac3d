"""The articles the site ships with (the real content folder)."""

import datetime
import glob
import re
from pathlib import Path

import pytest

from ipt_site.articles import selectors
from ipt_site.pages.meta import ARTICLE_TAGS
from ipt_site.pages.store import get_store

SEEDS = Path("/work/shared/seeds")
RUN = 8


def _articles():
    return selectors.published_articles(get_store().index())


def test_at_least_four_articles_ship():
    articles = _articles()
    assert len(articles) >= 4
    titles = {a.title for a in articles}
    assert {"When grief gets stuck", "IPT and medication", "IPT for new parents"} <= titles


@pytest.mark.parametrize("article", _articles(), ids=lambda a: a.slug)
def test_each_article_is_complete(article):
    meta = article.meta
    assert isinstance(meta.date, datetime.date)
    assert meta.template == "article"
    assert meta.tags and all(tag in ARTICLE_TAGS for tag in meta.tags)
    assert len(meta.references) >= 2
    assert any("Weissman" in ref for ref in meta.references)
    assert article.words >= 300


def _words(text):
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not on this machine")
@pytest.mark.parametrize("article", _articles(), ids=lambda a: a.slug)
def test_no_run_of_eight_words_is_copied_from_the_source_documents(article):
    seed_words = _words(" ".join(Path(p).read_text() for p in glob.glob(str(SEEDS / "*"))))
    runs = {tuple(seed_words[i : i + RUN]) for i in range(len(seed_words) - RUN + 1)}
    words = _words(article.page.text)
    copied = [
        " ".join(words[i : i + RUN])
        for i in range(len(words) - RUN + 1)
        if tuple(words[i : i + RUN]) in runs
    ]
    assert copied == []
