"""Is what a visitor typed a phone number someone could call? UK or international.

No number lookup and no library of numbering plans: only the shape. A UK number starts
with 0 and has 10 or 11 digits ("07700 900123", "020 7946 0000"); a number abroad starts
with + (or 00) and its country code, 8 to 15 digits in all (the longest E.164 allows);
"+44" numbers are held to the UK's length, with or without the "(0)". Spaces, hyphens,
dots and brackets are fine; letters are not. What was typed is kept as typed (tidied).
"""

import re

from django.core.exceptions import ValidationError

UK_EXAMPLE = "07700 900123"
ABROAD_EXAMPLE = "+33 1 23 45 67 89"
_ALLOWED = re.compile(r"[0-9 ()+.\-]+")
_UK_ZERO = re.compile(r"^\+?\s*44\s*\(0\)")  # "+44 (0)20 ...": the 0 is not dialled


def validate_phone(value: str) -> None:
    """Raise ValidationError, saying how to write one, unless `value` is a callable number."""
    text = " ".join(value.split())
    if not text:
        return
    if not _ALLOWED.fullmatch(text):
        raise ValidationError(
            f"Enter a phone number using numbers only, for example {UK_EXAMPLE}.",
            code="phone_letters",
        )
    if "+" in text and not text.startswith("+"):
        raise ValidationError(
            "Put the + only at the start, before the country code, for example +44 7700 900123.",
            code="phone_plus",
        )
    digits = re.sub(r"\D", "", _UK_ZERO.sub("+44", text))
    if text.startswith("00"):
        text, digits = "+" + text[2:], digits[2:]
    if text.startswith("+"):
        # Country code 44, then the UK number without its 0 (9 or 10 digits).
        shortest, longest = (11, 12) if digits.startswith("44") else (8, 15)
    elif digits.startswith("0"):
        shortest, longest = 10, 11
    else:
        raise ValidationError(
            f"Start a UK number with 0, for example {UK_EXAMPLE}, or a number abroad with + "
            f"and the country code, for example {ABROAD_EXAMPLE}.",
            code="phone_start",
        )
    if not shortest <= len(digits) <= longest:
        raise ValidationError(
            f"That number has too {'few' if len(digits) < shortest else 'many'} digits. Check "
            f"it, and write it like {UK_EXAMPLE} (or {ABROAD_EXAMPLE} for a number abroad).",
            code="phone_length",
        )
