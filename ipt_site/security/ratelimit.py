"""A fixed-window counter per key, kept in the database.

`hit()` counts and returns the new count in one transaction, using only UPDATE and
INSERT statements (no read-then-write), so two processes hitting the same key at the
same moment both count: PostgreSQL locks the row for the second UPDATE, SQLite takes its
write lock at the first statement.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateCounter


def count(key: str, now=None) -> int:
    """Hits for `key` in its current window (0 when none or expired)."""
    now = now or timezone.now()
    row = RateCounter.objects.filter(key=key, expires_at__gt=now).values_list("count", flat=True)
    return row.first() or 0


def hit(key: str, window_seconds: int, now=None) -> int:
    """Count one hit for `key`; returns the count in the current window, this hit included."""
    now = now or timezone.now()
    expires_at = now + timedelta(seconds=window_seconds)
    counters = RateCounter.objects.filter(key=key)
    for _attempt in range(3):
        with transaction.atomic():
            if counters.filter(expires_at__gt=now).update(count=F("count") + 1):
                return counters.values_list("count", flat=True).get()
            # No live window: restart an expired one, or create the row.
            if counters.filter(expires_at__lte=now).update(count=1, expires_at=expires_at):
                return 1
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, count=1, expires_at=expires_at)
            except IntegrityError:
                continue  # another process created it first: count on its row
            purge(now)
            return 1
    raise RuntimeError(f"Could not count a hit for {key!r}")  # pragma: no cover


def purge(now=None) -> int:
    """Delete counters whose window has ended; returns how many."""
    deleted, _ = RateCounter.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
