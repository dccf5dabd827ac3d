"""Clinical review: a pending change's diff against the published page and its preview,
then approve, approve as "no clinical change", or send back with a reason. Who may do
which is decided in `services` (a template only hides what the service refuses)."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect

from ipt_site.editor import previews, review, services
from ipt_site.editor.history import author_name
from ipt_site.editor.models import PendingVersion, Revision
from ipt_site.pages.frontmatter_form import REVIEWED_BY_MAX, ReviewerField

from .base import EditorView, change_url
from .diff import diff_lines
from .formrows import error_summary, field_rows

REVIEW_PREVIEW_NOTICE = (
    "This is the change waiting for clinical review. The public still sees the published "
    "page: close this tab to go back to the review."
)


class ReviewForm(forms.Form):
    reviewed_by = ReviewerField(
        label="Your name and role, as readers see it",
        code="E014",
        required=False,
        max_length=REVIEWED_BY_MAX,
        help_text="Shown on the page as “Reviewed by”, with today's date: Dr Asha Patel, "
        "clinical psychologist.",
    )
    reason = forms.CharField(
        label="Why are you sending it back?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Its author sees this on the page in the editor (not in the email).",
    )

    def field_name(self, name):
        return f"“{self.fields[name].label}”"

    def add_error(self, field, error):
        if isinstance(error, forms.ValidationError) and field in self.fields:
            error = forms.ValidationError(
                [
                    item.message.format(**{**(item.params or {}), "name": self.field_name(field)})
                    for item in error.error_list
                ]
            )
        super().add_error(field, error)


def last_signature(user) -> str:
    """How this reviewer signed their last approval (their name and role), else their
    name."""
    row = Revision.objects.filter(approver=user).exclude(approved_by="").first()
    return row.approved_by if row else author_name(user)


class ReviewView(EditorView):
    template_name = "admin/editor/contentpage/review.html"

    def prepare(self):
        self.pending = PendingVersion.objects.filter(page=self.row).first()
        if self.pending is None:
            messages.info(self.request, "No change to this page is waiting for review.")
            return HttpResponseRedirect(change_url(self.row))
        return None

    def get(self, request, *args, **kwargs):
        form = ReviewForm(initial={"reviewed_by": last_signature(request.user)})
        return self.show(form)

    def post(self, request, *args, **kwargs):
        data = request.POST
        if "_send_back" in data:
            # Sending back needs only a reason: the signature box (filled in for an
            # approval) must not stand in its way.
            data = data.copy()
            data["reviewed_by"] = ""
        form = ReviewForm(data)
        if not form.is_valid():
            return self.show(form)
        data = form.cleaned_data
        try:
            if "_send_back" in request.POST:
                services.send_back_pending(
                    self.pending.pk, user=request.user, reason=data["reason"]
                )
                messages.success(request, "Sent back to its author with your reason.")
                return HttpResponseRedirect(change_url(self.row))
            clinical = "_no_clinical_change" not in request.POST
            if clinical and not data["reviewed_by"]:
                form.add_error("reviewed_by", "Give your name and role: readers see them.")
                return self.show(form)
            services.approve_pending(
                self.pending.pk, user=request.user, reviewed_by=data["reviewed_by"],
                clinical=clinical,
            )  # fmt: skip
        except services.NotAllowed as refused:
            form.add_error(None, str(refused))
            return self.show(form, status=403)
        except services.Conflict as clash:
            return self.show(form, conflict=diff_lines(clash.current_text or "", self.pending.text))
        except services.Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem.message)
            return self.show(form)
        except services.WriteFailed as failed:
            form.add_error(None, failed.describe(text_kept=False))
            return self.show(form)
        messages.success(
            request,
            "Approved and published." if clinical else "Published as “no clinical change”.",
        )
        return HttpResponseRedirect(change_url(self.row))

    def show(self, form, *, status=200, conflict=None):
        pending = self.pending
        user = self.request.user
        response = self.render(
            f"Review the change to “{self.row.title}”",
            form=form,
            error_summary=error_summary(form),
            signature_row=field_rows(form, ["reviewed_by"])[0],
            reason_row=field_rows(form, ["reason"])[0],
            pending=pending,
            diff=diff_lines(self.row.text, pending.text),
            may_review=review.may_review(user),
            own_change=pending.author_id == user.pk,
            conflict=conflict,
            stale=pending.base != services.files.digest(self.row.text),
        )
        response.status_code = status
        return response


class ReviewPreviewView(EditorView):
    """The pending change as the public would see it, in a new tab."""

    def get(self, request, *args, **kwargs):
        pending = PendingVersion.objects.filter(page=self.row).first()
        if pending is None:
            raise Http404("No change is waiting for review")
        page = previews.preview_page(self.row.relpath, pending.text)
        return previews.render_preview(request, page, REVIEW_PREVIEW_NOTICE)


class WithdrawView(EditorView):
    """Drop the page's waiting change (a content editor's own "undo")."""

    permission = "change"

    def post(self, request, *args, **kwargs):
        pending = PendingVersion.objects.filter(page=self.row).first()
        if pending is not None:
            services.withdraw_pending(pending.pk, user=request.user)
            messages.success(request, "Withdrawn. The page is as it was published.")
        return HttpResponseRedirect(change_url(self.row))
