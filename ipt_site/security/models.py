"""Rate-limit counters in the database, so every worker and server counts together,
whatever the cache is (a per-process local-memory cache would let each worker count
alone)."""

from django.db import models


class RateCounter(models.Model):
    """Hits for one key (a scope and a keyed hash of the client) in its current window.

    The window starts at the first hit and ends at `expires_at`; a hit after that starts
    a new window. Expired rows are deleted whenever a new counter row is created.
    """

    key = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count} until {self.expires_at:%Y-%m-%d %H:%M}"
