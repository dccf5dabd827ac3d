"""The one schema of a page's front matter: each field's name, type, whether it is
required, its limits, choices, label and help text, declared once.

`FrontMatterForm.for_file(data)` checks a file's front matter as YAML read it (the
hostile-YAML reader in `meta.read_front_matter` comes first): values must already be of
their field's type (a date, a whole number, true or false, a list). Its errors carry the
content check codes (E0xx) and become the problems the sync records, at their lines
(`meta.parse`). The editor's form subclasses it for widgets and labels, and reads the
same fields from the text boxes staff fill in, where a date or a number is typed as text.

Each message names the field as `{name}`: the file's field name in quotes in a file's
problems ('next_review'), the form's label in the editor (“Next review due”).
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

SUMMARY_MAX = 160
TITLE_MAX = 200  # the editor's title box; the database column holds 255
AUTHOR_MAX = 100  # the database column
REVIEWED_BY_MAX = 120
TEMPLATES = ("page", "section", "home", "faq", "resource", "article")
_AUTHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_FORMAT = "%Y-%m-%d"


def _error(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


class SchemaField:
    """What every front-matter field shares: the check code of a wrong value, and the
    strict reading of a file (`from_file`: YAML has already given the value its type, so
    text where a date or a list belongs is wrong) beside the lenient reading of a form."""

    code = "E001"
    from_file = False

    def wrong(self, value):
        raise NotImplementedError

    def bad_scalar(self, value):
        """A date or number YAML could not read (meta.BadScalar): why, in words."""
        describe = getattr(value, "describe", None)
        return describe() if callable(describe) else None


class TextField(SchemaField, forms.CharField):
    """Text: required ones must not be blank; over `max_length` is an error with its own
    code, and the value is kept (the file's page still shows it)."""

    def __init__(self, *, code, too_long=None, too_long_code=None, collapse=True, **kwargs):
        self.code, self.too_long, self.too_long_code = code, too_long, too_long_code
        self.collapse = collapse  # runs of spaces and line breaks become one space
        self.limit = kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        if self.limit and not isinstance(self.widget, forms.Textarea):
            # A one-line box stops at the limit itself; a text area counts (data-count-max).
            self.widget.attrs.setdefault("maxlength", str(self.limit))

    def to_python(self, value):
        if self.from_file and value is not None and not isinstance(value, str):
            raise self.wrong(value)
        text = super().to_python(value)
        # A file's value is read as the page shows it; a form's as typed (the file keeps it).
        return " ".join(text.split()) if self.collapse and self.from_file else text.strip()

    def validate(self, value):
        if self.required and not value:
            raise self.wrong(value)
        if self.too_long and len(value) > self.limit:
            raise _error(
                self.too_long, self.too_long_code, length=f"{len(value):,}", limit=self.limit
            )

    def wrong(self, value):
        return _error("{name} is required and must be text.", self.code)


class WholeNumberField(SchemaField, forms.IntegerField):
    code = "E005"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool) or (self.from_file and not isinstance(value, int)):
            raise self.wrong(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise self.wrong(value) from None

    def wrong(self, value):
        why = self.bad_scalar(value)
        if why:
            return _error("{name} {why}: use a whole number, like 3.", self.code, why=why)
        return _error("{name} must be a whole number, like 3.", self.code)


class DayField(SchemaField, forms.DateField):
    def __init__(self, *, code, **kwargs):
        self.code = code
        super().__init__(input_formats=[DATE_FORMAT], **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if self.from_file or not isinstance(value, str):
            raise self.wrong(value)
        try:
            return datetime.datetime.strptime(value.strip(), DATE_FORMAT).date()
        except ValueError:
            raise self.wrong(value) from None

    def wrong(self, value):
        why = self.bad_scalar(value)
        if why:
            return _error("{name} {why}. Write it as YYYY-MM-DD.", self.code, why=why)
        return _error("{name} must be a date written as YYYY-MM-DD.", self.code)


class LinesField(SchemaField, forms.CharField):
    """A list of text (sources): one item a line in the editor."""

    code = "E008"
    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if isinstance(value, str) and not self.from_file:
            return [line.strip() for line in value.splitlines() if line.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.wrong(value)
        return [item.strip() for item in value]

    def wrong(self, value):
        return _error(
            "{name} must be a list, one '- \"Author (year). Title.\"' line each.", self.code
        )


class CommaListField(SchemaField, forms.CharField):
    """A short list (tags): one text or a list in a file, words and commas in the editor."""

    code = "E032"

    def prepare_value(self, value):
        return ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        if value in self.empty_values:
            return []
        if isinstance(value, str):
            parts = [value] if self.from_file else value.split(",")
            return [part.strip() for part in parts if part.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.wrong(value)
        return value

    def wrong(self, value):
        return _error("{name} must be a list, one '- grief' line each.", self.code)


class YesNoField(SchemaField, forms.BooleanField):
    """true or false; anything else in a file hides the page (form.clean says so)."""

    code = "E009"

    def to_python(self, value):
        if self.from_file and not isinstance(value, bool):
            raise self.wrong(value)
        return super().to_python(value)

    def wrong(self, value):
        return _error("{name} must be true or false; treated as true.", self.code)


class LayoutField(SchemaField, forms.ChoiceField):
    code = "E010"

    def to_python(self, value):
        return value if self.from_file else super().to_python(value)

    def validate(self, value):
        if value in self.empty_values and not self.from_file:
            return
        if value not in TEMPLATES:
            from .meta import _quote

            raise _error(
                "{name} must be one of {choices}; got {value}.",
                self.code,
                choices=", ".join(TEMPLATES),
                value=_quote(value),
            )


REVIEW_KINDS = ("clinical", "none")


class ReviewKindField(SchemaField, forms.ChoiceField):
    """Whether a change must be approved by a clinical reviewer before the public sees it
    (editor/review.py decides the default when the file leaves it out)."""

    code = "E052"

    def to_python(self, value):
        return value if self.from_file else super().to_python(value)

    def validate(self, value):
        if value in self.empty_values and not self.from_file:
            return
        if value not in REVIEW_KINDS:
            raise self.wrong(value)

    def wrong(self, value):
        return _error("{name} must be clinical or none.", self.code)


class ReviewerField(TextField):
    """Who last checked the page, and their role: readers see "Reviewed by ... on <date>"
    (the NHS content standard and PIF TICK ask health information to say so)."""

    EXAMPLE = 'reviewed_by: "Dr Asha Patel, clinical psychologist"'

    def validate(self, value):
        name, _, role = value.partition(",")
        if value and (not name.strip() or not role.strip() or len(value) > self.limit):
            raise self.wrong(value)

    def wrong(self, value):
        return _error(
            "{name} must be a name, a comma and a role, at most {limit} characters, like this: "
            "{example}",
            self.code,
            limit=self.limit,
            example=self.EXAMPLE,
        )


class AuthorField(TextField):
    def validate(self, value):
        if value and (len(value) > self.limit or not _AUTHOR.match(value)):
            raise self.wrong(value)

    def wrong(self, value):
        return _error(
            "{name} must be the last part of a therapist's profile address, like "
            "'amira-hassan' for /therapists/amira-hassan/. Leave it out to name the practice.",
            self.code,
        )


# Scheduled publishing (pages/schedule.py): staff type London time, as they read it on a
# clock; a date alone means midnight.
MOMENT_EXAMPLE = "2027-01-05 09:00"
_TYPED_MOMENT = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2})[:.](\d{2})(?::(\d{2}))?)?$"
)


def read_moment(value) -> tuple[datetime.datetime | None, str]:
    """(the moment, "") from what YAML read or staff typed, or (None, why it is not one)."""
    describe = getattr(value, "describe", None)  # meta.BadScalar: YAML could not read it
    if callable(describe):
        return None, describe()
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    elif isinstance(value, str) and _TYPED_MOMENT.match(value.strip()):
        parts = [int(part) if part else 0 for part in _TYPED_MOMENT.match(value.strip()).groups()]
        try:
            moment = datetime.datetime(*parts)
        except ValueError as exc:
            return None, f"is not a real date and time ({exc})"
    else:
        return None, "is not a date and time"
    if timezone.is_naive(moment):
        typed = moment
        moment = timezone.make_aware(typed, timezone.get_default_timezone())
        shown = moment.astimezone(datetime.UTC).astimezone(moment.tzinfo)
        if shown.replace(tzinfo=None) != typed:
            # The hour skipped when the clocks go forward: no clock shows it.
            return None, (
                "is a time the clocks skip when they go forward that night (use the hour after)"
            )
    return moment, ""


class MomentField(SchemaField, forms.CharField):
    """A London time: a file's value becomes the moment (aware); the editor's box keeps
    the text as typed, which the file then holds."""

    code = "E050"

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        # The box's own limit only: a file's value is a moment by now, not text to measure.
        self.widget.attrs.update(placeholder=MOMENT_EXAMPLE, autocomplete="off", maxlength="40")

    def prepare_value(self, value):
        if isinstance(value, datetime.datetime):  # YAML read "2027-01-05 09:00:00"
            return value.strftime("%Y-%m-%d %H:%M" if not value.second else "%Y-%m-%d %H:%M:%S")
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        moment, why = read_moment(value)
        if moment is None:
            # A file is shown the line to write; the editor's box, what to type in it.
            example = "{key}: {example}" if self.from_file else "{example}"
            raise _error(
                "{name} {why}. Write the date and the time in London, like this: " + example,
                self.code,
                why=why,
                example=MOMENT_EXAMPLE,
            )
        return moment if self.from_file else value.strip()

    def validate(self, value):
        pass


class FrontMatterForm(forms.Form):
    title = TextField(
        label="Title",
        code="E002",
        max_length=TITLE_MAX,
        too_long="{name} is {length} characters; keep it to {limit}.",
        too_long_code="E017",
        collapse=False,
        help_text="The page's main heading, and its name in the browser tab.",
    )
    summary = TextField(
        label="Summary",
        code="E003",
        max_length=SUMMARY_MAX,
        too_long="{name} is {length} characters; keep it to {limit} so search engines show "
        "all of it.",
        too_long_code="E004",
        widget=forms.Textarea(attrs={"rows": 3, "data-count-max": SUMMARY_MAX}),
        help_text=f"One or two plain sentences, at most {SUMMARY_MAX} characters. It is shown "
        "under the title, on cards and in search results.",
    )
    order = WholeNumberField(
        label="Order",
        required=False,
        help_text="Where the page comes among the pages of its section: lowest first.",
    )
    reviewed = DayField(
        label="Last reviewed",
        code="E006",
        required=False,
        help_text="When someone last checked the page is correct.",
    )
    reviewed_by = ReviewerField(
        label="Reviewed by",
        code="E014",
        required=False,
        max_length=REVIEWED_BY_MAX,
        help_text="The name and role of the person who last checked the page, with a comma "
        "between: Dr Asha Patel, clinical psychologist. Readers see it with the date above.",
    )
    next_review = DayField(
        label="Next review due",
        code="E006",
        required=False,
        help_text="Usually a year after the last review.",
    )
    review = ReviewKindField(
        label="Clinical review",
        required=False,
        choices=[
            ("", "As usual"),
            ("clinical", "Needed"),
            ("none", "Not needed"),
        ],
        help_text="Needed: a clinical reviewer approves each change before the public "
        "sees it. As usual: needed for explainer pages and articles, not for the privacy, "
        "accessibility and other site pages.",
    )
    references = LinesField(
        label="Sources",
        required=False,
        help_text="One source a line, like: Weissman, M. M. (2018). The Guide to "
        "Interpersonal Psychotherapy. Oxford University Press.",
    )
    draft = YesNoField(
        label="Draft: hide this page from the public",
        required=False,
        help_text="Signed-in staff still see it, and you can share a preview link.",
    )
    template = LayoutField(
        label="Layout",
        required=False,
        choices=[("", "Standard")] + [(name, name.capitalize()) for name in TEMPLATES],
        help_text="Leave as Standard unless this is the home page or the FAQ.",
    )
    # Articles (content/articles/): when written, who wrote it, what it is about.
    date = DayField(label="Date", code="E030", required=False, help_text="The article's date.")
    author = AuthorField(label="Author", code="E031", required=False, max_length=AUTHOR_MAX)
    tags = CommaListField(label="Tags", required=False, help_text="Separate tags with commas.")
    # Why a page may run over 1,000 words (pages/quality.py, W048).
    long_page = TextField(
        label="Why this page is long",
        code="E001",
        required=False,
        max_length=300,
        help_text="Only for a page over 1,000 words: why readers need it long.",
    )
    # Scheduled publishing: when the public may see the page (pages/schedule.py).
    publish_at = MomentField(
        label="Goes live at",
        help_text=f"London time, as a date and a 24-hour time, like {MOMENT_EXAMPLE}. Leave "
        "empty for no schedule.",
    )
    unpublish_at = MomentField(
        label="Comes down at",
        help_text=f"London time, as a date and a 24-hour time, like {MOMENT_EXAMPLE}. Leave "
        "empty for no schedule.",
    )

    from_file = False

    @classmethod
    def for_file(cls, data: dict) -> "FrontMatterForm":
        """The form over a file's front matter, as YAML read it (present fields only)."""
        form = cls(data={key: value for key, value in data.items() if key in cls.base_fields})
        form.from_file = True
        for field in form.fields.values():
            if isinstance(field, SchemaField):
                field.from_file = True
        return form

    def _widget_data_value(self, widget, html_name):
        # A file's values are YAML's, not a browser's: no widget reads them (a checkbox
        # would take "yes" for true).
        if self.from_file:
            return self.data.get(html_name)
        return super()._widget_data_value(widget, html_name)

    def field_name(self, name: str) -> str:
        """How a message names a field: as the file does."""
        return f"'{name}'"

    def add_error(self, field, error):
        if isinstance(error, ValidationError) and field in self.fields:
            named = []
            for item in error.error_list:
                params = {**(item.params or {}), "name": self.field_name(field), "key": field}
                message = (
                    item.message.format(**params)
                    if "{name}" in item.message
                    else item.message % params  # Django's own messages: %(name)s
                )
                named.append(ValidationError(message, code=item.code))
            error = ValidationError(named)
        super().add_error(field, error)

    def _clean_fields(self):
        if not self.from_file:
            return super()._clean_fields()
        for name, bf in self._bound_items():
            field = bf.field
            if name not in self.data and not field.required:
                continue  # a field the file leaves out: its default, no check
            try:
                self.cleaned_data[name] = field.clean(bf.initial if field.disabled else bf.data)
                if hasattr(self, f"clean_{name}"):
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
            except ValidationError as error:
                self.add_error(name, error)

    def clean(self):
        data = super().clean()
        reviewed, next_review = data.get("reviewed"), data.get("next_review")
        if reviewed and next_review and next_review <= reviewed:
            self.add_error(
                "next_review",
                _error(
                    "{name} must come after {other}.", "E007", other=self.field_name("reviewed")
                ),
            )
        start, end = (read_moment(data.get(key) or "")[0] for key in ("publish_at", "unpublish_at"))
        if start and end and end <= start:
            self.add_error(
                "unpublish_at",
                _error(
                    "{name} must come after {other}: the page would never be live.",
                    "E051",
                    other=self.field_name("publish_at"),
                ),
            )
        return data
