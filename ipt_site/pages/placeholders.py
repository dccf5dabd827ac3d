"""[[name]] placeholders in content, filled from settings when a page is shown.

Practice details and periods (the reply time, how long enquiries are kept) belong to
settings, so the privacy page and the settings can never disagree.
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape

from ipt_site.contact.replytime import reply_time

PLACEHOLDER = re.compile(r"\[\[\s*([a-z_]+)\s*\]\]")
# A placeholder alone in its paragraph can stand for a block the page's view renders,
# such as the problem-area cards on the home page.
BLOCK = re.compile(r"<p>\s*\[\[\s*([a-z_]+)\s*\]\]\s*</p>")
BLOCK_NAMES = ("problem_area_cards",)
# [[signpost_cruse]] names a service from settings.SIGNPOSTS: its name, website and number.
SIGNPOST_PREFIX = "signpost_"


def values() -> dict[str, str]:
    return {
        "practice_name": settings.PRACTICE_NAME,
        "practice_email": settings.PRACTICE_EMAIL,
        "practice_phone": settings.PRACTICE_PHONE,
        "practice_address": settings.PRACTICE_ADDRESS,
        "reply_time": reply_time(),
        "enquiry_retention_days": str(settings.ENQUIRY_RETENTION_DAYS),
        "enquiry_max_age_days": str(settings.ENQUIRY_MAX_AGE_DAYS),
    }


def signpost_names() -> list[str]:
    return [SIGNPOST_PREFIX + key for key in settings.SIGNPOSTS]


def signpost(name: str) -> str | None:
    """A signposted service as trusted HTML (the template escapes the settings' values)."""
    service = settings.SIGNPOSTS.get(name.removeprefix(SIGNPOST_PREFIX))
    if not name.startswith(SIGNPOST_PREFIX) or service is None:
        return None
    return render_to_string("includes/signpost.html", {"service": service}).strip()


def fill(html: str, blocks: dict[str, str] | None = None) -> str:
    """Fill [[name]] from settings; `blocks` holds ready-made, trusted HTML by name."""
    if "[[" not in html:
        return html
    blocks = blocks or {}
    html = BLOCK.sub(lambda m: blocks.get(m[1], m[0]), html)
    known = values()

    def replace(match):
        name = match[1]
        if name in known:
            return escape(known[name])
        return signpost(name) or match[0]

    return PLACEHOLDER.sub(replace, html)


def known_names() -> list[str]:
    return [*values(), *BLOCK_NAMES, *signpost_names()]


def unknown(html: str) -> list[str]:
    known = set(known_names())
    return sorted({name for name in PLACEHOLDER.findall(html) if name not in known})
