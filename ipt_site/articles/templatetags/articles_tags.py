import re

from django import template

from ipt_site.pages.meta import ARTICLE_TAGS
from ipt_site.pages.store import get_store

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
        "articles": selectors.latest_for_tag(get_store().index(), tag, limit),
        "tag": selectors.Tag(tag, ARTICLE_TAGS[tag]),
    }
