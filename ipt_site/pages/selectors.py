"""Every read of content: the pages the site shows, from the `Page` rows.

Each function runs a fixed number of small queries, however many pages there are. Lists
(children, siblings, breadcrumbs, sitemap) leave out the heavy columns (`Page.listed`).
"""

from .files import INDEX_NAME
from .models import Page


def page_at(url: str, *, staff: bool = False) -> Page | None:
    """The page at an address; drafts only for staff."""
    return Page.objects.visible(staff=staff).filter(url=url).first()


def page_for_file(relpath: str) -> Page | None:
    """The row of a content file, shown or not (the editor's view of it)."""
    return Page.objects.filter(relpath=relpath).first()


def text_of(relpath: str) -> str | None:
    """The file's current text as the database holds it; None when there is no such page."""
    return Page.objects.filter(relpath=relpath).values_list("text", flat=True).first()


def children(url: str, *, staff: bool = False) -> list[Page]:
    """The pages directly under an address, in their order."""
    return list(Page.objects.visible(staff=staff).listed().filter(parent=url).in_order())


def ancestors(page) -> list[Page]:
    """From the home page down to the page's parent (drafts included: they are shown)."""
    urls, url = [], page.parent_url
    while url:
        urls.append(url)
        url = None if url == "/" else url.rstrip("/").rsplit("/", 1)[0] + "/"
    if not urls:
        return []
    found = {p.url: p for p in Page.objects.served().listed().filter(url__in=urls)}
    return [found[url] for url in reversed(urls) if url in found]


def neighbours(page, kids: list) -> tuple:
    """(previous, next) of a page in a list of pages."""
    urls = [kid.url for kid in kids]
    if page.url not in urls:
        return None, None
    i = urls.index(page.url)
    return (kids[i - 1] if i > 0 else None), (kids[i + 1] if i + 1 < len(kids) else None)


def published():
    """Every published page (a QuerySet: add `.listed()` when the body is not needed)."""
    return Page.objects.published()


def linking_to(url: str) -> list[Page]:
    """Pages whose body links to an address (with or without a #part or ?query)."""
    if not url:
        return []
    rows = Page.objects.listed().exclude(url=url)
    found = (
        rows.filter(html__contains=f'href="{url}"')
        | rows.filter(html__contains=f'href="{url}#')
        | rows.filter(html__contains=f'href="{url}?')
    )
    return list(found.order_by("url"))


def sections() -> list[str]:
    """Folders that hold pages (a section has an _index.md), as '' for the top level and
    'problem-areas' for a folder, sorted."""
    landings = Page.objects.filter(relpath__endswith=f"/{INDEX_NAME}").values_list("relpath")
    return ["", *sorted(relpath[: -len(INDEX_NAME) - 1] for (relpath,) in landings)]


def section_titles() -> dict[str, str]:
    """Each section's title: its landing page's."""
    landings = Page.objects.filter(relpath__endswith=f"/{INDEX_NAME}").exclude(title="")
    return {
        relpath[: -len(INDEX_NAME) - 1]: title
        for relpath, title in landings.values_list("relpath", "title")
    }
