from django.db import models


class DataVersion(models.Model):
    """One row whose counter goes up in the same transaction as any change to the data that
    public pages show (therapists, lookups).

    App processes that share a cache (Redis) agree on the data version through the cache;
    processes with their own local-memory cache read this row instead (at most once per
    re-check interval), so a change saved by one gunicorn worker reaches the others.
    """

    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "page cache data version"

    def __str__(self):
        return f"data version {self.counter}"
