"""The articles list (newest first, by topic, paginated) and each article's page."""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

from ipt_site.pagecache import cacheable, rendered_query
from ipt_site.pages import placeholders
from ipt_site.pages import selectors as pages
from ipt_site.pages.meta import ARTICLE_TAGS
from ipt_site.pages.render import split_lead
from ipt_site.pages.structured_data import absolute_url

from . import selectors
from .structured_data import for_article

UNKNOWN_TAG = "We did not recognise that topic, so here are all our articles."
UNKNOWN_PAGE = "That page of articles does not exist, so here is page {number}."


def _is_staff(request) -> bool:
    return request.user.is_authenticated and request.user.is_staff


def _cache_publicly(response) -> None:
    patch_cache_control(response, public=True, max_age=settings.CONTENT_CACHE_SECONDS)


PAGE_NUMBER = re.compile(r"^[1-9][0-9]{0,3}$")


def list_cache_query(request):
    """The list's cache key: a known topic and a plain page number, nothing else.

    Anything the list would correct with a notice (an unknown topic, a page that is not a
    number, a repeated or unknown parameter) is rendered but never stored, so odd query
    strings cannot fill the cache.
    """
    params = request.GET
    if set(params) - {"tag", "page"} or any(len(params.getlist(k)) > 1 for k in params):
        return None
    tag, page = params.get("tag", ""), params.get("page", "")
    if (tag and tag not in ARTICLE_TAGS) or (page and not PAGE_NUMBER.match(page)):
        return None
    return _list_key(tag, int(page) if page else 1)


def _list_key(tag: str, number: int) -> str:
    parts = [("tag", tag)] if tag else []
    if number > 1:
        parts.append(("page", number))
    return urlencode(parts)


# The list names authors who are therapists in the directory, so therapist data counts.
@cacheable(depends={"content", "data"}, query=list_cache_query)
def article_list(request):
    notices = []
    tag = request.GET.get("tag", "")
    if tag and tag not in ARTICLE_TAGS:
        notices.append(UNKNOWN_TAG)
        tag = ""
    articles = selectors.published_articles(tag)
    paginator = Paginator(articles, selectors.PER_PAGE)
    requested = request.GET.get("page", "")
    page_obj = paginator.get_page(requested)
    if requested and requested != str(page_obj.number):
        notices.append(UNKNOWN_PAGE.format(number=page_obj.number))

    path = reverse("articles:list")
    query = urlencode({"tag": tag}) if tag else ""
    # The page really shown, as its links and the cache key write it.
    shown = _list_key(tag, page_obj.number)
    intro = pages.page_at(selectors.SECTION_URL)
    context = {
        "intro": intro,
        "intro_html": placeholders.fill(intro.html) if intro is not None else "",
        "tag": selectors.Tag(tag, ARTICLE_TAGS[tag]) if tag else None,
        "topics": selectors.topics(),
        "notices": notices,
        "page_obj": page_obj,
        "articles": page_obj.object_list,
        "authors": selectors.authors_for(page_obj.object_list, settings.PRACTICE_NAME),
        "page_range": paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1),
        "ellipsis": paginator.ELLIPSIS,
        "count": paginator.count,
        "query": query,
        "canonical_url": absolute_url(request, f"{path}?{shown}" if shown else path),
    }
    response = render(request, "articles/list.html", context)
    _cache_publicly(response)
    # A page number past the end shows the last page: served, but not stored under its key.
    return rendered_query(response, shown)


@cacheable(depends={"content", "data"})  # the byline links to the author's profile
def article_detail(request, slug):
    staff = _is_staff(request)
    article = selectors.get_article(slug, include_drafts=staff)
    if article is None:
        raise Http404("No such article")
    page = article.page
    author = selectors.authors_for([article], settings.PRACTICE_NAME)[article.url]
    breadcrumbs = pages.ancestors(page)
    context = {
        "page": page,
        "article": article,
        "author": author,
        "breadcrumbs": breadcrumbs,
        "related_articles": selectors.related_articles(article),
        "related_pages": selectors.related_pages(article),
        "show_toc": sum(1 + len(entry["children"]) for entry in page.toc) >= 3,
        "canonical_url": absolute_url(request, page.url),
        "structured_data": for_article(request, article, author, breadcrumbs),
    }
    context["page_html"] = placeholders.fill(page.html)
    context["toc_lead"], context["toc_rest"] = split_lead(context["page_html"])
    response = render(request, "pages/article.html", context)
    if page.draft or staff:
        patch_cache_control(response, private=True, no_cache=True)
        if page.draft:
            response["X-Robots-Tag"] = "noindex"
    else:
        _cache_publicly(response)
    return response
