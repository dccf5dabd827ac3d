"""How content checks join Django's system checks: kept out of the deploy gate.

A content check (a page without references, an unknown field, an article without its
template) is news for the people who write the pages, not a reason to stop a release, and
it reads the database (the pages' rows, the help lines behind `[[signpost_...]]`). So it
is registered under two tags, `content` and `database`, and like every database check it
runs only when a database is named:

- `manage.py check_content` (`make check-content`): for staff, file by file;
- `manage.py check --tag content --database default`: the same findings as system checks
  (`make check` runs it on a throwaway database, so `make test` and CI still fail on them);
- `manage.py check --deploy --fail-level WARNING` (the release step) and a plain
  `manage.py check` never run them, and never touch the database.

Before `migrate` has made the tables there is nothing to check against: the check says
nothing then instead of filling the log with "no such table".
"""

import functools

from django.core import checks
from django.db import DatabaseError, connections

CONTENT = "content"
# Tables a content check reads: the versions (help lines are read per data version), the
# help lines and the pages' rows.
NEEDED_TABLES = ("pagecache_version", "helplines_helpline", "pages_page")


def _migrated(alias: str) -> bool:
    try:
        names = set(connections[alias].introspection.table_names())
    except DatabaseError:
        return False
    return all(name in names for name in NEEDED_TABLES)


def content_check(function):
    """Register `function` as a content check (above); the function itself is unchanged,
    so the editor and tests can still call it directly."""

    @functools.wraps(function)
    def registered(app_configs=None, databases=None, **kwargs):
        if not databases or "default" not in databases or not _migrated("default"):
            return []
        return function(app_configs=app_configs, **kwargs)

    checks.register(registered, CONTENT, checks.Tags.database)
    return function
