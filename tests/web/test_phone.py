"""Phone numbers a visitor types: plausible UK or international numbers, or a clear way to
write one."""

import pytest
from django.core.exceptions import ValidationError

from ipt_site.web.phone import validate_phone

CALLABLE = [
    "07700 900123",
    "07700900123",
    "020 7946 0000",
    "(01632) 960 123",
    "0800 111 999",
    "+44 7700 900123",
    "+44 (0)20 7946 0000",
    "0044 20 7946 0000",
    "+33 1 23 45 67 89",
    "+1 (415) 555-0100",
    "+353.1.234.5678",
    "",
]


@pytest.mark.parametrize("number", CALLABLE)
def test_numbers_people_write_are_accepted(number):
    validate_phone(number)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("call me maybe", "using numbers only, for example 07700 900123"),
        ("0770 O90 0123", "using numbers only"),  # a letter O
        ("12345", "Start a UK number with 0"),
        ("7700 900123", "Start a UK number with 0"),
        ("07700 9001", "too few digits"),
        ("077009001234567", "too many digits"),
        ("+44 7700 9001", "too few digits"),
        ("+44 7700 900123 99", "too many digits"),
        ("+1", "too few digits"),
        ("+1234567890123456", "too many digits"),
        ("07700+900123", "Put the + only at the start"),
    ],
)
def test_other_text_is_refused_with_how_to_write_a_number(typed, says):
    with pytest.raises(ValidationError) as caught:
        validate_phone(typed)
    assert says in caught.value.messages[0]
