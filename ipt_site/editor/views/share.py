"""Sharing a preview of a page with someone without a sign-in, and turning a link off."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ipt_site.editor import services
from ipt_site.editor.models import PreviewLink, link_days

from .base import EditorView


class ShareView(EditorView):
    permission = "change"
    template_name = "admin/editor/contentpage/share.html"

    def get(self, request, pk, link=None, made=None):
        return self.render(
            f"Share a preview of “{self.row.title}”",
            link=link,
            made=made,
            days=link_days(),
            live_links=self.row.preview_links.live(),
        )

    def post(self, request, pk):
        made, secret = services.make_preview_link(self.row, user=request.user)
        link = request.build_absolute_uri(reverse("editor_preview", args=[secret]))
        return self.get(request, pk, link=link, made=made)


class RevokeLinkView(EditorView):
    """Turn a preview link off (POST only), then back to where the button was."""

    permission = "change"

    def get(self, request, pk, link_id):
        return HttpResponseRedirect(reverse("admin:editor_contentpage_share", args=[pk]))

    def post(self, request, pk, link_id):
        link = get_object_or_404(PreviewLink, pk=link_id, page=self.row)
        services.revoke_preview_link(link, user=request.user)
        when = date_format(timezone.localtime(link.created), "j F Y, H:i")
        messages.success(
            request, f"The preview link made on {when} is turned off: it no longer opens."
        )
        back = "history" if request.POST.get("back") == "history" else "share"
        return HttpResponseRedirect(reverse(f"admin:editor_contentpage_{back}", args=[pk]))
