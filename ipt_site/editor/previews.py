"""A page rendered from text that is not (yet) the live file, exactly as the public sees it.

The editor's Preview button and the shareable preview links both use the site's own
`PageView` and templates: the only difference is where the page comes from. The text goes
through the same markdown renderer and sanitiser as every page.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.views.generic import TemplateView

from ipt_site.pages.models import Page
from ipt_site.pages.sync import parse_file
from ipt_site.pages.views import PageView

# A salt namespaces the signature (not a secret: SECRET_KEY is).
LINK_SALT = "ipt_site.editor.preview-link"


def preview_page(relpath: str, text: str) -> Page:
    """An unsaved page from text, as the sync would store it."""
    page, _ = parse_file(relpath, text)
    page.url = page.url or "/"
    page.title = page.title or "(no title yet)"
    return page


class PreviewView(PageView):
    """PageView for a page that is not (yet) live: same templates and context, never
    cached. Its neighbours are the live pages, with the previewed page standing in for its
    live version, so the breadcrumbs, section cards and previous/next links are the ones it
    will have."""

    preview: Page = None
    notice = ""
    noindex = True

    def get(self, request, *args, **kwargs):
        self.staff = False  # render what the public will see
        self.page = self.preview
        return TemplateView.get(self, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.get(request, *args, **kwargs)

    def children(self, url):
        kids = [kid for kid in super().children(url) if kid.url != self.page.url]
        if self.page.parent == url and self.page.url != url:
            kids.append(self.page)
        return sorted(kids, key=Page.sort_key)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(preview_notice=self.notice, noindex=self.noindex)
        return context


def render_preview(request, page: Page, notice: str):
    response = PreviewView.as_view(preview=page, notice=notice)(request)
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
