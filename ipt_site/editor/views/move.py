"""Moving a page to another file (so another address)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import ngettext

from ipt_site.editor import services
from ipt_site.editor.forms import MoveForm
from ipt_site.pages import files, selectors

from .base import PageWriteView, change_url
from .formrows import error_summary, field_rows


def moved_message(old_url, new_url, updated, left) -> str:
    said = f"Moved. The page is now at {new_url}; its old address {old_url} sends visitors there."
    if updated:
        said += " " + ngettext(
            "The link on %(count)d other page now points to the new address",
            "The links on %(count)d other pages now point to the new address",
            len(updated),
        ) % {"count": len(updated)}
        said += " (each saved as its own version)."
    if left:
        said += f" Still linking to the old address (change them by hand): {', '.join(left)}."
    elif not updated:
        said += " Update links to it from other pages when you can: the checks list them."
    return said


class MoveView(PageWriteView):
    permission = "change"
    template_name = "admin/editor/contentpage/move.html"
    text_kept = False

    def prepare(self):
        row = self.row
        self.text = row.text
        if row.relpath.endswith(files.INDEX_NAME):
            messages.error(
                self.request,
                "A section's landing page moves with its whole folder, which the editor does "
                "not do. Ask your developer to rename the folder.",
            )
            return HttpResponseRedirect(change_url(row))
        self.linking = selectors.linking_to(row.url)
        return None

    def get_form(self, data=None):
        if data is not None:
            return MoveForm(data, linking=self.linking)
        relpath = self.row.relpath
        section = relpath.rsplit("/", 1)[0] if "/" in relpath else ""
        slug = relpath.rsplit("/", 1)[-1][: -len(".md")]
        return MoveForm(
            initial={"section": section, "slug": slug, "base": files.digest(self.text)},
            linking=self.linking,
        )

    def before_write(self, form):
        self.new = files.relpath_for(form.cleaned_data["section"], form.cleaned_data["slug"])
        if self.new == self.row.relpath:
            form.add_error("slug", "This is where the page is already.")
            return self.show(form)
        return None

    def write(self, form):
        return services.move_page(
            self.row.relpath,
            self.new,
            base=form.cleaned_data["base"],
            user=self.request.user,
            message=form.cleaned_data["message"],
        )

    def done(self, form, saved):
        old_url, new_url = self.row.url, files.url_for(saved.relpath)
        links = ([], [])
        if form.cleaned_data.get("update_links"):
            links = services.update_links(old_url, new_url, user=self.request.user)
        messages.success(self.request, moved_message(old_url, new_url, *links))
        return HttpResponseRedirect(change_url(self.row))

    def show(self, form):
        names = ["section", "slug", "message"] + (["update_links"] if self.linking else [])
        return self.render(
            f"Move “{self.row.title}”",
            form=form,
            rows=field_rows(form, names),
            error_summary=error_summary(form),
            linking=self.linking,
        )
