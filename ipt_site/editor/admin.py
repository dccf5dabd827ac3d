"""The content editor in the Django admin.

The list is the admin's own change list over the content rows (`ContentPage`, the
editor's name for `pages.Page`), so sorting, searching and filters come for free. Adding, changing,
deleting and the history are the editor's own views, in the admin's look, working on the
files through `services`. The admin's model permissions decide who may do what: the
"Content editors" group has all four.
"""

import datetime
import difflib
import logging
import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext

from ipt_site.pages import files, selectors
from ipt_site.pages import meta as meta_module
from ipt_site.pages.checks import check_text
from ipt_site.pages.meta import ERROR
from ipt_site.pages.render import render_markdown

from . import health, images, pagefile, previews, services
from . import session as editor_session
from .forms import ConfirmForm, ImageForm, MoveForm, NewPageForm, PageForm, RawPageForm
from .history import DISK_AUTHOR, get_history
from .middleware import too_long_message
from .models import ContentPage, PageRedirect, PreviewLink, link_days

logger = logging.getLogger(__name__)

PREVIEW_NOTICE = (
    "This is how the page will look once it is saved. Nothing has been saved yet: close "
    "this tab to go back to the editor."
)


# --- List filters -------------------------------------------------------------------


class SectionFilter(admin.SimpleListFilter):
    title = "section"
    parameter_name = "section"

    def lookups(self, request, model_admin):
        sections = set(ContentPage.objects.values_list("section", flat=True))
        titles = selectors.section_titles()
        return [
            (s or "-", titles.get(s) or (f"/{s}/" if s else "Top level")) for s in sorted(sections)
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(section="" if self.value() == "-" else self.value())
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("published", "Published"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        if self.value() in ("published", "draft"):
            return queryset.filter(draft=self.value() == "draft")
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Within {health.SOON_DAYS} days"),
            ("later", "Later"),
            ("none", "No date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        soon = today + datetime.timedelta(days=health.SOON_DAYS)
        value = self.value()
        if value == "overdue":
            return queryset.filter(next_review__lt=today)
        if value == "soon":
            return queryset.filter(next_review__gte=today, next_review__lte=soon)
        if value == "later":
            return queryset.filter(next_review__gt=soon)
        if value == "none":
            return queryset.filter(next_review=None)
        return queryset


class ProblemsFilter(admin.SimpleListFilter):
    title = "problems"
    parameter_name = "problems"

    def lookups(self, request, model_admin):
        return [("errors", "Has errors"), ("warnings", "Has warnings"), ("none", "None")]

    def queryset(self, request, queryset):
        overdue = Q(next_review__lt=timezone.localdate(), draft=False)  # a warning too
        if self.value() == "errors":
            return queryset.filter(errors__gt=0)
        if self.value() == "warnings":
            return queryset.filter(Q(warnings__gt=0) | overdue)
        if self.value() == "none":
            return queryset.filter(errors=0, warnings=0).exclude(overdue)
        return queryset


# --- Helpers for the views ------------------------------------------------------------


def body_line_offset(text: str) -> int:
    """File line number minus this = line number in the page text box."""
    body, start = meta_module.split_body(text)
    return start + (len(body) - len(body.lstrip("\n"))) - 1


# Messages that explain the file's layout, said as the form's field asks for it instead.
IN_FORM_WORDS = {
    "W007": "No sources yet: add the sources this page is based on, one on each line, "
    "like “Author (year). Title.”",
}
_FIELD_NAME = re.compile(r"'([a-z_]+)'")


def in_form_words(problem, fields) -> str:
    """A problem as staff read it in the form: the file's field names become the labels
    they see ('next_review' is “Next review due”)."""
    if problem.code in IN_FORM_WORDS and problem.field in fields:
        return IN_FORM_WORDS[problem.code]

    def label(match):
        field = fields.get(match.group(1))
        return f"“{field.label}”" if field is not None and field.label else match.group(0)

    return _FIELD_NAME.sub(label, problem.message)


def notes_for(problems, text: str, fields) -> tuple[dict, list]:
    """Problems as messages by form field (body lines counted in the text box), and the
    ones that belong to no field."""
    offset = body_line_offset(text)
    by_field: dict[str, list] = {}
    general = []
    for problem in problems:
        message = in_form_words(problem, fields)
        message = f"{message} {problem.hint}" if problem.hint else message
        target = problem.field if problem.field in fields else ""
        if target == "body" and problem.line and problem.line > offset:
            message = f"Line {problem.line - offset}: {message}"
        elif not target and problem.line:
            message = f"Line {problem.line} of the file: {message}"
        note = {"level": problem.level, "message": message}
        (by_field.setdefault(target, []) if target else general).append(note)
    return by_field, general


def diff_lines(old: str, new: str) -> list[dict]:
    """A line diff for a template: each line marked added, removed or context."""
    out = []
    for line in difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), lineterm="", n=3
    ):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            out.append({"kind": "hunk", "text": line})
        elif line.startswith("+"):
            out.append({"kind": "added", "text": line[1:]})
        elif line.startswith("-"):
            out.append({"kind": "removed", "text": line[1:]})
        else:
            out.append({"kind": "same", "text": line[1:]})
    return out


def field_rows(form, names, notes=None) -> list[dict]:
    """Each field with the checks' notes about it, described to screen readers too."""
    notes = notes or {}
    rows = []
    for name in names:
        bound = form[name]
        field_notes = notes.get(name, [])
        if field_notes:
            ids = [f"{bound.auto_id}_notes"]
            if bound.errors:
                ids.append(f"{bound.auto_id}_error")
            if bound.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            form.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)
        rows.append({"field": bound, "notes": field_notes})
    return rows


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


def error_summary(form) -> list[dict]:
    """The form's errors for the summary at the top, each linking to its field."""
    items = []
    for name, errors in form.errors.items():
        for error in errors:
            if name in form.fields:
                items.append(
                    {
                        "anchor": form[name].id_for_label,
                        "label": form.fields[name].label,
                        "message": error,
                    }
                )
            else:
                items.append({"anchor": "", "label": "", "message": error})
    return items


def refuse_too_long(request, form, field: str) -> bool:
    """True (and the form carries the reason) when the form came in over the upload limit
    (see middleware.LongPageMiddleware): such a text is never saved or previewed."""
    size = getattr(request, "editor_too_long", 0)
    if size:
        form.full_clean()
        form.add_error(field, too_long_message(size) + " Your text is still below.")
    return bool(size)


def write_failed(form, failed: services.WriteFailed, **kwargs) -> None:
    """The folder refused the write: the form says so (and its summary says it is nothing
    the person typed)."""
    form.write_failed = True
    form.add_error(None, failed.describe(**kwargs))


def page_form_rows(form, notes=None) -> dict:
    return {
        "front_rows": field_rows(form, form.front_matter_names, notes),
        "body_row": field_rows(form, ["body"], notes)[0],
        "message_row": field_rows(form, ["message"], notes)[0],
        "error_summary": error_summary(form),
    }


@admin.register(ContentPage)
class ContentPageAdmin(admin.ModelAdmin):
    list_display = (
        "title_link",
        "section_name",
        "status",
        "review_due",
        "problem_badges",
        "last_edited",
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
            .annotate(section_title=Subquery(landing.values("title")[:1]))
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
        wrap = self.admin_site.admin_view
        return [
            path("health/", wrap(self.health_view), name="editor_contentpage_health"),
            path("session/", wrap(editor_session.keep_alive), name="editor_session"),
            path("guide/", wrap(self.guide_view), name="editor_contentpage_guide"),
            path("deleted/", wrap(self.deleted_view), name="editor_contentpage_deleted"),
            path("open/<path:relpath>", wrap(self.open_view), name="editor_contentpage_open"),
            path("<int:pk>/raw/", wrap(self.raw_view), name="editor_contentpage_raw"),
            path("<int:pk>/move/", wrap(self.move_view), name="editor_contentpage_move"),
            path("<int:pk>/share/", wrap(self.share_view), name="editor_contentpage_share"),
            path(
                "<int:pk>/share/<int:link_id>/turn-off/",
                wrap(self.revoke_link_view),
                name="editor_contentpage_revoke_link",
            ),
            path("<int:pk>/images/", wrap(self.images_view), name="editor_contentpage_images"),
            path(
                "<int:pk>/history/compare/",
                wrap(self.compare_view),
                name="editor_contentpage_compare",
            ),
            path(
                "<int:pk>/history/<str:version>/",
                wrap(self.version_view),
                name="editor_contentpage_version",
            ),
            *super().get_urls(),
        ]

    # --- Shared pieces ----------------------------------------------------------------

    def _context(self, request, title, row=None, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "row": row,
            "has_change_permission": self.has_change_permission(request),
            "has_add_permission": self.has_add_permission(request),
            "has_delete_permission": self.has_delete_permission(request),
            **extra,
        }

    def _require(self, allowed):
        if not allowed:
            raise PermissionDenied

    def _row(self, pk) -> ContentPage:
        # The admin hands over any path as an object id ("2/change/x"): that is a 404.
        if not str(pk).isdigit():
            raise Http404("No such page")
        return get_object_or_404(ContentPage, pk=pk)

    def _change_url(self, row):
        return reverse("admin:editor_contentpage_change", args=[row.pk])

    def _saved_message(self, request, saved, verb="Saved"):
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

    # --- Open by file (the "Edit this page" link on the site) --------------------------

    def open_view(self, request, relpath):
        self._require(self.has_view_or_change_permission(request))
        row = ContentPage.objects.filter(relpath=relpath).first()
        if row is None:
            raise Http404("No such page")
        return HttpResponseRedirect(self._change_url(row))

    # --- Edit --------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._require(self.has_view_or_change_permission(request))
        row = self._row(object_id)
        text = row.text
        try:
            values, body = pagefile.read(text)
        except pagefile.Unreadable:
            return HttpResponseRedirect(reverse("admin:editor_contentpage_raw", args=[row.pk]))
        can_change = self.has_change_permission(request)
        conflict = None
        if request.method == "POST":
            self._require(can_change)
            form = PageForm(request.POST, relpath=row.relpath, original=values, source=text)
            refuse_too_long(request, form, "body")
            if form.is_valid():
                new_text = form.page_text()
                if "_preview" in request.POST:
                    page = previews.preview_page(row.relpath, new_text)
                    return previews.render_preview(request, page, PREVIEW_NOTICE)
                try:
                    saved = services.save_page(
                        row.relpath,
                        new_text,
                        base=form.cleaned_data["base"],
                        user=request.user,
                        message=form.cleaned_data["message"],
                    )
                except services.Refused as refused:
                    return self._edit_response(
                        request, row, form, text, problems=refused.problems, refused=True
                    )
                except services.Conflict as clash:
                    conflict = self._conflict(form, clash, new_text)
                    return self._edit_response(request, row, form, text, conflict=conflict)
                except services.WriteFailed as failed:
                    write_failed(form, failed)
                    return self._edit_response(request, row, form, text)
                self._saved_message(request, saved)
                return HttpResponseRedirect(self._change_url(row))
            return self._edit_response(request, row, form, text)
        form = PageForm(
            initial=PageForm.initial_for(values, body, files.digest(text)),
            relpath=row.relpath,
            original=values,
        )
        return self._edit_response(request, row, form, text, problems=check_text(row.relpath, text))

    def _conflict(self, form, clash, new_text):
        """Keep their text; the next save is a deliberate one over the new version."""
        data = form.data.copy()
        data["base"] = files.digest(clash.current_text)
        form.data = data
        return {
            "message": clash.describe(),
            "diff": diff_lines(clash.current_text or "", new_text),
        }

    def _edit_response(
        self, request, row, form, text, *, problems=None, refused=False, conflict=None
    ):
        problems = problems or []
        by_field, general = notes_for(problems, form.page_text() if refused else text, form.fields)
        for name, notes in by_field.items():
            if refused:
                errors = [n["message"] for n in notes if n["level"] == ERROR]
                if errors:
                    form.add_error(name, errors)
        if refused:
            for note in general:
                if note["level"] == ERROR:
                    form.add_error(None, note["message"])
        context = self._context(
            request,
            f"Edit “{row.title}”",
            row,
            form=form,
            **page_form_rows(
                form,
                {
                    k: [n for n in v if not (refused and n["level"] == ERROR)]
                    for k, v in by_field.items()
                },
            ),
            general_notes=[n for n in general if not (refused and n["level"] == ERROR)],
            conflict=conflict,
            refused=refused,
            public_url=row.url,
            can_move=not row.relpath.endswith(files.INDEX_NAME),
            history_kind=get_history().kind,
        )
        return TemplateResponse(request, "admin/editor/contentpage/edit.html", context)

    # --- The whole file, for front matter that cannot be read as fields ------------------

    def raw_view(self, request, pk):
        self._require(self.has_view_or_change_permission(request))
        row = self._row(pk)
        text = row.text
        conflict = None
        problems = []
        if request.method == "POST":
            self._require(self.has_change_permission(request))
            form = RawPageForm(request.POST)
            refuse_too_long(request, form, "text")
            if form.is_valid():
                new_text = form.cleaned_data["text"]
                if "_preview" in request.POST:
                    page = previews.preview_page(row.relpath, files.normalise(new_text))
                    return previews.render_preview(request, page, PREVIEW_NOTICE)
                try:
                    saved = services.save_page(
                        row.relpath,
                        new_text,
                        base=form.cleaned_data["base"],
                        user=request.user,
                        message=form.cleaned_data["message"],
                    )
                except services.Refused as refused:
                    problems = refused.problems
                    for problem in problems:
                        if problem.level == ERROR:
                            where = f"Line {problem.line}: " if problem.line else ""
                            form.add_error("text", f"{where}{problem.message}")
                    problems = [p for p in problems if p.level != ERROR]
                except services.Conflict as clash:
                    conflict = self._conflict(form, clash, new_text)
                except services.WriteFailed as failed:
                    write_failed(form, failed)
                else:
                    self._saved_message(request, saved)
                    return HttpResponseRedirect(self._change_url(row))
        else:
            form = RawPageForm(initial={"text": text, "base": files.digest(text)})
            problems = check_text(row.relpath, text)
        try:
            pagefile.read(text)
            readable = True
        except pagefile.Unreadable:
            readable = False
        context = self._context(
            request,
            f"Edit the whole file of “{row.title}”",
            row,
            form=form,
            rows=field_rows(
                form,
                ["text", "message"],
                {
                    "text": [
                        {
                            "level": p.level,
                            "message": f"Line {p.line}: {p.message}" if p.line else p.message,
                        }
                        for p in problems
                    ]
                },
            ),
            error_summary=error_summary(form),
            conflict=conflict,
            readable=readable,
        )
        return TemplateResponse(request, "admin/editor/contentpage/raw.html", context)

    # --- Create ------------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        self._require(self.has_add_permission(request))
        if request.method == "POST":
            form = NewPageForm(request.POST)
            refuse_too_long(request, form, "body")
            if form.is_valid():
                relpath = form.new_relpath()
                new_text = form.page_text()
                if "_preview" in request.POST:
                    page = previews.preview_page(relpath, new_text)
                    return previews.render_preview(request, page, PREVIEW_NOTICE)
                try:
                    saved = services.create_page(
                        relpath, new_text, user=request.user, message=form.cleaned_data["message"]
                    )
                except services.Refused as refused:
                    by_field, general = notes_for(refused.problems, new_text, form.fields)
                    for name, notes in by_field.items():
                        errors = [n["message"] for n in notes if n["level"] == ERROR]
                        if errors:
                            form.add_error(name, errors)
                    for note in general:
                        if note["level"] == ERROR:
                            form.add_error(None, note["message"])
                except services.WriteFailed as failed:
                    write_failed(form, failed)
                else:
                    self._saved_message(request, saved, verb="Created")
                    row = ContentPage.objects.get(relpath=saved.relpath)
                    return HttpResponseRedirect(self._change_url(row))
        else:
            section = request.GET.get("section", "")
            initial = {**NewPageForm.defaults(), "section": section}
            form = NewPageForm(initial=initial)
        context = self._context(
            request,
            "Add a page",
            None,
            form=form,
            place_rows=field_rows(form, ["section", "slug", "landing"]),
            **page_form_rows(form),
        )
        return TemplateResponse(request, "admin/editor/contentpage/add.html", context)

    # --- Move --------------------------------------------------------------------------

    def move_view(self, request, pk):
        self._require(self.has_change_permission(request))
        row = self._row(pk)
        text = row.text
        if row.relpath.endswith(files.INDEX_NAME):
            messages.error(
                request,
                "A section's landing page moves with its whole folder, which the editor does "
                "not do. Ask your developer to rename the folder.",
            )
            return HttpResponseRedirect(self._change_url(row))
        section = row.relpath.rsplit("/", 1)[0] if "/" in row.relpath else ""
        slug = row.relpath.rsplit("/", 1)[-1][: -len(".md")]
        linking = selectors.linking_to(row.url)
        if request.method == "POST":
            form = MoveForm(request.POST, linking=linking)
            if form.is_valid():
                new = files.relpath_for(form.cleaned_data["section"], form.cleaned_data["slug"])
                if new == row.relpath:
                    form.add_error("slug", "This is where the page is already.")
                else:
                    try:
                        saved = services.move_page(
                            row.relpath,
                            new,
                            base=form.cleaned_data["base"],
                            user=request.user,
                            message=form.cleaned_data["message"],
                        )
                    except services.Refused as refused:
                        form.add_error("slug", [p.message for p in refused.problems])
                    except services.Conflict as clash:
                        form.add_error(None, clash.describe())
                    except services.WriteFailed as failed:
                        write_failed(form, failed, text_kept=False)
                    else:
                        new_url = files.url_for(saved.relpath)
                        links = ([], [])
                        if form.cleaned_data.get("update_links"):
                            links = services.update_links(row.url, new_url, user=request.user)
                        messages.success(request, moved_message(row.url, new_url, *links))
                        return HttpResponseRedirect(self._change_url(row))
        else:
            form = MoveForm(
                initial={"section": section, "slug": slug, "base": files.digest(text)},
                linking=linking,
            )
        names = ["section", "slug", "message"] + (["update_links"] if linking else [])
        context = self._context(
            request,
            f"Move “{row.title}”",
            row,
            form=form,
            rows=field_rows(form, names),
            error_summary=error_summary(form),
            linking=linking,
        )
        return TemplateResponse(request, "admin/editor/contentpage/move.html", context)

    # --- Delete ------------------------------------------------------------------------

    def delete_view(self, request, object_id, extra_context=None):
        self._require(self.has_delete_permission(request))
        row = self._row(object_id)
        text = row.text
        blocked = ""
        if row.relpath == files.INDEX_NAME:
            blocked = "The home page cannot be deleted."
        elif row.relpath.endswith(files.INDEX_NAME):
            folder = row.relpath[: -len(files.INDEX_NAME)]
            if ContentPage.objects.filter(relpath__startswith=folder).exclude(pk=row.pk).exists():
                blocked = (
                    "This is the landing page of a section that still has pages. Move or delete "
                    "those pages first."
                )
        linking = selectors.linking_to(row.url)
        if request.method == "POST" and not blocked:
            form = ConfirmForm(request.POST)
            if form.is_valid():
                try:
                    services.delete_page(
                        row.relpath,
                        base=form.cleaned_data["base"],
                        user=request.user,
                        message=form.cleaned_data["message"],
                    )
                except services.Conflict as clash:
                    form.add_error(None, clash.describe())
                except services.WriteFailed as failed:
                    write_failed(form, failed, text_kept=False)
                else:
                    messages.success(
                        request,
                        f"Deleted {row.url}. It is kept in the history: 'Deleted pages' can "
                        "bring it back.",
                    )
                    return HttpResponseRedirect(reverse("admin:editor_contentpage_changelist"))
        else:
            form = ConfirmForm(initial={"base": files.digest(text)})
        context = self._context(
            request,
            f"Delete “{row.title}”?",
            row,
            form=form,
            rows=field_rows(form, ["message"]),
            error_summary=error_summary(form),
            blocked=blocked,
            linking=linking,
        )
        return TemplateResponse(request, "admin/editor/contentpage/delete.html", context)

    # --- History -----------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        self._require(self.has_view_or_change_permission(request))
        row = self._row(object_id)
        text = row.text
        versions = get_history().versions(row.relpath)
        context = self._context(
            request,
            f"History of “{row.title}”",
            row,
            versions=versions,
            base=files.digest(text),
            history_kind=get_history().kind,
            live_links=row.preview_links.live(),
            on_disk_differs=text is not None
            and versions
            and get_history().latest_text(row.relpath) not in (None, text),
        )
        return TemplateResponse(request, "admin/editor/contentpage/history.html", context)

    def _text_of(self, row, version_id, current):
        if version_id == "current":
            return current
        return get_history().text(row.relpath, version_id)

    def compare_view(self, request, pk):
        self._require(self.has_view_or_change_permission(request))
        row = self._row(pk)
        current = row.text
        versions = {v.id: v for v in get_history().versions(row.relpath)}
        older, newer = request.GET.get("from", ""), request.GET.get("to", "current")
        if older not in versions or (newer != "current" and newer not in versions):
            messages.error(request, "Choose two versions to compare.")
            return HttpResponseRedirect(reverse("admin:editor_contentpage_history", args=[row.pk]))
        old_text = self._text_of(row, older, current)
        new_text = self._text_of(row, newer, current)
        context = self._context(
            request,
            f"Changes to “{row.title}”",
            row,
            older=versions[older],
            newer=versions.get(newer),
            diff=diff_lines(old_text or "", new_text or ""),
        )
        return TemplateResponse(request, "admin/editor/contentpage/compare.html", context)

    def version_view(self, request, pk, version):
        self._require(self.has_view_or_change_permission(request))
        row = self._row(pk)
        current = row.text
        found = next((v for v in get_history().versions(row.relpath) if v.id == version), None)
        if found is None:
            raise Http404("No such version")
        text = get_history().text(row.relpath, version)
        if request.method == "POST":
            self._require(self.has_change_permission(request))
            form = ConfirmForm(request.POST)
            if form.is_valid():
                try:
                    saved = services.restore_version(
                        row.relpath, version, base=form.cleaned_data["base"], user=request.user
                    )
                except services.Refused as refused:
                    for problem in refused.problems:
                        if problem.level == ERROR:
                            form.add_error(None, problem.message)
                except services.Conflict as clash:
                    form.add_error(None, clash.describe())
                except services.WriteFailed as failed:
                    write_failed(form, failed, text_kept=False)
                else:
                    self._saved_message(request, saved, verb="Restored an earlier version of")
                    return HttpResponseRedirect(self._change_url(row))
        else:
            form = ConfirmForm(initial={"base": files.digest(current)})
        context = self._context(
            request,
            f"A version of “{row.title}”",
            row,
            version=found,
            text=text,
            form=form,
            error_summary=error_summary(form),
            is_current=text == current,
        )
        return TemplateResponse(request, "admin/editor/contentpage/version.html", context)

    # --- Deleted pages -----------------------------------------------------------------

    def deleted_view(self, request):
        self._require(self.has_view_or_change_permission(request))
        if request.method == "POST":
            self._require(self.has_add_permission(request))
            relpath = request.POST.get("relpath", "")
            try:
                files.check_relpath(relpath)
                saved = services.restore_deleted(relpath, user=request.user)
            except services.WriteFailed as failed:
                messages.error(request, failed.describe(text_kept=False))
            except (files.BadPath, services.Refused) as exc:
                problems = getattr(exc, "problems", [])
                messages.error(
                    request,
                    "The page could not be brought back. "
                    + " ".join(p.message for p in problems if p.level == ERROR),
                )
            else:
                self._saved_message(request, saved, verb="Brought back")
                row = ContentPage.objects.get(relpath=saved.relpath)
                return HttpResponseRedirect(self._change_url(row))
        context = self._context(request, "Deleted pages", None, deleted=services.deleted_pages())
        return TemplateResponse(request, "admin/editor/contentpage/deleted.html", context)

    # --- Share a preview ---------------------------------------------------------------

    def share_view(self, request, pk):
        self._require(self.has_change_permission(request))
        row = self._row(pk)
        link = made = None
        if request.method == "POST":
            made, secret = services.make_preview_link(row, user=request.user)
            link = request.build_absolute_uri(reverse("editor_preview", args=[secret]))
        context = self._context(
            request,
            f"Share a preview of “{row.title}”",
            row,
            link=link,
            made=made,
            days=link_days(),
            live_links=row.preview_links.live(),
        )
        return TemplateResponse(request, "admin/editor/contentpage/share.html", context)

    def revoke_link_view(self, request, pk, link_id):
        """Turn a preview link off (POST only), then back to where the button was."""
        self._require(self.has_change_permission(request))
        row = self._row(pk)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:editor_contentpage_share", args=[row.pk]))
        link = get_object_or_404(PreviewLink, pk=link_id, page=row)
        services.revoke_preview_link(link, user=request.user)
        when = date_format(timezone.localtime(link.created), "j F Y, H:i")
        messages.success(
            request, f"The preview link made on {when} is turned off: it no longer opens."
        )
        back = "history" if request.POST.get("back") == "history" else "share"
        return HttpResponseRedirect(reverse(f"admin:editor_contentpage_{back}", args=[row.pk]))

    # --- Images ------------------------------------------------------------------------

    def images_view(self, request, pk):
        self._require(self.has_change_permission(request))
        row = self._row(pk)
        uploaded = None
        if request.method == "POST":
            form = ImageForm(request.POST, request.FILES)
            if form.is_valid():
                url = images.store(form.cleaned_data["image"], row.relpath)
                alt = form.cleaned_data["alt"].replace("]", ")").replace("[", "(")
                uploaded = {"url": url, "markdown": f"![{alt}]({url})"}
                form = ImageForm()
        else:
            form = ImageForm()
        context = self._context(
            request,
            f"Images for “{row.title}”",
            row,
            form=form,
            rows=field_rows(form, ["image", "alt"]),
            error_summary=error_summary(form),
            uploaded=uploaded,
            existing=images.page_images(row.relpath),
        )
        return TemplateResponse(request, "admin/editor/contentpage/images.html", context)

    # --- Content health ----------------------------------------------------------------

    def guide_view(self, request):
        """The staff guide (content/README.md), readable where staff work: they cannot open
        the content folder from a browser."""
        self._require(self.has_view_or_change_permission(request))
        source = files.root() / files.GUIDE_NAME
        try:
            text = source.read_text(encoding="utf-8", errors="replace")
        except OSError:
            raise Http404("The guide is missing from the content folder.") from None
        rendered = render_markdown(text, code_blocks=True)
        context = self._context(
            request, "Guide for editors", None, guide_html=rendered.html, toc=rendered.toc
        )
        return TemplateResponse(request, "admin/editor/contentpage/guide.html", context)

    def health_view(self, request):
        self._require(self.has_view_or_change_permission(request))
        context = self._context(request, "Content health", None, report=health.report())
        return TemplateResponse(request, "admin/editor/contentpage/health.html", context)


@admin.register(PageRedirect)
class PageRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_url", "new_url", "created")
    search_fields = ("old_url", "new_url")
    readonly_fields = ("created",)
