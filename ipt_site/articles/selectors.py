"""Reads for articles: the content files under content/articles/, through the content store.

An article is a published page directly inside content/articles/ (the folder's `_index.md`
is the list page's introduction). Everything here works on one `ContentIndex`, so a
request sees one consistent set of files.
"""

import datetime
import html
import math
import re
import weakref
from dataclasses import dataclass

from django.utils.functional import cached_property
from django.utils.html import strip_tags

from ipt_site.pages.meta import ARTICLE_TAGS
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


_WORDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


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
    meta = property(lambda self: self.page.meta)

    @property
    def slug(self) -> str:
        return ARTICLE_URL.match(self.page.url)["slug"]

    @property
    def date(self) -> datetime.date | None:
        return self.page.meta.date

    @property
    def updated(self) -> datetime.date | None:
        """The later of the publication date and the last review."""
        dates = [d for d in (self.page.meta.date, self.page.meta.reviewed) if d]
        return max(dates) if dates else None

    @cached_property
    def tags(self) -> list[Tag]:
        return [Tag(slug, ARTICLE_TAGS[slug]) for slug in self.page.meta.tags]

    @property
    def words(self) -> int:
        # A page object never changes (an edit makes a new one), so its count is kept.
        count = _WORDS.get(self.page)
        if count is None:
            count = _WORDS[self.page] = len(html.unescape(strip_tags(self.page.html)).split())
        return count

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    def sort_key(self):
        """Newest first, then by title; undated ones (a content error) last."""
        age = -self.date.toordinal() if self.date else 0
        return (self.date is None, age, self.title.lower())


def is_article(page) -> bool:
    return bool(ARTICLE_URL.match(page.url or "")) and not page.is_section


def published_articles(index, tag: str = "") -> list[Article]:
    """Published articles, newest first; only those carrying `tag` when one is given."""
    articles = [
        Article(page)
        for page in index.published()
        if is_article(page) and (not tag or tag in page.meta.tags)
    ]
    return sorted(articles, key=Article.sort_key)


def topics(index) -> list[tuple[Tag, int]]:
    """Each tag that has published articles, with how many, in the vocabulary's order."""
    counts = {}
    for article in published_articles(index):
        for slug in article.meta.tags:
            counts[slug] = counts.get(slug, 0) + 1
    return [
        (Tag(slug, label), counts[slug]) for slug, label in ARTICLE_TAGS.items() if slug in counts
    ]


def get_article(index, slug: str, *, include_drafts: bool = False) -> Article | None:
    page = index.get(f"{SECTION_URL}{slug}/")
    if page is None or not is_article(page) or (page.meta.draft and not include_drafts):
        return None
    return Article(page)


def latest_for_tag(index, tag: str, limit: int = 3) -> list[Article]:
    return published_articles(index, tag)[:limit]


def related_articles(index, article: Article, limit: int = 3) -> list[Article]:
    """Other articles that share the most tags with this one, newest first among equals."""
    mine = set(article.meta.tags)
    scored = []
    for other in published_articles(index):
        shared = len(mine & set(other.meta.tags))
        if other.url != article.url and shared:
            scored.append((shared, other))
    scored.sort(key=lambda pair: (-pair[0], pair[1].sort_key()))
    return [other for _, other in scored[:limit]]


def related_pages(index, article: Article) -> list:
    """The explainer pages for the article's tags, once each, in tag order."""
    pages = []
    for tag in article.meta.tags:
        page = index.get(TAG_PAGES.get(tag, ""))
        if page is not None and not page.meta.draft and page not in pages:
            pages.append(page)
    return pages


def authors_for(articles, practice_name: str) -> dict[str, Author]:
    """Each article's author by URL: a published therapist (one query for all of them), or
    the practice when the article names nobody or a therapist who is not published."""
    slugs = {a.meta.author for a in articles if a.meta.author}
    therapists = {}
    if slugs:
        for therapist in (
            Therapist.objects.published().filter(slug__in=slugs).only("slug", "name", "title")
        ):
            therapists[therapist.slug] = Author(
                therapist.name, therapist.get_absolute_url(), therapist.title
            )
    practice = Author(practice_name)
    return {a.url: therapists.get(a.meta.author, practice) for a in articles}
