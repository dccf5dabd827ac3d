"""[[name]] placeholders in content, filled from settings when a page is shown.

Practice details and periods (the reply time, how long enquiries are kept) belong to
settings, so the privacy page and the settings can never disagree.
"""

import re

from django.conf import settings
from django.utils.html import escape

from ipt_site.contact.replytime import reply_time

PLACEHOLDER = re.compile(r"\[\[\s*([a-z_]+)\s*\]\]")
# A placeholder alone in its paragraph can stand for a block the page's view renders,
# such as the problem-area cards on the home page.
BLOCK = re.compile(r"<p>\s*\[\[\s*([a-z_]+)\s*\]\]\s*</p>")
BLOCK_NAMES = ("problem_area_cards",)


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


def fill(html: str, blocks: dict[str, str] | None = None) -> str:
    """Fill [[name]] from settings; `blocks` holds ready-made, trusted HTML by name."""
    if "[[" not in html:
        return html
    blocks = blocks or {}
    html = BLOCK.sub(lambda m: blocks.get(m[1], m[0]), html)
    known = values()
    return PLACEHOLDER.sub(lambda m: escape(known[m[1]]) if m[1] in known else m[0], html)


def unknown(html: str) -> list[str]:
    known = set(values()) | set(BLOCK_NAMES)
    return sorted({name for name in PLACEHOLDER.findall(html) if name not in known})
