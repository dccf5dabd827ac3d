"""The editor's forms. The page form is the content engine's `FrontMatterForm` (one
declaration of each front-matter field: a field the engine learns appears here too), with
the editor's widgets, the page text and a note for the history."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import ngettext

from ipt_site.pages import files, selectors
from ipt_site.pages import meta as meta_module
from ipt_site.pages.frontmatter_form import DATE_FORMAT, FrontMatterForm

from . import pagefile, review


class PageForm(FrontMatterForm):
    """A page: the front matter's fields (FrontMatterForm declares them, with their
    labels, limits and help; here only the widgets change), the body, and a note for the
    history."""

    body = forms.CharField(
        label="Page text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "class": "editor-body", "spellcheck": "true"}),
        help_text="Markdown: ## for a heading, **bold**, - for a list, [words](/address/) for "
        "a link. The “Guide for editors” (at the top of the page list) lists everything.",
    )
    message = forms.CharField(
        label="What did you change? (optional)",
        required=False,
        max_length=300,
        help_text="A few words for the history, like 'Updated the NHS waiting times'.",
    )
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, relpath: str, original: dict | None = None, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.relpath = relpath
        self.original = original or {}
        self.source = source  # the file's text, so its comments survive (pagefile.write)
        names = list(meta_module.KNOWN_FIELDS)
        # Fields in the file that the form has no box for are kept exactly as they are.
        self.kept = {k: v for k, v in self.original.items() if k not in names}
        for name in ("reviewed", "next_review", "date"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT)
        self.front_matter_names = names

    def field_name(self, name: str) -> str:
        """A message names a field by the label staff see (“Next review due”)."""
        label = self.fields[name].label if name in self.fields else None
        return f"“{label}”" if label else super().field_name(name)

    @classmethod
    def initial_for(cls, values: dict, body: str, base: str) -> dict:
        initial = dict(values.items())
        for key in ("reviewed", "next_review", "date"):
            if isinstance(initial.get(key), datetime.datetime):
                initial[key] = initial[key].date()
        return {**initial, "body": body, "base": base}

    def page_text(self) -> str:
        """The file text these values make, laid out as staff write it."""
        data = self.cleaned_data
        values = {}
        for name in self.front_matter_names:
            value = data.get(name)
            if name == "draft" and not value and "draft" not in self.original:
                value = None  # 'draft: false' only where the file already said so
            values[name] = value
        values.update(self.kept)
        return pagefile.write(
            values, data.get("body", ""), order=list(self.original), source=self.source
        )

    def front_matter_fields(self):
        return [self[name] for name in self.front_matter_names]


class NewPageForm(PageForm):
    section = forms.ChoiceField(
        label="Section", required=False, help_text="Where the page sits on the site."
    )
    slug = forms.SlugField(
        label="Address (file name)",
        max_length=80,
        help_text="Lower-case words joined by hyphens, like 'coping-at-work'. The page's "
        "address will be the section's address followed by this.",
        error_messages={"invalid": "Use only lower-case letters, numbers and hyphens."},
    )
    landing = forms.BooleanField(
        label="Start a new section with this page as its landing page",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, relpath="new-page.md", **kwargs)
        self.fields["section"].choices = section_choices()
        order = ["section", "slug", "landing"]
        self.fields = {name: self.fields[name] for name in order} | {
            k: v for k, v in self.fields.items() if k not in order
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not files.SLUG.match(slug):
            raise forms.ValidationError(
                "Use only lower-case letters, numbers and single hyphens, like 'coping-at-work'."
            )
        return slug

    def new_relpath(self) -> str:
        data = self.cleaned_data
        return files.relpath_for(data["section"], data["slug"], landing=data.get("landing"))

    @staticmethod
    def defaults() -> dict:
        today = timezone.localdate()
        return {"draft": True, "reviewed": today, "next_review": review.next_review(today)}


def section_choices():
    return [(s, f"/{s}/" if s else "/ (top level)") for s in selectors.sections()]


class RawPageForm(forms.Form):
    """The whole file as one text, for front matter that cannot be read as fields."""

    text = forms.CharField(
        label="The whole page file",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 30, "class": "editor-body", "spellcheck": "false"}),
        help_text="The front matter between the two '---' lines, then the page text.",
    )
    message = forms.CharField(
        label="What did you change? (optional)", required=False, max_length=300
    )
    base = forms.CharField(widget=forms.HiddenInput, required=False)


class MoveForm(forms.Form):
    section = forms.ChoiceField(label="Section", required=False)
    slug = forms.SlugField(
        label="Address (file name)",
        max_length=80,
        help_text="Lower-case words joined by hyphens.",
        error_messages={"invalid": "Use only lower-case letters, numbers and hyphens."},
    )
    message = forms.CharField(label="Why? (optional)", required=False, max_length=300)
    update_links = forms.BooleanField(
        label="Change the links to this page on other pages too",
        required=False,
        initial=True,
        help_text="Each page is saved as its own version in its history, links to a part of "
        "the page (#...) kept. Without this, the old address still leads to the page.",
    )
    base = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, linking=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices()
        if linking:
            count = len(linking)
            self.fields["update_links"].label = ngettext(
                "Change the link to this page on %(count)d other page too",
                "Change the links to this page on %(count)d other pages too",
                count,
            ) % {"count": count}
        else:
            del self.fields["update_links"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not files.SLUG.match(slug):
            raise forms.ValidationError("Use only lower-case letters, numbers and single hyphens.")
        return slug


class ConfirmForm(forms.Form):
    """Delete or restore: the version the person saw, and a note for the history."""

    message = forms.CharField(label="Why? (optional)", required=False, max_length=300)
    base = forms.CharField(widget=forms.HiddenInput, required=False)


class ImageForm(forms.Form):
    image = forms.FileField(
        label="Image file",
        help_text="A JPEG, PNG or WebP image. Large images are made smaller for the web.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt = forms.CharField(
        label="Describe the image",
        max_length=250,
        help_text="For people who cannot see it, like 'A therapist and a client talking'.",
        error_messages={"required": "Describe the image for people who cannot see it."},
    )

    def clean_image(self):
        from .images import open_image

        image = self.cleaned_data["image"]
        open_image(image)
        image.seek(0)
        return image
