"""A page rendered from text that is not (yet) the live file, exactly as the public sees it.

The editor's Preview button and the shareable preview links both use the site's own
`PageView` and templates: the only difference is where the page comes from. The text goes
through the same markdown renderer and sanitiser as every page.
"""

import datetime

from django.conf import settings
from django.core import signing

from ipt_site.pages import meta as meta_module
from ipt_site.pages.render import render_markdown
from ipt_site.pages.store import INDEX_NAME, url_for
from ipt_site.pages.views import PageView

# A salt namespaces the signature (not a secret: SECRET_KEY is).
LINK_SALT = "ipt_site.editor.preview-link"


class PreviewPage:
    """What the page templates read from a stored page, built from text."""

    def __init__(self, relpath: str, text: str):
        self.relpath = relpath
        self.url = url_for(relpath) or "/"
        self.text = text
        self.meta, body = meta_module.parse(text)
        self.problems = list(self.meta.problems)
        rendered = render_markdown(body, faq=self.meta.template == "faq")
        self.html, self.toc, self.internal_links = (
            rendered.html,
            rendered.toc,
            rendered.internal_links,
        )
        if not self.meta.title:
            self.meta.title = "(no title yet)"

    title = property(lambda self: self.meta.title)
    summary = property(lambda self: self.meta.summary)
    servable = True

    @property
    def is_section(self):
        return self.relpath.endswith(INDEX_NAME)

    @property
    def parent_url(self):
        if self.url == "/":
            return None
        parent = self.url.rstrip("/").rsplit("/", 1)[0]
        return parent + "/" if parent else "/"

    @property
    def template_name(self):
        name = self.meta.template or ("section" if self.is_section else "page")
        return f"pages/{name}.html"

    def sort_key(self):
        return (self.meta.order, self.meta.title.lower(), self.url)


class IndexWithPreview:
    """The live index, with the previewed page standing in for its stored version, so the
    breadcrumbs, section cards and previous/next links are the ones it will have."""

    def __init__(self, index, page: PreviewPage):
        self._index = index
        self._page = page

    def __getattr__(self, name):
        return getattr(self._index, name)

    def get(self, url):
        return self._page if url == self._page.url else self._index.get(url)

    def children(self, page, *, include_drafts=False):
        stored = self._index.get(page.url) if page is self._page else page
        kids = self._index.children(stored, include_drafts=include_drafts) if stored else []
        if stored is None:  # a new section: its pages are already in the folder
            kids = [
                p
                for p in self._index.by_url.values()
                if p.parent_url == page.url
                and p.url != page.url
                and (include_drafts or not p.meta.draft)
            ]
        kids = [k for k in kids if k.url != self._page.url]
        if self._page.parent_url == page.url and page.url != self._page.url:
            kids.append(self._page)
        return sorted(kids, key=lambda p: p.sort_key())

    def siblings(self, page, *, include_drafts=False):
        parent = self.get(page.parent_url) if page.parent_url else None
        if parent is None or page.url == "/":
            return None, None
        kids = self.children(parent, include_drafts=include_drafts or page.meta.draft)
        urls = [k.url for k in kids]
        if page.url not in urls:
            return None, None
        i = urls.index(page.url)
        return (kids[i - 1] if i > 0 else None), (kids[i + 1] if i + 1 < len(kids) else None)

    def ancestors(self, page):
        return self._index.ancestors(page)


class PreviewView(PageView):
    """PageView for a PreviewPage: same templates and context, never cached."""

    page: PreviewPage = None
    notice = ""
    noindex = True

    def get(self, request, *args, **kwargs):
        from ipt_site.pages.store import get_store

        self.index = IndexWithPreview(get_store().index(), self.page)
        self.staff = False  # render what the public will see
        return super(PageView, self).get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(preview_notice=self.notice, noindex=self.noindex)
        return context


def render_preview(request, page: PreviewPage, notice: str):
    response = PreviewView.as_view(page=page, notice=notice)(request)
    response.render()
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def link_days() -> int:
    return settings.EDITOR_PREVIEW_LINK_DAYS


def make_token(relpath: str) -> str:
    return signing.dumps({"p": relpath}, salt=LINK_SALT)


def read_token(token: str) -> str:
    """The relpath in a preview token; signing.SignatureExpired / BadSignature otherwise."""
    data = signing.loads(token, salt=LINK_SALT, max_age=datetime.timedelta(days=link_days()))
    return data["p"]


def expires_on(token: str) -> datetime.datetime:
    """When a valid token stops working ('payload:timestamp:signature', base 62 time)."""
    stamp = token.rsplit(":", 2)[1]
    created = datetime.datetime.fromtimestamp(signing.b62_decode(stamp), tz=datetime.UTC)
    return created + datetime.timedelta(days=link_days())
