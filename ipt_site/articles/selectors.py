"""Reads for articles: the content pages under content/articles/, from the content rows.

An article is a published page directly inside content/articles/ (the folder's `_index.md`
is the list page's introduction).
"""

import datetime
import math
import re
from dataclasses import dataclass

from django.utils.functional import cached_property

from ipt_site.pages.meta import ARTICLE_TAGS
from ipt_site.pages.models import Page
from ipt_site.therapists.models import Therapist

SECTION_URL = "/articles/"
ARTICLE_URL = re.compile(r"^/articles/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/$")
PER_PAGE = 10
# Adults reading plain text online manage about 200 words a minute; people who are tired
# or low often read slower, so we round up.
WORDS_PER_MINUTE = 200

# The content page that says most about each tag, for "related pages".
TAG_PAGES = {
    "grief": "/problem-areas/grief/",
    "role-disputes": "/problem-areas/role-disputes/",
    "role-transitions": "/problem-areas/role-transitions/",
    "interpersonal-deficits": "/problem-areas/interpersonal-deficits/",
    "depression": "/about-ipt/what-it-helps-with/",
    "starting-therapy": "/what-to-expect/",
    "medication": "/about-ipt/ways-to-have-ipt/",
    "parents": "/problem-areas/role-transitions/",
    "relationships": "/problem-areas/role-disputes/",
    "self-care": "/practical-tips/",
    "evidence": "/about-ipt/evidence/",
}


@dataclass(frozen=True)
class Tag:
    slug: str
    label: str


@dataclass(frozen=True)
class Author:
    name: str
    url: str = ""  # a published therapist's profile; empty for the practice
    job_title: str = ""


class Article:
    """A content page seen as a dated post."""

    def __init__(self, page):
        self.page = page

    url = property(lambda self: self.page.url)
    title = property(lambda self: self.page.title)
    summary = property(lambda self: self.page.summary)

    @property
    def slug(self) -> str:
        return ARTICLE_URL.match(self.page.url)["slug"]

    @property
    def date(self) -> datetime.date | None:
        return self.page.date

    @property
    def updated(self) -> datetime.date | None:
        """The later of the publication date and the last review."""
        dates = [d for d in (self.page.date, self.page.reviewed) if d]
        return max(dates) if dates else None

    @cached_property
    def tags(self) -> list[Tag]:
        return [Tag(slug, ARTICLE_TAGS[slug]) for slug in self.page.tags]

    @property
    def words(self) -> int:
        return self.page.words

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    def sort_key(self):
        """Newest first, then by title; undated ones (a content error) last."""
        age = -self.date.toordinal() if self.date else 0
        return (self.date is None, age, self.title.lower())


def is_article(page) -> bool:
    return bool(ARTICLE_URL.match(page.url or "")) and not page.is_section


def published_articles(tag: str = "") -> list[Article]:
    """Published articles, newest first; only those carrying `tag` when one is given."""
    rows = Page.objects.published().listed().filter(parent=SECTION_URL)
    articles = [
        Article(page) for page in rows if is_article(page) and (not tag or tag in page.tags)
    ]
    return sorted(articles, key=Article.sort_key)


def topics() -> list[tuple[Tag, int]]:
    """Each tag that has published articles, with how many, in the vocabulary's order."""
    counts = {}
    for article in published_articles():
        for slug in article.page.tags:
            counts[slug] = counts.get(slug, 0) + 1
    return [
        (Tag(slug, label), counts[slug]) for slug, label in ARTICLE_TAGS.items() if slug in counts
    ]


def get_article(slug: str, *, include_drafts: bool = False) -> Article | None:
    page = Page.objects.visible(staff=include_drafts).filter(url=f"{SECTION_URL}{slug}/").first()
    if page is None or not is_article(page):
        return None
    return Article(page)


def latest_for_tag(tag: str, limit: int = 3) -> list[Article]:
    return published_articles(tag)[:limit]


def related_articles(article: Article, limit: int = 3) -> list[Article]:
    """Other articles that share the most tags with this one, newest first among equals."""
    mine = set(article.page.tags)
    scored = []
    for other in published_articles():
        shared = len(mine & set(other.page.tags))
        if other.url != article.url and shared:
            scored.append((shared, other))
    scored.sort(key=lambda pair: (-pair[0], pair[1].sort_key()))
    return [other for _, other in scored[:limit]]


def related_pages(article: Article) -> list:
    """The explainer pages for the article's tags, once each, in tag order."""
    urls = [TAG_PAGES[tag] for tag in article.page.tags if tag in TAG_PAGES]
    found = {page.url: page for page in Page.objects.published().listed().filter(url__in=urls)}
    return [found[url] for url in dict.fromkeys(urls) if url in found]


def authors_for(articles, practice_name: str) -> dict[str, Author]:
    """Each article's author by URL: a published therapist (one query for all of them), or
    the practice when the article names nobody or a therapist who is not published."""
    slugs = {a.page.author for a in articles if a.page.author}
    therapists = {}
    if slugs:
        for therapist in (
            Therapist.objects.published().filter(slug__in=slugs).only("slug", "name", "title")
        ):
            therapists[therapist.slug] = Author(
                therapist.name, therapist.get_absolute_url(), therapist.title
            )
    practice = Author(practice_name)
    return {a.url: therapists.get(a.page.author, practice) for a in articles}
