"""The response cache: finished anonymous pages, invalidated exactly by version keys.

How a view opts in: README.md in this folder.
"""

from .policy import cacheable, memoised_query, per_data_version, rendered_query, shows_data
from .purge import data_changed

__all__ = [
    "cacheable",
    "data_changed",
    "memoised_query",
    "per_data_version",
    "rendered_query",
    "shows_data",
]
