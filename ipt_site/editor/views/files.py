"""Images for a page: upload one (the markdown to paste is shown), see those it has."""

from ipt_site.editor import images
from ipt_site.editor.forms import ImageForm

from .base import EditorView
from .formrows import error_summary, field_rows


class ImagesView(EditorView):
    permission = "change"
    template_name = "admin/editor/contentpage/images.html"

    def get(self, request, pk, form=None, uploaded=None):
        form = form or ImageForm()
        return self.render(
            f"Images for “{self.row.title}”",
            form=form,
            rows=field_rows(form, ["image", "alt"]),
            error_summary=error_summary(form),
            uploaded=uploaded,
            existing=images.page_images(self.row.relpath),
        )

    def post(self, request, pk):
        form = ImageForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        url = images.store(form.cleaned_data["image"], self.row.relpath)
        alt = form.cleaned_data["alt"].replace("]", ")").replace("[", "(")
        uploaded = {"url": url, "markdown": f"![{alt}]({url})"}
        return self.get(request, pk, uploaded=uploaded)
