"""The content editor in the Django admin.

The list is the admin's own change list over the content rows (`ContentPage`, the
editor's name for `pages.Page`), so sorting, searching and filters come for free. Adding,
changing, deleting, the history and the rest are the editor's own views (editor/views/),
in the admin's look, working on the files through `services`; `get_urls()` registers
them. The admin's model permissions decide who may do what: the "Content editors" group
has all four.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.redirects.models import Redirect
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext
from django.views.generic import RedirectView

from ipt_site.pages import files
from ipt_site.pages.meta import ERROR

from . import health, schedule
from . import session as editor_session
from .history import DISK_AUTHOR
from .listfilters import ProblemsFilter, ReviewDueFilter, SectionFilter, StatusFilter
from .models import ContentPage, PendingVersion
from .views.delete import DeletedPagesView, DeleteView
from .views.due import DueView
from .views.edit import AddView, EditView, OpenView, RawView
from .views.files import ImagesView
from .views.guide import GuideView, HealthView
from .views.history import CompareView, HistoryView, VersionView
from .views.move import MoveView
from .views.review import ReviewPreviewView, ReviewView, WithdrawView
from .views.share import RevokeLinkView, ShareView


@admin.register(ContentPage)
class ContentPageAdmin(admin.ModelAdmin):
    list_display = (
        "title_link",
        "section_name",
        "status",
        "review_due",
        "problem_badges",
        "last_edited",
        schedule.column,
    )
    list_display_links = None
    list_filter = (SectionFilter, StatusFilter, ReviewDueFilter, ProblemsFilter)
    search_fields = ("title", "url", "relpath")
    ordering = ("url",)
    list_per_page = 200
    actions = None
    change_list_template = "admin/editor/contentpage/change_list.html"

    # --- The list ---------------------------------------------------------------------

    def get_queryset(self, request):
        # Each row's section title: the title of the section's landing page, in the query.
        landing = ContentPage.objects.filter(
            relpath=Concat(OuterRef("section"), Value(f"/{files.INDEX_NAME}"))
        )
        return (
            super()
            .get_queryset(request)
            .defer("html", "toc", "front_matter")
            .annotate(
                section_title=Subquery(landing.values("title")[:1]),
                review_state=Subquery(
                    PendingVersion.objects.filter(page=OuterRef("pk")).values("state")[:1]
                ),
            )
        )

    @admin.display(description="Page", ordering="url")
    def title_link(self, row):
        url = reverse("admin:editor_contentpage_change", args=[row.pk])
        if not row.url:
            return format_html('<a href="{}">{}</a>', url, row.title or row.relpath)
        return format_html(
            '<a href="{}" class="editor-title">{}</a>'
            '<a href="{}" class="editor-address">{}<span class="visually-hidden"> (on the '
            "site)</span></a>",
            url,
            row.title or row.relpath,
            row.url,
            row.url,
        )

    @admin.display(description="Section", ordering="section")
    def section_name(self, row):
        return row.section_title or (f"/{row.section}/" if row.section else "Top level")

    @admin.display(description="Status", ordering="draft")
    def status(self, row):
        if row.review_state:
            label = PendingVersion.State(row.review_state).label
            return format_html(
                '{}<br><a class="editor-badge editor-badge-soon" href="{}">{}</a>',
                "Draft" if row.draft else "Published",
                reverse("admin:editor_contentpage_review", args=[row.pk]),
                label,
            )
        if row.draft:
            return format_html('<span class="editor-badge editor-badge-draft">{}</span>', "Draft")
        return "Published"

    @admin.display(description="Review", ordering="next_review")
    def review_due(self, row):
        reviewed = date_format(row.reviewed, "j M Y") if row.reviewed else "never"
        state = health.review_state(row.next_review)
        if state == "none":
            return format_html("{}<br>no review date", reviewed)
        when = date_format(row.next_review, "j M Y")
        if state == "overdue":
            due = format_html(
                '<span class="editor-badge editor-badge-overdue">Overdue: {}</span>', when
            )
        elif state == "soon":
            due = format_html('<span class="editor-badge editor-badge-soon">Soon: {}</span>', when)
        else:
            due = format_html("due {}", when)
        return format_html("{}<br>{}", reviewed, due)

    @admin.display(description="Problems", ordering="errors")
    def problem_badges(self, row):
        found = row.problem_list()
        if not found:
            return "None"
        errors = sum(1 for p in found if p.level == ERROR)
        warnings = len(found) - errors
        parts = []
        if errors:
            parts.append(ngettext("%(n)d error", "%(n)d errors", errors) % {"n": errors})
        if warnings:
            parts.append(ngettext("%(n)d warning", "%(n)d warnings", warnings) % {"n": warnings})
        kind = "overdue" if errors else "soon"
        # Closed by default so the list stays scannable; opens without JavaScript.
        return format_html(
            '<details class="editor-problems"><summary><span class="editor-badge '
            'editor-badge-{}">{}</span></summary><ul>{}</ul></details>',
            kind,
            ", ".join(parts),
            format_html_join(
                "",
                "<li>{}{}: {}</li>",
                (
                    (
                        "Error" if p.level == ERROR else "Warning",
                        f" (line {p.line})" if p.line else "",
                        p.message,
                    )
                    for p in found
                ),
            ),
        )

    @admin.display(description="Edited", ordering="edited_at")
    def last_edited(self, row):
        if not row.edited_at:
            return "–"
        when = date_format(timezone.localtime(row.edited_at), "j M Y, H:i")
        if not row.edited_by or row.edited_by == DISK_AUTHOR:
            return format_html("{}<br>on disk", when)
        return format_html("{}<br>by {}", when, row.edited_by)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Pages", **(extra_context or {})})

    def get_urls(self):
        """The editor's pages (editor/views/), in place of the admin's own add, change,
        delete and history views, under the admin's names and permission checks."""

        def view(cls):
            return self.admin_site.admin_view(cls.as_view(model_admin=self))

        editor = [
            path("health/", view(HealthView), name="editor_contentpage_health"),
            path("due/", view(DueView), name="editor_contentpage_due"),
            path(
                "session/",
                self.admin_site.admin_view(editor_session.keep_alive),
                name="editor_session",
            ),
            path("guide/", view(GuideView), name="editor_contentpage_guide"),
            path("deleted/", view(DeletedPagesView), name="editor_contentpage_deleted"),
            path("open/<path:relpath>", view(OpenView), name="editor_contentpage_open"),
            path("add/", view(AddView), name="editor_contentpage_add"),
            path("<int:pk>/raw/", view(RawView), name="editor_contentpage_raw"),
            path("<int:pk>/move/", view(MoveView), name="editor_contentpage_move"),
            path("<int:pk>/share/", view(ShareView), name="editor_contentpage_share"),
            path(
                "<int:pk>/share/<int:link_id>/turn-off/",
                view(RevokeLinkView),
                name="editor_contentpage_revoke_link",
            ),
            path("<int:pk>/images/", view(ImagesView), name="editor_contentpage_images"),
            path("<int:pk>/review/", view(ReviewView), name="editor_contentpage_review"),
            path(
                "<int:pk>/review/withdraw/",
                view(WithdrawView),
                name="editor_contentpage_withdraw",
            ),
            path(
                "<int:pk>/review/preview/",
                view(ReviewPreviewView),
                name="editor_contentpage_review_preview",
            ),
            path(
                "<int:pk>/history/compare/",
                view(CompareView),
                name="editor_contentpage_compare",
            ),
            path(
                "<int:pk>/history/<str:version>/",
                view(VersionView),
                name="editor_contentpage_version",
            ),
            # The admin's own addresses: any path is an object id there ("2/change/x"),
            # which the views answer with a 404.
            path("<path:pk>/history/", view(HistoryView), name="editor_contentpage_history"),
            path("<path:pk>/delete/", view(DeleteView), name="editor_contentpage_delete"),
            path("<path:pk>/change/", view(EditView), name="editor_contentpage_change"),
            # The admin's "<id>/" shortcut to the change page, with the editor's keyword
            # (Django's own, further down and so never reached, names `object_id`, which
            # the editor's change page does not take).
            path(
                "<path:pk>/",
                self.admin_site.admin_view(
                    RedirectView.as_view(pattern_name="admin:editor_contentpage_change")
                ),
            ),
        ]
        replaced = {pattern.name for pattern in editor}
        return editor + [p for p in super().get_urls() if p.name not in replaced]


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ("old_path", "new_path")
        labels = {"old_path": "Old address", "new_path": "New address"}
        help_texts = {
            "old_path": "The address that no longer has a page, starting with / (like "
            "/what-is-ipt/).",
            "new_path": "Where visitors go instead: an address on this site starting with /, "
            "or a full web address. Leave it empty to tell visitors the page has gone.",
        }


# Django's own Redirects screen (django.contrib.redirects), for the one site: the editor
# adds a redirect when it moves a page, and staff can add, change or remove them here.
admin.site.unregister(Redirect)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ("old_address", "new_address")
    search_fields = ("old_path", "new_path")

    @admin.display(description="Old address", ordering="old_path")
    def old_address(self, redirect):
        return redirect.old_path

    @admin.display(description="New address", ordering="new_path")
    def new_address(self, redirect):
        return redirect.new_path or "(gone: visitors are told the page has gone)"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(site_id=settings.SITE_ID)

    def save_model(self, request, obj, form, change):
        obj.site_id = settings.SITE_ID
        super().save_model(request, obj, form, change)
