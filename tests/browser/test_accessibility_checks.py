"""The accessibility check every browser test uses (axe.violations: axe-core, then
HTML_CodeSniffer) finds what it should: each engine's failures show, and the one exemption
(a form with nothing in it to fill in or press) stays that narrow."""

import pytest

from .axe import violations

pytestmark = pytest.mark.browser

FIELDSET_WITHOUT_LEGEND = """<!doctype html><html lang="en"><head><title>Test</title></head>
<body><main><h1>Test</h1><form method="post" action="/">
<fieldset><h2>About you</h2><label for="name">Name</label><input id="name" name="name">
</fieldset><button>Send</button></form></main></body></html>"""


def test_html_codesniffer_reports_a_fieldset_with_no_legend_that_axe_lets_pass(page):
    page.set_content(FIELDSET_WITHOUT_LEGEND)
    found = violations(page)
    assert found, "a fieldset whose heading is not its legend has no name for a screen reader"
    assert all(line.startswith("htmlcs ") for line in found)  # axe passes it
    assert any("H71.NoLegend" in line for line in found)


def test_a_heading_inside_the_legend_passes_both_engines(page):
    page.set_content(
        FIELDSET_WITHOUT_LEGEND.replace("<h2>About you</h2>", "<legend><h2>About you</h2></legend>")
    )
    assert violations(page) == []


def test_axe_failures_are_reported_too(page):
    page.set_content(FIELDSET_WITHOUT_LEGEND.replace('lang="en"', ""))
    assert any(line.startswith("html-has-lang") for line in violations(page))


def test_a_form_with_nothing_to_fill_in_needs_no_submit_button_but_one_with_a_field_does(page):
    empty = """<!doctype html><html lang="en"><head><title>Test</title></head><body><main>
    <h1>Test</h1><form method="post"><input type="hidden" name="t" value="1">
    <table><tr><th scope="col">Page</th></tr><tr><td>Grief</td></tr></table></form>
    </main></body></html>"""
    page.set_content(empty)
    assert violations(page) == []
    field = '<label for="q">Page</label><input id="q" name="q">'
    page.set_content(empty.replace('<input type="hidden" name="t" value="1">', field))
    assert any("H32.2" in line for line in violations(page))
