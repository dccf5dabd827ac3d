"""The task queue in the admin: what is waiting, what ran, and the dead letters.

django-tasks-db's own list, with a plain-words name and outcome for each row, a filter
that opens on what needs attention (tasks that gave up, and tasks whose worker was killed
while running them), and an action to run those again.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.sites.models import Site
from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult, get_date_max

from . import staff, tasks

User = get_user_model()


class AttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("yes", "Gave up or stuck (can be retried)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return tasks.needs_attention(queryset)
        return queryset


admin.site.unregister(DBTaskResult)
# The one site's domain and name follow IPT_SITE_URL and IPT_SITE_NAME (web.sites): a
# screen to edit them would only be overwritten at the next deploy.
admin.site.unregister(Site)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = ("what", "outcome", "arguments", "enqueued_at")
    list_filter = (AttentionFilter, "status")
    actions = ("retry",)
    list_per_page = 50

    def has_change_permission(self, request, obj=None):
        # The list's Retry action needs it; a row itself stays read-only.
        return obj is None and request.user.has_perm("django_tasks_database.change_dbtaskresult")

    @admin.display(description="Task")
    def what(self, obj):
        return tasks.label(obj)

    @admin.display(description="Arguments")
    def arguments(self, obj):
        data = obj.args_kwargs or {}
        shown = [str(value) for value in data.get("args", [])]
        shown += [f"{key}={value}" for key, value in data.get("kwargs", {}).items()]
        return ", ".join(shown) or "–"

    @admin.display(description="Outcome", ordering="status")
    def outcome(self, obj):
        now = timezone.now()
        attempt = (obj.args_kwargs or {}).get("kwargs", {}).get("attempt")
        nth = f" (attempt {attempt})" if attempt else ""
        if obj.status == TaskResultStatus.READY:
            if obj.run_after != get_date_max() and obj.run_after > now:
                when = timezone.localtime(obj.run_after)
                return f"Waiting until {when:%d %b %H:%M}{nth}"
            return f"Queued{nth}"
        if obj.status == TaskResultStatus.RUNNING:
            if tasks.is_stuck(obj, now):
                return "Stuck: its worker stopped while running it (can be retried)"
            return f"Running{nth}"
        if obj.status == TaskResultStatus.SUCCESSFUL:
            return f"Done{nth}"
        if tasks.is_dead_letter(obj):
            return f"Gave up: {tasks.failure(obj)}"
        return f"Failed, tried again later: {tasks.failure(obj)}"

    @admin.action(description="Retry the selected tasks that gave up or are stuck")
    def retry(self, request, queryset):
        # Only dead letters and stuck rows: a waiting or running task is already on its way.
        rows = list(tasks.needs_attention(queryset))
        for row in rows:
            tasks.retry(row)
        skipped = queryset.count() - len(rows)
        if rows:
            self.message_user(
                request,
                ngettext(
                    "%(count)d task queued again from its first attempt.",
                    "%(count)d tasks queued again from their first attempt.",
                    len(rows),
                )
                % {"count": len(rows)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d task was left alone: it has not given up.",
                    "%(count)d tasks were left alone: they have not given up.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    retry.allowed_permissions = ("change",)


class StaffUserAdmin(UserAdmin):
    """Django's user admin, saying what each staff group does and that a group gives staff
    status (see web.staff)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.help_text = staff.groups_help()
        return field

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "is_staff" in form.base_fields:
            form.base_fields["is_staff"].help_text = (
                "Lets this person sign in to the admin. Ticked for you when you add them "
                "to a group below; untick it to stop them signing in."
            )
        return form


admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
