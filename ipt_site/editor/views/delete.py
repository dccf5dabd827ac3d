"""Deleting a page, and bringing a deleted page back."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from ipt_site.editor import services
from ipt_site.editor.forms import ConfirmForm
from ipt_site.editor.models import ContentPage
from ipt_site.pages import files, selectors
from ipt_site.pages.meta import ERROR

from .base import EditorView, PageWriteView, change_url, saved_message
from .formrows import error_summary, field_rows


class DeleteView(PageWriteView):
    permission = "delete"
    template_name = "admin/editor/contentpage/delete.html"
    text_kept = False

    def prepare(self):
        row = self.row
        self.text = row.text
        self.blocked = ""
        if row.relpath == files.INDEX_NAME:
            self.blocked = "The home page cannot be deleted."
        elif row.relpath.endswith(files.INDEX_NAME):
            folder = row.relpath[: -len(files.INDEX_NAME)]
            if ContentPage.objects.filter(relpath__startswith=folder).exclude(pk=row.pk).exists():
                self.blocked = (
                    "This is the landing page of a section that still has pages. Move or delete "
                    "those pages first."
                )
        self.linking = selectors.linking_to(row.url)
        return None

    def get_form(self, data=None):
        if data is not None:
            return ConfirmForm(data)
        return ConfirmForm(initial={"base": files.digest(self.text)})

    def post(self, request, *args, **kwargs):
        if self.blocked:
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def write(self, form):
        return services.delete_page(
            self.row.relpath,
            base=form.cleaned_data["base"],
            user=self.request.user,
            message=form.cleaned_data["message"],
        )

    def done(self, form, saved):
        messages.success(
            self.request,
            f"Deleted {self.row.url}. It is kept in the history: 'Deleted pages' can "
            "bring it back.",
        )
        return HttpResponseRedirect(reverse("admin:editor_contentpage_changelist"))

    def show(self, form):
        return self.render(
            f"Delete “{self.row.title}”?",
            form=form,
            rows=field_rows(form, ["message"]),
            error_summary=error_summary(form),
            blocked=self.blocked,
            linking=self.linking,
        )


class DeletedPagesView(EditorView):
    post_permission = "add"
    template_name = "admin/editor/contentpage/deleted.html"

    def get(self, request):
        return self.render("Deleted pages", deleted=services.deleted_pages())

    def post(self, request):
        relpath = request.POST.get("relpath", "")
        try:
            files.check_relpath(relpath)
            saved = services.restore_deleted(relpath, user=request.user)
        except services.WriteFailed as failed:
            messages.error(request, failed.describe(text_kept=False))
        except (files.BadPath, services.Refused) as exc:
            # A list of pages with a button each, not a form: the reasons are a message.
            problems = getattr(exc, "problems", [])
            messages.error(
                request,
                "The page could not be brought back. "
                + " ".join(p.message for p in problems if p.level == ERROR),
            )
        else:
            saved_message(request, saved, verb="Brought back")
            row = ContentPage.objects.get(relpath=saved.relpath)
            return HttpResponseRedirect(change_url(row))
        return self.get(request)
