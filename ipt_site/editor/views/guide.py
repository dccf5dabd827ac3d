"""The staff guide and the content health report."""

from django.http import Http404

from ipt_site.editor import health
from ipt_site.pages import files
from ipt_site.pages.render import render_markdown

from .base import EditorView


class GuideView(EditorView):
    """The staff guide (content/README.md), readable where staff work: they cannot open
    the content folder from a browser."""

    template_name = "admin/editor/contentpage/guide.html"

    def get(self, request):
        source = files.root() / files.GUIDE_NAME
        try:
            text = source.read_text(encoding="utf-8", errors="replace")
        except OSError:
            raise Http404("The guide is missing from the content folder.") from None
        rendered = render_markdown(text, code_blocks=True)
        return self.render("Guide for editors", guide_html=rendered.html, toc=rendered.toc)


class HealthView(EditorView):
    template_name = "admin/editor/contentpage/health.html"

    def get(self, request):
        return self.render("Content health", report=health.report())
