import re

from django import template
from django.conf import settings

from ipt_site.pages.meta import ARTICLE_TAGS

from .. import selectors

register = template.Library()

AREA_PAGE = re.compile(r"^/problem-areas/(?P<slug>[a-z0-9-]+)/$")


@register.inclusion_tag("articles/includes/latest.html")
def articles_for_page(page, limit=3):
    """On a problem-area page, its latest articles (nothing when there are none)."""
    match = AREA_PAGE.match(getattr(page, "url", "") or "")
    if not match or match["slug"] not in ARTICLE_TAGS:
        return {"articles": []}
    tag = match["slug"]
    return {
        "articles": selectors.latest_for_tag(tag, limit),
        "tag": selectors.Tag(tag, ARTICLE_TAGS[tag]),
    }


@register.inclusion_tag("articles/includes/header.html")
def article_header(page, author=None):
    """Byline and topics from the page itself, so the editor's preview (which has only the
    page) shows them exactly as the article's own view does."""
    article = selectors.Article(page)
    if not author:  # the preview has no `author` in its context
        author = selectors.authors_for([article], settings.PRACTICE_NAME)[article.url]
    return {"article": article, "author": author}
