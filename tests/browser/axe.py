"""axe-core (bundled by axe-playwright-python, so it works offline) with WCAG 2.2 AA tags,
and HTML_CodeSniffer beside it (htmlcs.py): every accessibility check asks both."""

from axe_playwright_python.sync_playwright import Axe

from . import htmlcs

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def violations(page) -> list[str]:
    """One readable line per violation and element, from axe and then HTML_CodeSniffer;
    empty when the page passes both."""
    # resultTypes: axe still runs every rule but details only the violations, the one
    # list read here (axe's own advice for speed; passes are reduced to one node each).
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            found.append(f"{violation['id']}: {node['target']} {node.get('failureSummary', '')}")
    return found + htmlcs.errors(page)
