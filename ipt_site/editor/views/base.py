"""What every editor page shares, and the one way a page is written from a form.

The views are registered by `ContentPageAdmin.get_urls()` through the admin site's
`admin_view` (signed-in staff only, never cached) and get the model admin as
`model_admin`: the admin's model permissions decide who may do what, as for any admin
page ("view" is view or change).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext
from django.views import View

from ipt_site.editor import previews, services
from ipt_site.editor.models import ContentPage
from ipt_site.pages import files

from .diff import diff_lines
from .formrows import refuse_too_long, write_failed
from .problems import add_problem_errors

PREVIEW_NOTICE = (
    "This is how the page will look once it is saved. Nothing has been saved yet: close "
    "this tab to go back to the editor."
)


def change_url(row) -> str:
    return reverse("admin:editor_contentpage_change", args=[row.pk])


def saved_message(request, saved, verb="Saved") -> None:
    url = files.url_for(saved.relpath)
    warnings = len(saved.warnings)
    extra = (
        " "
        + ngettext(
            "The checks found %(n)d thing to look at, shown next to the fields.",
            "The checks found %(n)d things to look at, shown next to the fields.",
            warnings,
        )
        % {"n": warnings}
        if warnings
        else ""
    )
    messages.success(
        request,
        format_html('{} {}. <a href="{}">See the page</a>.{}', verb, url, url, extra),
    )


def held_message(request, held) -> None:
    replaced = (
        f" It replaces the change {held.replaced} saved, which was waiting for review."
        if held.replaced
        else ""
    )
    messages.success(
        request,
        "Saved for clinical review. The public still sees the published page until a "
        f"clinical reviewer approves your change.{replaced}",
    )


def preview(request, relpath: str, text: str):
    """The page as it would look saved, in a new tab; nothing is written."""
    return previews.render_preview(request, previews.preview_page(relpath, text), PREVIEW_NOTICE)


class EditorView(View):
    """An editor page in the admin's look. `permission` is needed to open it,
    `post_permission` (when set) to send its form; a `pk` in the address is the page's
    row, as `self.row`."""

    model_admin = None
    permission = "view"
    post_permission = None
    template_name = None

    def dispatch(self, request, *args, **kwargs):
        self.require(self.permission)
        self.row = self.get_row(kwargs["pk"]) if "pk" in kwargs else None
        answer = self.prepare()
        if answer is not None:
            return answer
        if request.method == "POST" and self.post_permission:
            self.require(self.post_permission)
        return super().dispatch(request, *args, **kwargs)

    def prepare(self):
        """Work shared by GET and POST, before the form's permission is checked; a
        response returned here is the answer."""
        return None

    def allowed(self, permission: str) -> bool:
        admin, request = self.model_admin, self.request
        return {
            "view": admin.has_view_or_change_permission,
            "change": admin.has_change_permission,
            "add": admin.has_add_permission,
            "delete": admin.has_delete_permission,
        }[permission](request)

    def require(self, permission: str) -> None:
        if not self.allowed(permission):
            raise PermissionDenied

    @staticmethod
    def get_row(pk) -> ContentPage:
        # The admin hands over any path as an object id ("2/change/x"): that is a 404.
        if not str(pk).isdigit():
            raise Http404("No such page")
        return get_object_or_404(ContentPage, pk=pk)

    def render(self, title: str, **extra):
        admin = self.model_admin
        context = {
            **admin.admin_site.each_context(self.request),
            "opts": admin.model._meta,
            "title": title,
            "row": self.row,
            "has_change_permission": self.allowed("change"),
            "has_add_permission": self.allowed("add"),
            "has_delete_permission": self.allowed("delete"),
            **extra,
        }
        return TemplateResponse(self.request, self.template_name, context)


class PageWriteView(EditorView):
    """A form that writes the content folder through a service: GET shows the form; POST
    checks it, then `write()` calls the service, and

    - refused (the checks found errors): the problems become the form's errors;
    - conflict (someone else saved the page first): `conflicted()` says so;
    - write failed (the folder is read-only or full): the form says so, nothing the
      person typed is lost (or, for a form with no text, `text_kept = False`);
    - saved: `done()` answers, usually a message and a redirect.

    Each refusal shows the form again through `show(form, **extra)`.
    """

    form_class = None
    text_kept = True
    # The text box a form sent over the upload limit is refused in (LongPageMiddleware).
    too_long_field = None

    def get(self, request, *args, **kwargs):
        return self.show(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if self.too_long_field:
            refuse_too_long(request, form, self.too_long_field)
        if not form.is_valid():
            return self.show(form)
        answer = self.before_write(form)
        if answer is not None:
            return answer
        try:
            saved = self.write(form)
        except services.Refused as refused:
            return self.show(form, **self.refused(form, refused.problems))
        except services.Conflict as clash:
            return self.show(form, **self.conflicted(form, clash))
        except services.WriteFailed as failed:
            write_failed(form, failed, text_kept=self.text_kept)
            return self.show(form)
        return self.done(form, saved)

    def get_form(self, data=None):
        return self.form_class(data) if data is not None else self.form_class()

    def before_write(self, form):
        """A preview, or a refusal the service need not see; None to write."""
        return None

    def write(self, form) -> services.Saved:
        raise NotImplementedError

    def typed_text(self, form) -> str:
        """The text the problems' line numbers count in."""
        return getattr(self, "text", "") or ""

    def refused(self, form, problems) -> dict:
        add_problem_errors(form, problems, self.typed_text(form))
        return {}

    def conflicted(self, form, clash) -> dict:
        form.add_error(None, clash.describe())
        return {}

    def done(self, form, saved):
        saved_message(self.request, saved)
        return HttpResponseRedirect(change_url(self.row))

    def show(self, form, **extra):
        raise NotImplementedError


def keep_their_text(form, clash, new_text) -> dict:
    """A conflict in a form with the page's text: their text stays in the form and the
    next save is a deliberate one over the version saved meanwhile."""
    data = form.data.copy()
    data["base"] = files.digest(clash.current_text)
    form.data = data
    return {
        "message": clash.describe(),
        "diff": diff_lines(clash.current_text or "", new_text),
    }
