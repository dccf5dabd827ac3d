"""The shareable preview link: one version of a page, for someone without a sign-in (a
clinician reviewing a draft), until the link expires or staff turn it off.

It lives on its own path (/preview/<secret>/), never as a query string on the public
address, so a cache of public pages can never serve it or be filled by it. The link is a
`PreviewLink` row: tied to the page (deleting the page ends it; a new page at the same
address is not it) and to the text it was made from.
"""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format

from ipt_site.editor import previews


def _refused(request, reason: str):
    response = TemplateResponse(
        request,
        "editor/preview_link_invalid.html",
        {"reason": reason},
        status=404 if reason == "broken" else 410,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def preview_exists(token: str) -> bool:
    """Whether /preview/<secret>/ shows a page (a link in a content page): a live link."""
    link = previews.find_link(token)
    return link is not None and link.revoked is None and link.expires > timezone.now()


def shared_preview(request, token):
    link = previews.find_link(token)
    if link is None:
        return _refused(request, "broken")
    if link.revoked is not None:
        return _refused(request, "revoked")
    if link.expires <= timezone.now():
        return _refused(request, "expired")
    page = previews.preview_page(link.page.relpath, link.text)
    saved = timezone.localtime(link.version_saved)
    until = date_format(timezone.localtime(link.expires), "j F Y")
    notice = (
        f"This is a preview of the page as it was saved at {date_format(saved, 'H:i')} on "
        f"{date_format(saved, 'j F Y')}, shared by the practice's staff. It may change "
        f"before it is published{' (the public cannot see it yet)' if page.draft else ''}. "
        f"This link works until {until}."
    )
    if not link.is_current:
        notice += (
            " The page has been changed since this link was made: ask the person who sent "
            "it for a new link to see the latest version."
        )
    response = previews.render_preview(request, page, notice)
    # The secret is the key to the page: never send it on to another site.
    response["Referrer-Policy"] = "no-referrer"
    return response
