"""What tests need to know about the help lines the data migration seeds."""

from ipt_site.helplines import selectors


def panel_numbers() -> list[str]:
    """The number of every line in the urgent-help panel (needs the database)."""
    found = selectors.current()
    assert found.from_rows, "the help lines were not read from the database"
    return [line.number for line in found.lines if line.grade]
