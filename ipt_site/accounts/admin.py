"""Admin for therapist accounts: review pending profile changes side by side, approve or
send back; on the therapist's own admin page, their account and the changes they sent,
and an action to invite them.

The directory knows nothing of accounts: this module registers a subclass of the
directory's TherapistAdmin in its place (this app comes after the directory in
INSTALLED_APPS, so its admin module is loaded after the directory's)."""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from ipt_site.therapists import admin as directory_admin
from ipt_site.therapists.models import Therapist

from .models import FLAG_FIELDS, LIST_FIELDS, NUMBER_FIELDS, ProfileChange, TherapistAccount
from .services import AccountError, invitations
from .services.profile_changes import AlreadyDecided, approve, send_back, snapshot
from .views import photo_response

LABELS = {
    "pronouns": "Pronouns",
    "title": "Professional title",
    "qualifications": "Qualifications",
    "introduction": "Short introduction",
    "biography": "About them",
    "problem_areas": "Main areas of their IPT work",
    "other_areas": "Other areas",
    "formats": "Session formats",
    "age_groups": "Client ages",
    "languages": "Languages",
    "location": "Town or area",
    "online_anywhere": "Sees clients online from anywhere",
    "step_free": "Step-free access",
    "accessible_toilet": "Accessible toilet",
    "near_public_transport": "Near public transport",
    "fee_min": "Fee per session (£)",
    "fee_max": "Highest fee, for a range (£)",
    "concessions": "Offers lower fees",
    "concessions_note": "About the lower fees",
    "insurers": "Health insurers",
    "intro_call": "Offers a free introductory call",
    "intro_call_minutes": "Length of the free call (minutes)",
    "photo_alt": "Photo description",
}
# The review page's rows, in the order of the therapist's form.
ORDER = tuple(LABELS)


@dataclass
class Row:
    label: str
    old: object
    new: object
    changed: bool
    long_text: bool = False


def _names(field, ids):
    model = Therapist._meta.get_field(field).related_model
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))


def compare(change: ProfileChange) -> list[Row]:
    """Old and new, field by field. Old is the version the change replaced (kept at
    approval) or, while it is undecided, the public profile now."""
    old = change.previous if change.previous is not None else snapshot(change.therapist)
    new = {**old, **{k: v for k, v in change.proposed.items() if k in old}}
    rows = []
    for name in ORDER:
        before, after = old.get(name), new.get(name)
        if name in LIST_FIELDS:
            names = _names(name, {*(before or []), *(after or [])})
            changed = sorted(before or []) != sorted(after or [])
            before = ", ".join(names[pk] for pk in before or [] if pk in names) or "–"
            after = ", ".join(names[pk] for pk in after or [] if pk in names) or "–"
        elif name in FLAG_FIELDS:
            changed = bool(before) != bool(after)
            before, after = ("Yes" if before else "No"), ("Yes" if after else "No")
        elif name in NUMBER_FIELDS:
            changed = before != after
            before, after = ("–" if before is None else before), ("–" if after is None else after)
        else:
            changed = (before or "") != (after or "")
            before, after = before or "–", after or "–"
        rows.append(Row(LABELS[name], before, after, changed, name == "biography"))
    return rows


def photo_state(change: ProfileChange) -> str:
    if change.has_new_photo or change.proposed.get("new_photo"):
        return "new"
    if change.remove_photo:
        return "removed"
    return "unchanged"


@admin.register(ProfileChange)
class ProfileChangeAdmin(admin.ModelAdmin):
    list_display = ("therapist", "status", "submitted_at", "decided_at", "decided_by")
    list_filter = ("status",)
    search_fields = ("therapist__name",)
    list_select_related = ("therapist", "decided_by")
    ordering = ("status", "-submitted_at")
    list_per_page = 50

    def has_add_permission(self, request):
        return False  # changes come from therapists' own pages

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser  # it is the history

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/photo/",
                self.admin_site.admin_view(self.photo_view),
                name="accounts_profilechange_photo",
            ),
        ]
        return urls + super().get_urls()

    def photo_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        change = get_object_or_404(ProfileChange, pk=pk)
        if not change.has_new_photo:
            raise PermissionDenied
        return photo_response(change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: old and new side by side; approve, or send back with a reason."""
        change = self.get_object(request, object_id)
        if change is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        can_decide = self.has_change_permission(request, change) and change.is_pending
        reason_error = ""
        if request.method == "POST":
            if not can_decide:
                raise PermissionDenied
            base_url = request.build_absolute_uri("/")
            try:
                if "_approve" in request.POST:
                    approve(change, by=request.user, base_url=base_url)
                    self.message_user(
                        request,
                        f"Approved: {change.therapist.name}'s profile now shows the changes.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:accounts_profilechange_changelist")
                if "_send_back" in request.POST:
                    send_back(
                        change,
                        by=request.user,
                        reason=request.POST.get("reason", ""),
                        base_url=base_url,
                    )
                    self.message_user(
                        request,
                        f"Sent back to {change.therapist.name}, with your reason by email.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:accounts_profilechange_changelist")
            except AlreadyDecided as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return redirect(request.path)
            except AccountError as exc:
                reason_error = str(exc)
            except ValidationError as exc:
                self.message_user(
                    request, "Not approved: " + " ".join(exc.messages), messages.ERROR
                )
        rows = compare(change)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Profile change for {change.therapist.name}",
            "change": change,
            "original": change,
            "therapist": change.therapist,
            "rows": rows,
            "changed_count": sum(row.changed for row in rows),
            "photo_state": photo_state(change),
            "can_decide": can_decide,
            "reason": request.POST.get("reason", "") if request.method == "POST" else "",
            "reason_error": reason_error,
            "has_view_permission": True,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/accounts/profilechange/review.html", context)


def history_table(therapist):
    """For the therapist's admin page: every change they sent, who decided and when.

    A read-only field rather than an inline, so saving the therapist form needs no
    extra formset data.
    """
    changes = list(
        therapist.profile_changes.select_related("decided_by").order_by("-submitted_at", "-pk")
    )
    if not changes:
        return "No changes sent by the therapist yet."
    rows = format_html_join(
        "",
        '<tr><td>{}</td><td>{}</td><td>{}</td><td><a href="{}">{}</a></td></tr>',
        (
            (
                date_format(timezone.localtime(change.submitted_at), "j M Y H:i"),
                change.get_status_display(),
                (
                    f"{change.decided_by.get_username() if change.decided_by else 'someone'}, "
                    f"{date_format(timezone.localtime(change.decided_at), 'j M Y H:i')}"
                    if change.decided_at
                    else "–"
                ),
                reverse("admin:accounts_profilechange_change", args=[change.pk]),
                "Review the changes" if change.is_pending else "See the changes",
            )
            for change in changes
        ),
    )
    return format_html(
        '<table class="profile-history"><thead><tr><th scope="col">Sent</th>'
        '<th scope="col">Status</th><th scope="col">Decided by, when</th>'
        '<th scope="col">Details</th></tr></thead><tbody>{}</tbody></table>',
        rows,
    )


@admin.register(TherapistAccount)
class TherapistAccountAdmin(admin.ModelAdmin):
    """Who has an account. Invitations are sent from the therapist list (an action)."""

    list_display = (
        "therapist",
        "email",
        "invited_at",
        "invited_by",
        "password_set_at",
        "last_login",
    )
    list_select_related = ("therapist", "user", "invited_by")
    search_fields = ("therapist__name", "user__email")
    readonly_fields = (
        "therapist",
        "email",
        "invited_at",
        "invited_by",
        "password_set_at",
        "last_login",
    )
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Email (sign-in name)", ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description="Last signed in", ordering="user__last_login")
    def last_login(self, obj):
        return obj.user.last_login

    def delete_model(self, request, obj):
        obj.user.delete()  # the account goes with its user: no sign-in is left behind

    def delete_queryset(self, request, queryset):
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(therapist_account__in=queryset).delete()


@admin.action(
    description="Invite to keep their own profile (emails a sign-in link)",
    permissions=["invite"],
)
def invite_therapists(modeladmin, request, queryset):
    """For TherapistAdmin: create accounts and email each a single-use, expiring link.
    Inviting again sends a fresh link (and cancels the old one)."""
    sent, problems = 0, []
    for therapist in queryset:
        try:
            invitations.invite(therapist, by=request.user, base_url=request.build_absolute_uri("/"))
            sent += 1
        except AccountError as exc:
            problems.append(str(exc))
    if sent:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d therapist was emailed a sign-in link.",
                "%(count)d therapists were emailed a sign-in link.",
                sent,
            )
            % {"count": sent},
            messages.SUCCESS,
        )
    for problem in problems:
        modeladmin.message_user(request, problem, messages.ERROR)


class NeedsAttentionFilter(directory_admin.NeedsAttentionFilter):
    def lookups(self, request, model_admin):
        return [
            *super().lookups(request, model_admin),
            ("changes", "Profile changes waiting for approval"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "changes":
            pending = ProfileChange.objects.pending().filter(therapist=OuterRef("pk"))
            return queryset.filter(Exists(pending))
        return super().queryset(request, queryset)


def _with_account(fieldsets):
    """The directory's fieldsets with the account's, just before the record's dates."""
    account = (
        "The therapist's own account",
        {
            "fields": ("account_status", "profile_changes"),
            "description": (
                "To invite them, or send a new sign-in link, choose “Invite to keep "
                "their own profile” from the actions on the list of therapists."
            ),
        },
    )
    return (*fieldsets[:-1], account, fieldsets[-1])


admin.site.unregister(Therapist)


@admin.register(Therapist)
class TherapistAdmin(directory_admin.TherapistAdmin):
    """The directory's therapist admin, with the therapist's own account."""

    list_filter = tuple(
        NeedsAttentionFilter if item is directory_admin.NeedsAttentionFilter else item
        for item in directory_admin.TherapistAdmin.list_filter
    )
    readonly_fields = (
        *directory_admin.TherapistAdmin.readonly_fields,
        "account_status",
        "profile_changes",
    )
    actions = (*directory_admin.TherapistAdmin.actions, invite_therapists)
    fieldsets = _with_account(directory_admin.TherapistAdmin.fieldsets)

    def has_invite_permission(self, request):
        return request.user.has_perm("accounts.invite_therapist")

    @admin.display(description="Changes they sent (history)")
    def profile_changes(self, obj):
        if obj is None or not obj.pk:
            return "–"
        return history_table(obj)

    @admin.display(description="Account")
    def account_status(self, obj):
        account = getattr(obj, "account", None) if obj and obj.pk else None
        if account is None:
            return "No account yet."
        invited = date_format(timezone.localtime(account.invited_at), "j M Y")
        if account.password_set_at:
            chosen = date_format(timezone.localtime(account.password_set_at), "j M Y")
            return f"Signs in as {account.user.email}. Invited {invited}; password chosen {chosen}."
        return f"Invited {invited} ({account.user.email}); no password chosen yet."
