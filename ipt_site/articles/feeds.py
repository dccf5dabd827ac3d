"""The articles as an Atom feed (Django's syndication framework)."""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed

from ipt_site.web.mail import absolute_url

from . import selectors

FEED_SIZE = 20


class Entry(NamedTuple):
    article: selectors.Article
    link: str
    author_name: str
    author_link: str | None


class Articles(NamedTuple):
    entries: list[Entry]
    request: object


# Every address is made absolute here (IPT_SITE_URL when set, else the host the feed was
# asked on, as canonical links are): the syndication framework would otherwise add the
# current Site's domain.


def _moment(day: datetime.date | None) -> datetime.datetime | None:
    """Articles carry a date only; Atom wants a moment, so the start of that day here."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class ArticlesFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=settings.CONTENT_CACHE_SECONDS)
        return response

    def get_object(self, request):
        articles = selectors.published_articles()[:FEED_SIZE]
        authors = selectors.authors_for(articles, settings.PRACTICE_NAME)
        # Each item carries its author (profile address made absolute here, where the
        # request is known), so the item_* methods need no state shared between requests.
        entries = [
            Entry(
                article,
                absolute_url(article.url, request),
                authors[article.url].name,
                absolute_url(authors[article.url].url, request)
                if authors[article.url].url
                else None,
            )
            for article in articles
        ]
        return Articles(entries, request)

    def title(self):
        return f"Articles from {settings.PRACTICE_NAME}"

    def subtitle(self):
        return f"New articles about interpersonal therapy (IPT) from {settings.PRACTICE_NAME}."

    def link(self, obj):
        return absolute_url(reverse("articles:list"), obj.request)

    def feed_url(self, obj):
        return absolute_url(reverse("articles:feed"), obj.request)

    def author_name(self):
        return settings.PRACTICE_NAME

    def items(self, obj):
        return obj.entries

    def item_title(self, item):
        return item.article.title

    def item_description(self, item):
        return item.article.summary

    def item_link(self, item):
        return item.link

    def item_pubdate(self, item):
        return _moment(item.article.date)

    def item_updateddate(self, item):
        return _moment(item.article.updated)

    def item_author_name(self, item):
        return item.author_name

    def item_author_link(self, item):
        return item.author_link

    def item_categories(self, item):
        return [tag.label for tag in item.article.tags]
