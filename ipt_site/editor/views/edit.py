"""Editing a page: by fields, the whole file, a new page; and opening a page by its file
(the "Edit this page" link on the site)."""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from ipt_site.editor import pagefile, services
from ipt_site.editor.forms import NewPageForm, PageForm, RawPageForm
from ipt_site.editor.history import get_history
from ipt_site.editor.models import ContentPage, PendingVersion
from ipt_site.pages import files
from ipt_site.pages.checks import check_text
from ipt_site.pages.meta import ERROR

from .base import (
    EditorView,
    PageWriteView,
    change_url,
    held_message,
    keep_their_text,
    preview,
    saved_message,
)
from .formrows import error_summary, field_rows, page_form_rows
from .problems import add_problem_errors, notes_for


class OpenView(EditorView):
    def get(self, request, relpath):
        row = ContentPage.objects.filter(relpath=relpath).first()
        if row is None:
            raise Http404("No such page")
        return HttpResponseRedirect(change_url(row))


class SubmitsPageText:
    """A page's new text (`self.new_text`, set by `before_write`) goes through the review
    gate: published, or held as the page's change waiting for a clinical reviewer."""

    def write(self, form):
        return services.submit_page(
            self.row.relpath,
            self.new_text,
            base=form.cleaned_data["base"],
            user=self.request.user,
            message=form.cleaned_data["message"],
        )

    def done(self, form, saved):
        if isinstance(saved, services.Held):
            held_message(self.request, saved)
            return HttpResponseRedirect(change_url(self.row))
        return super().done(form, saved)


class EditView(SubmitsPageText, PageWriteView):
    """The page's front matter as fields and its body as text."""

    post_permission = "change"
    template_name = "admin/editor/contentpage/edit.html"
    too_long_field = "body"

    def prepare(self):
        # A change waiting for review is what its author goes on working on (a save
        # replaces it); its base stays the published version it was made on.
        self.pending = PendingVersion.objects.filter(page=self.row).first()
        self.text = self.pending.text if self.pending else self.row.text
        self.base = self.pending.base if self.pending else files.digest(self.row.text)
        try:
            self.values, self.body = pagefile.read(self.text)
        except pagefile.Unreadable:
            return HttpResponseRedirect(reverse("admin:editor_contentpage_raw", args=[self.row.pk]))
        return None

    def get_form(self, data=None):
        if data is not None:
            return PageForm(data, relpath=self.row.relpath, original=self.values, source=self.text)
        return PageForm(
            initial=PageForm.initial_for(self.values, self.body, self.base),
            relpath=self.row.relpath,
            original=self.values,
        )

    def get(self, request, *args, **kwargs):
        return self.show(self.get_form(), problems=check_text(self.row.relpath, self.text))

    def before_write(self, form):
        self.new_text = form.page_text()
        if "_preview" in self.request.POST:
            return preview(self.request, self.row.relpath, self.new_text)
        return None

    def typed_text(self, form):
        return self.new_text

    def refused(self, form, problems):
        super().refused(form, problems)
        return {"problems": problems, "refused": True}

    def conflicted(self, form, clash):
        return {"conflict": keep_their_text(form, clash, self.new_text)}

    def show(self, form, *, problems=(), refused=False, conflict=None):
        row = self.row
        # A refused save's line numbers count in the text sent (the form's cleaned data
        # has lost the fields with errors by now).
        by_field, general = notes_for(
            problems, self.new_text if refused else self.text, form.fields
        )
        # The errors of a refused save are the form's errors now; the rest are notes.
        if refused:
            by_field = {
                name: [n for n in notes if n["level"] != ERROR] for name, notes in by_field.items()
            }
            general = [n for n in general if n["level"] != ERROR]
        return self.render(
            f"Edit “{row.title}”",
            form=form,
            **page_form_rows(form, by_field),
            general_notes=general,
            conflict=conflict,
            refused=refused,
            public_url=row.url,
            can_move=not row.relpath.endswith(files.INDEX_NAME),
            history_kind=get_history().kind,
            pending=self.pending,
        )


class RawView(SubmitsPageText, PageWriteView):
    """The whole file, for front matter that cannot be read as fields."""

    post_permission = "change"
    form_class = RawPageForm
    template_name = "admin/editor/contentpage/raw.html"
    too_long_field = "text"

    def prepare(self):
        pending = PendingVersion.objects.filter(page=self.row).first()
        self.text = pending.text if pending else self.row.text
        self.base = pending.base if pending else files.digest(self.row.text)
        return None

    def get_form(self, data=None):
        if data is not None:
            return RawPageForm(data)
        return RawPageForm(initial={"text": self.text, "base": self.base})

    def get(self, request, *args, **kwargs):
        return self.show(self.get_form(), problems=check_text(self.row.relpath, self.text))

    def before_write(self, form):
        self.new_text = form.cleaned_data["text"]
        if "_preview" in self.request.POST:
            return preview(self.request, self.row.relpath, files.normalise(self.new_text))
        return None

    def refused(self, form, problems):
        add_problem_errors(form, problems, self.new_text, whole_file=True)
        return {"problems": [p for p in problems if p.level != ERROR]}

    def conflicted(self, form, clash):
        return {"conflict": keep_their_text(form, clash, self.new_text)}

    def show(self, form, *, problems=(), conflict=None):
        by_field, _ = notes_for(problems, self.text, form.fields, whole_file=True)
        try:
            pagefile.read(self.text)
            readable = True
        except pagefile.Unreadable:
            readable = False
        return self.render(
            f"Edit the whole file of “{self.row.title}”",
            form=form,
            rows=field_rows(form, ["text", "message"], by_field),
            error_summary=error_summary(form),
            conflict=conflict,
            readable=readable,
        )


class AddView(PageWriteView):
    permission = "add"
    template_name = "admin/editor/contentpage/add.html"
    too_long_field = "body"

    def get_form(self, data=None):
        if data is not None:
            return NewPageForm(data)
        section = self.request.GET.get("section", "")
        return NewPageForm(initial={**NewPageForm.defaults(), "section": section})

    def before_write(self, form):
        self.relpath = form.new_relpath()
        self.new_text = form.page_text()
        if "_preview" in self.request.POST:
            return preview(self.request, self.relpath, self.new_text)
        return None

    def write(self, form):
        return services.submit_new_page(
            self.relpath,
            self.new_text,
            user=self.request.user,
            message=form.cleaned_data["message"],
        )

    def typed_text(self, form):
        return self.new_text

    def done(self, form, saved):
        if isinstance(saved, services.Held):
            held_message(self.request, saved)
            row = ContentPage.objects.get(relpath=saved.relpath)
            return HttpResponseRedirect(change_url(row))
        saved_message(self.request, saved, verb="Created")
        row = ContentPage.objects.get(relpath=saved.relpath)
        return HttpResponseRedirect(change_url(row))

    def show(self, form):
        return self.render(
            "Add a page",
            form=form,
            place_rows=field_rows(form, ["section", "slug", "landing"]),
            **page_form_rows(form),
        )
