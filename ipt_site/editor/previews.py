"""A page rendered from text that is not (yet) the live file, exactly as the public sees it.

The editor's Preview button and the shareable preview links both use the site's own
`PageView` and templates: the only difference is where the page comes from. The text goes
through the same markdown renderer and sanitiser as every page.
"""

import hashlib

from django.views.generic import TemplateView

from ipt_site.pages import schedule
from ipt_site.pages.models import Page
from ipt_site.pages.sync import parse_file
from ipt_site.pages.views import PageView

from .models import PreviewLink

# A link's secret is secrets.token_urlsafe(24) (32 characters); anything far longer is not
# a link, and is not hashed.
SECRET_MAX = 100


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
    # A scheduled page says when the public sees it (or stopped seeing it).
    notice = " ".join(filter(None, [notice, schedule.preview_note(page)]))
    response = PreviewView.as_view(preview=page, notice=notice)(request)
    response.render()
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def find_link(secret: str) -> PreviewLink | None:
    """The link a secret opens, whatever its state (None: no such link, or its page is
    gone, which takes its links with it)."""
    if not secret or len(secret) > SECRET_MAX:
        return None
    return (
        PreviewLink.objects.select_related("page")
        .filter(secret_digest=secret_digest(secret))
        .first()
    )
