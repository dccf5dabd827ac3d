"""One error summary for every public form: the same markup, each message linking to its
field (issue 22: it was built five times)."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.loader import render_to_string

from ipt_site.web.forms import ErrorSummaryMixin


class Sample(ErrorSummaryMixin, forms.Form):
    name = forms.CharField()
    how = forms.ChoiceField(
        choices=[("phone", "Phone"), ("video", "Video")], widget=forms.RadioSelect
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Something about the whole form.")


def test_links_go_to_each_field_in_page_order_the_first_radio_and_none_for_hidden():
    form = Sample(data={})
    assert form.error_links() == [
        (None, "Something about the whole form."),
        ("#id_name", "This field is required."),
        ("#id_how_0", "This field is required."),
        (None, "This field is required."),  # hidden: nothing to move focus to
    ]


def test_the_summary_is_one_template_with_a_heading_that_can_change():
    form = Sample(data={})
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert 'role="alert"' in html and "There is a problem" in html
    assert '<a href="#id_how_0">This field is required.</a>' in html
    assert "<li>Something about the whole form.</li>" in html
    gentle = render_to_string("includes/error_summary.html", {"form": form, "heading": "Nearly"})
    assert "Nearly" in gentle and "There is a problem" not in gentle


def test_no_public_template_builds_its_own_summary():
    templates = Path(settings.BASE_DIR) / "templates"
    own = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if 'class="error-summary"' in path.read_text()
    ]
    assert own == ["includes/error_summary.html"]
