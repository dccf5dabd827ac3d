"""[[name]] placeholders in content, filled from settings and data when a page is shown.

Practice details and periods (the reply time, how long enquiries are kept) belong to
settings, so the privacy page and the settings can never disagree. Help lines (crisis
routes and signposted services) are rows staff edit in the admin (ipt_site.helplines):
a page names them, it never types their numbers (checks.crisis_number_problems).
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape

from ipt_site.contact.replytime import reply_time
from ipt_site.helplines import selectors as helplines
from ipt_site.helplines.templatetags.helpline_tags import number_link

PLACEHOLDER = re.compile(r"\[\[\s*([a-z_]+)\s*\]\]")
# A placeholder alone in its paragraph can stand for a block the page's view renders,
# such as the problem-area cards on the home page.
BLOCK = re.compile(r"<p>\s*\[\[\s*([a-z_]+)\s*\]\]\s*</p>")
BLOCK_NAMES = ("problem_area_cards",)
# [[urgent_help]] alone in its paragraph: the graded crisis routes, as in the panel.
URGENT_HELP_BLOCK = "urgent_help"
# [[signpost_cruse]] names a help line: its name, website, number, hours and where it
# serves. [[number_samaritans]] is the number alone, as a link, for a sentence.
SIGNPOST_PREFIX = "signpost_"
NUMBER_PREFIX = "number_"


def values() -> dict[str, str]:
    return {
        "practice_name": settings.PRACTICE_NAME,
        "practice_email": settings.PRACTICE_EMAIL,
        "practice_phone": settings.PRACTICE_PHONE,
        "practice_address": settings.PRACTICE_ADDRESS,
        "reply_time": reply_time(),
        "enquiry_retention_days": str(settings.ENQUIRY_RETENTION_DAYS),
        "enquiry_max_age_days": str(settings.ENQUIRY_MAX_AGE_DAYS),
        "intro_call_retention_days": str(settings.INTRO_CALL_RETENTION_DAYS),
        "waiting_list_days": str(settings.WAITING_LIST_DAYS),
    }


def signpost_names() -> list[str]:
    keys = helplines.current().by_key
    return [prefix + key for prefix in (SIGNPOST_PREFIX, NUMBER_PREFIX) for key in keys]


def helpline(name: str) -> str | None:
    """A help line as trusted HTML (the templates escape the rows' values), or None."""
    for prefix, render in ((SIGNPOST_PREFIX, _signpost), (NUMBER_PREFIX, number_link)):
        if name.startswith(prefix):
            line = helplines.current().by_key.get(name.removeprefix(prefix))
            return render(line) if line is not None else None
    return None


def _signpost(line) -> str:
    return render_to_string("includes/signpost.html", {"line": line}).strip()


def urgent_help_block() -> str:
    return render_to_string(
        "includes/helplines.html", {"urgent_help": helplines.current(), "inline": True}
    ).strip()


def fill(html: str, blocks: dict[str, str] | None = None) -> str:
    """Fill [[name]] from settings and help lines; `blocks` holds ready-made, trusted HTML
    by name."""
    if "[[" not in html:
        return html
    blocks = blocks or {}

    def block(match):
        if match[1] == URGENT_HELP_BLOCK:
            return urgent_help_block()
        return blocks.get(match[1], match[0])

    html = BLOCK.sub(block, html)
    known = values()

    def replace(match):
        name = match[1]
        if name in known:
            return escape(known[name])
        return helpline(name) or match[0]

    return PLACEHOLDER.sub(replace, html)


def known_names() -> list[str]:
    return [*values(), *BLOCK_NAMES, URGENT_HELP_BLOCK, *signpost_names()]


def unknown(html: str) -> list[str]:
    known = set(known_names())
    found = {name for name in PLACEHOLDER.findall(html) if name not in known}
    if not helplines.current().from_rows:
        # Without the rows (no database yet) a help line's name cannot be judged: trust it.
        found = {name for name in found if not name.startswith((SIGNPOST_PREFIX, NUMBER_PREFIX))}
    return sorted(found)
