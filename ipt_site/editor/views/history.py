"""A page's history: its versions, two of them compared, one of them (and restoring it)."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from ipt_site.editor import services
from ipt_site.editor.forms import ConfirmForm
from ipt_site.editor.history import get_history
from ipt_site.pages import files

from .base import EditorView, PageWriteView, change_url, held_message, saved_message
from .diff import diff_lines
from .formrows import error_summary


class HistoryView(EditorView):
    template_name = "admin/editor/contentpage/history.html"

    def get(self, request, pk):
        row = self.row
        text = row.text
        history = get_history()
        versions = history.versions(row.relpath)
        return self.render(
            f"History of “{row.title}”",
            versions=versions,
            base=files.digest(text),
            history_kind=history.kind,
            live_links=row.preview_links.live(),
            on_disk_differs=text is not None
            and versions
            and history.latest_text(row.relpath) not in (None, text),
        )


class CompareView(EditorView):
    template_name = "admin/editor/contentpage/compare.html"

    def get(self, request, pk):
        row = self.row
        current = row.text
        versions = {v.id: v for v in get_history().versions(row.relpath)}
        older, newer = request.GET.get("from", ""), request.GET.get("to", "current")
        if older not in versions or (newer != "current" and newer not in versions):
            messages.error(request, "Choose two versions to compare.")
            return HttpResponseRedirect(reverse("admin:editor_contentpage_history", args=[row.pk]))
        old_text = self.text_of(older, current)
        new_text = self.text_of(newer, current)
        return self.render(
            f"Changes to “{row.title}”",
            older=versions[older],
            newer=versions.get(newer),
            diff=diff_lines(old_text or "", new_text or ""),
        )

    def text_of(self, version_id, current):
        if version_id == "current":
            return current
        return get_history().text(self.row.relpath, version_id)


class VersionView(PageWriteView):
    """One earlier version of the page, and restoring it."""

    post_permission = "change"
    template_name = "admin/editor/contentpage/version.html"
    text_kept = False

    def prepare(self):
        row, version = self.row, self.kwargs["version"]
        self.current = row.text
        self.found = next((v for v in get_history().versions(row.relpath) if v.id == version), None)
        if self.found is None:
            raise Http404("No such version")
        self.text = get_history().text(row.relpath, version)
        return None

    def get_form(self, data=None):
        if data is not None:
            return ConfirmForm(data)
        return ConfirmForm(initial={"base": files.digest(self.current)})

    def write(self, form):
        return services.restore_version(
            self.row.relpath,
            self.kwargs["version"],
            base=form.cleaned_data["base"],
            user=self.request.user,
        )

    def done(self, form, saved):
        if isinstance(saved, services.Held):
            held_message(self.request, saved)
            return HttpResponseRedirect(change_url(self.row))
        saved_message(self.request, saved, verb="Restored an earlier version of")
        return HttpResponseRedirect(change_url(self.row))

    def show(self, form):
        return self.render(
            f"A version of “{self.row.title}”",
            version=self.found,
            text=self.text,
            form=form,
            error_summary=error_summary(form),
            is_current=self.text == self.current,
        )
