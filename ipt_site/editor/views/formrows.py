"""Pieces the editor's templates show around a form: each field with its notes, the
error summary, and the refusals that are not about what was typed."""

from ipt_site.editor import services
from ipt_site.editor.middleware import too_long_message


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
