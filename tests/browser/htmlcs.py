"""HTML_CodeSniffer, the engine pa11y runs: WCAG 2 AA errors, a second opinion beside axe.

The two engines test different things (HTML_CodeSniffer reads labels, titles and headings
its own way), so a page passes only when both find nothing. vendor/HTMLCS.js is the
published build of html_codesniffer 2.5.1 (BSD licence beside it), kept here so the tests
need no Node and no network.
"""

from pathlib import Path

SOURCE = (Path(__file__).parent / "vendor" / "HTMLCS.js").read_text(encoding="utf-8")

# Type 1 is an error; warnings and notices ask a person to look, as pa11y leaves them out.
# H32.2 ("no submit button") is left out for a form with nothing to fill in or press:
# Django's change list wraps its table in a form even when it has no actions.
RUN = """() => new Promise(done => HTMLCS.process("WCAG2AA", document, () => done(
    HTMLCS.getMessages().filter(m => m.type === 1).filter(m => !(
        m.code.endsWith(".H32.2") && !m.element.querySelector(
            "input:not([type=hidden]), select, textarea, button")
    )).map(m => ({
        code: m.code.split(".").slice(-2).join("."),
        msg: m.msg,
        element: m.element.outerHTML.slice(0, 160),
    }))
)))"""


def errors(page) -> list[str]:
    """One readable line per error; empty when the page passes."""
    if not page.evaluate("() => typeof HTMLCS !== 'undefined'"):
        # Evaluated, not added as a script tag: the site's CSP rightly refuses inline scripts.
        page.evaluate(SOURCE)
    return [f"htmlcs {e['code']}: {e['msg']} {e['element']}" for e in page.evaluate(RUN)]
