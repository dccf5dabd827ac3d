"""The two self-checks as Django forms: radio questions, kind error messages, no storage."""

from django import forms

from ipt_site.web.forms import ErrorSummaryMixin

from . import inventory, scoring


class RadioQuestions(ErrorSummaryMixin, forms.Form):
    """Radio questions rendered one fieldset each by templates/selfcheck/question.html."""

    def questions(self):
        """Bound fields with their number (1-based) for the template."""
        return [(number, self[name]) for number, name in enumerate(self.fields, start=1)]


class MoodForm(RadioQuestions):
    """The PHQ-9: nine scored questions and the unscored difficulty question."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(value), label) for value, label in scoring.PHQ9_CHOICES]
        for number, text in enumerate(scoring.PHQ9_ITEMS, start=1):
            self.fields[f"q{number}"] = forms.TypedChoiceField(
                label=text,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose an answer for question {number}.",
                    "invalid_choice": f"Choose one of the four answers for question {number}.",
                },
            )
        self.fields["difficulty"] = forms.ChoiceField(
            label=scoring.DIFFICULTY_QUESTION,
            choices=scoring.DIFFICULTY_CHOICES,
            required=False,
            widget=forms.RadioSelect,
            help_text="You can leave this one out. It is not part of the score.",
            error_messages={
                "invalid_choice": "Choose one of the four answers for the last question, "
                "or leave it out."
            },
        )

    def answers(self) -> list[int]:
        return [self.cleaned_data[f"q{n}"] for n in range(1, len(scoring.PHQ9_ITEMS) + 1)]

    def result(self) -> dict:
        """Everything the result page shows, from this one response only."""
        answers = self.answers()
        labels = dict(scoring.PHQ9_CHOICES)
        total = scoring.phq9_total(answers)
        difficulty = self.cleaned_data.get("difficulty") or ""
        return {
            "total": total,
            "maximum": scoring.PHQ9_MAX,
            "band": scoring.phq9_band(total),
            "urgent": scoring.needs_urgent_help(answers),
            "answers": [
                {"number": n, "question": text, "answer": labels[value], "points": value}
                for n, (text, value) in enumerate(
                    zip(scoring.PHQ9_ITEMS, answers, strict=True), start=1
                )
            ],
            "difficulty": dict(scoring.DIFFICULTY_CHOICES).get(difficulty, ""),
        }


class AreasForm(RadioQuestions):
    """Which area fits me? Eight yes / no / not sure questions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(scoring.NAVIGATOR_QUESTIONS, start=1):
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=scoring.NAVIGATOR_CHOICES,
                widget=forms.RadioSelect,
                help_text=question.hint,
                error_messages={
                    "required": f"Choose yes, no or not sure for question {number}.",
                    "invalid_choice": f"Choose yes, no or not sure for question {number}.",
                },
            )

    def suggestions(self) -> list[scoring.Suggestion]:
        return scoring.area_suggestions(self.cleaned_data)


# --- The relationships worksheet --------------------------------------------------------


class NoteField(forms.CharField):
    """Free text whose length counts a line break once, as the browser's maxlength does
    (a form sends each break as CR LF, which would otherwise count twice)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


def _too_long(what: str) -> str:
    # %(limit_value)d and %(show_value)d are filled in by Django's MaxLengthValidator.
    return f"{what} has %(show_value)d characters. Please keep it to %(limit_value)d or fewer."


NOTE_NAMES = {"good": "What is good", "hard": "What is hard", "change": "What to change"}


class PersonForm(forms.Form):
    """One row of the worksheet: a person, how close they feel, what is good and hard."""

    name = forms.CharField(
        label="Name, or a word for them",
        max_length=inventory.NAME_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    circle = forms.ChoiceField(
        label="How close do you feel to them?",
        choices=inventory.CIRCLE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    good = NoteField(
        label="What is good about this relationship?",
        max_length=inventory.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hard = NoteField(
        label="What is hard about it?",
        max_length=inventory.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    change = NoteField(
        label="What would you like to change?",
        max_length=inventory.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, number: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.number = number
        where = f"Person {number}"
        self.fields["name"].error_messages["max_length"] = _too_long(f"{where}: the name")
        self.fields["circle"].error_messages["invalid_choice"] = (
            f"{where}: choose the inner, middle or outer circle."
        )
        for key, what in NOTE_NAMES.items():
            self.fields[key].error_messages["max_length"] = _too_long(f'{where}: "{what}"')

    def clean(self):
        data = super().clean()
        name = data.get("name", "")
        has_notes = any(data.get(key) for key in NOTE_NAMES)
        if not name and (has_notes or data.get("circle")) and "name" not in self.errors:
            self.add_error(
                "name",
                f"Person {self.number}: add a name or initials, so you know who this is.",
            )
        if name and not data.get("circle") and "circle" not in self.errors:
            self.add_error(
                "circle",
                f"Person {self.number}: choose how close you feel to {name}.",
            )
        return data

    def person(self) -> inventory.Person | None:
        """The cleaned row as a Person, or None for an empty row."""
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return inventory.Person(
            number=self.number,
            name=data["name"],
            circle=data["circle"],
            good=data.get("good", ""),
            hard=data.get("hard", ""),
            change=data.get("change", ""),
        )


class BasePeopleFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": (
            "The list of people did not arrive whole. Please check it and try again."
        ),
        "too_many_forms": (
            f"You can list up to {inventory.MAX_PEOPLE} people. Only the first "
            f"{inventory.MAX_PEOPLE} are shown below."
        ),
        "too_few_forms": "Add at least one person: a name and how close you feel to them.",
    }

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": index + 1}


PeopleFormSet = forms.formset_factory(
    PersonForm,
    formset=BasePeopleFormSet,
    extra=inventory.MAX_PEOPLE,
    max_num=inventory.MAX_PEOPLE,
    absolute_max=inventory.MAX_PEOPLE,
    validate_max=True,
    min_num=0,
)


class NotesForm(forms.Form):
    notes = NoteField(
        label="Anything else you want to remember to say (optional)",
        help_text="For example, what changed around the time your mood dropped.",
        max_length=inventory.NOTES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _too_long('"Anything else"')},
    )


class Worksheet:
    """The whole worksheet: twelve person rows and a notes box, checked together."""

    prefix = "person"

    def __init__(self, data=None):
        if data is not None:
            data = self._with_row_count(data)
        self.people_forms = PeopleFormSet(data, prefix=self.prefix)
        self.notes_form = NotesForm(data)
        self.is_bound = data is not None

    @classmethod
    def _with_row_count(cls, data):
        """The sheet always has twelve rows, so a hand-made POST without (or with a garbled)
        row count still shows what was typed instead of dropping every row."""
        data = data.copy()
        total = f"{cls.prefix}-TOTAL_FORMS"
        if not str(data.get(total, "")).isdigit():
            data[total] = str(inventory.MAX_PEOPLE)
        data[f"{cls.prefix}-INITIAL_FORMS"] = "0"
        return data

    def is_valid(self) -> bool:
        valid = self.people_forms.is_valid() and self.notes_form.is_valid()
        if valid and not self.people():
            self.people_forms.non_form_errors().append(
                self.people_forms.error_messages["too_few_forms"]
            )
            return False
        return valid

    @property
    def errors(self) -> bool:
        if not self.is_bound:
            return False
        return bool(
            self.people_forms.non_form_errors()
            or any(form.errors for form in self.people_forms)
            or self.notes_form.errors
        )

    def error_links(self) -> list[tuple[str, str]]:
        """(href, message) pairs for the error summary, in the order of the page."""
        links = [("#people", error) for error in self.people_forms.non_form_errors()]
        for form in self.people_forms:
            for name in form.fields:
                suffix = "_0" if name == "circle" else ""
                links.extend((f"#{form[name].auto_id}{suffix}", e) for e in form[name].errors)
        for error in self.notes_form["notes"].errors:
            links.append((f"#{self.notes_form['notes'].auto_id}", error))
        return links

    def rows(self):
        """The person forms, each with whether it sits in the open part of the form."""
        return list(self.people_forms)

    def open_rows(self):
        return self.rows()[: inventory.OPEN_ROWS]

    def more_rows(self):
        return self.rows()[inventory.OPEN_ROWS :]

    def more_rows_used(self) -> bool:
        """Open "Add more people" when any of those rows has something typed or an error."""
        return any(form.has_changed() or form.errors for form in self.more_rows())

    def people(self) -> list[inventory.Person]:
        found = (form.person() for form in self.people_forms if form.cleaned_data)
        return [person for person in found if person is not None]

    @property
    def notes(self) -> str:
        return self.notes_form.cleaned_data.get("notes", "")

    @property
    def management_form(self):
        return self.people_forms.management_form
