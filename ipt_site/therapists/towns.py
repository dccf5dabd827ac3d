"""Nearby towns for the directory's "Town or area" filter, from a list shipped with the site.

`data/uk_towns.csv` holds about a hundred UK cities and large towns with their
coordinates (to two decimal places, about a kilometre). Someone who types one of them also
finds therapists in the listed towns within NEARBY_MILES of it ("Leeds" finds Bradford);
any other text is matched as typed, and the page says so. No outside service is asked.
Staff add a town by adding a line to the file (a deploy).
"""

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TOWNS_FILE = Path(__file__).with_name("data") / "uk_towns.csv"
NEARBY_MILES = 25
EARTH_RADIUS_MILES = 3958.8


@dataclass(frozen=True)
class Town:
    name: str
    latitude: float
    longitude: float

    def miles_to(self, other: "Town") -> float:
        """Great-circle distance (haversine)."""
        lat1, lat2 = math.radians(self.latitude), math.radians(other.latitude)
        dlat = lat2 - lat1
        dlon = math.radians(other.longitude - self.longitude)
        a = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
        return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


@cache
def towns() -> dict[str, Town]:
    """Every town in the file, by its name in lower case."""
    with TOWNS_FILE.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return {
        row["town"].casefold(): Town(row["town"], float(row["latitude"]), float(row["longitude"]))
        for row in rows
    }


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def find(typed: str) -> Town | None:
    """The listed town someone typed: its name in any case, with hyphens or spaces, or the
    start of a longer name when only one town starts that way ("Newcastle")."""
    key = _key(typed)
    if not key:
        return None
    by_key = {_key(name): town for name, town in towns().items()}
    if key in by_key:
        return by_key[key]
    starting = [town for name, town in by_key.items() if name.startswith(key + " ")]
    return starting[0] if len(starting) == 1 else None


def nearby(town: Town, miles: float = NEARBY_MILES) -> list[Town]:
    """Other listed towns within `miles`, nearest first."""
    others = [(town.miles_to(other), other.name, other) for other in towns().values()]
    return [other for distance, _, other in sorted(others) if 0 < distance <= miles]


def whole_word_pattern(name: str) -> str:
    """A regular expression for the town name as a whole word ("Bury" but not
    "Canterbury"), in the syntax both SQLite's (Python's) and PostgreSQL's regex share."""
    escaped = re.sub(r"([^\w ])", r"\\\1", name)
    return rf"(^|[^a-z]){escaped}([^a-z]|$)"
