"""The two self-checks as Django forms: radio questions, kind error messages, no storage."""

from django import forms

from . import scoring


class RadioQuestions(forms.Form):
    """Radio questions rendered one fieldset each by templates/selfcheck/question.html."""

    def error_links(self):
        """(href, message) pairs for the error summary; each links to the first radio."""
        return [
            (f"#{self[name].auto_id}_0", error)
            for name in self.fields
            for error in self[name].errors
        ]

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
