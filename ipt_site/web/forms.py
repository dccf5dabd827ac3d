"""What every public form shares: the links of its error summary."""

from django import forms

# Widgets drawn as a group of inputs: a link goes to the first of them.
GROUPED = (forms.RadioSelect, forms.CheckboxSelectMultiple)


class ErrorSummaryMixin:
    """(href, message) pairs for the error summary at the top of the page
    (templates/includes/error_summary.html): the form's own errors first, then each
    field's, in the order the page shows them, each linking to its field."""

    def error_links(self) -> list[tuple[str | None, str]]:
        links = [(None, error) for error in self.non_field_errors()]
        for bound in self:
            if bound.is_hidden:
                links += [(None, error) for error in bound.errors]
                continue
            target = bound.auto_id
            if isinstance(bound.field.widget, GROUPED):
                target = f"{bound.auto_id}_0"
            links += [(f"#{target}", error) for error in bound.errors]
        return links


def honeypot_field() -> forms.CharField:
    """A field people never see (templates/includes/honeypot.html puts it off-screen and
    out of the tab order): only a bot fills it in. Declare it as `website`."""
    return forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class HoneypotMixin:
    """For a form that declares `website = honeypot_field()`."""

    @property
    def honeypot_filled(self) -> bool:
        if not self.is_bound:
            return False
        return bool(self.data.get(self.add_prefix("website"), "").strip())
