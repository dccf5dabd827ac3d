"""The articles the site ships with (the real content folder)."""

import datetime

import pytest

from ipt_site.articles import selectors
from ipt_site.pages.meta import ARTICLE_TAGS
from tests import realcontent


def _articles():
    pages = realcontent.pages()
    articles = [selectors.Article(page) for page in pages if selectors.is_article(page)]
    return sorted(articles, key=selectors.Article.sort_key)


def test_at_least_four_articles_ship():
    articles = _articles()
    assert len(articles) >= 4
    titles = {a.title for a in articles}
    assert {"When grief gets stuck", "IPT and medication", "IPT for new parents"} <= titles


@pytest.mark.parametrize("article", _articles(), ids=lambda a: a.slug)
def test_each_article_is_complete(article):
    meta = article.page
    assert isinstance(meta.date, datetime.date)
    assert meta.template == "article"
    assert meta.tags and all(tag in ARTICLE_TAGS for tag in meta.tags)
    assert len(meta.references) >= 2
    assert any("Weissman" in ref for ref in meta.references)
    assert article.words >= 300


# Originality against the source documents is checked for every page, articles included,
# by tests/content/test_originality.py.
