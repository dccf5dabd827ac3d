from django.db import models


class Version(models.Model):
    """A number that goes up whenever what public pages show changes, in the same
    transaction as the change: "content" (the content rows, bumped by `pages.sync`) and
    "data" (therapists and lookups, bumped by model signals).

    Every app process reads both at most once per re-check interval (and at once after its
    own changes), so a change made on one server reaches the others without a shared cache,
    and a cache that is emptied or restored cannot bring an old version back.
    """

    name = models.CharField(max_length=20, primary_key=True)
    value = models.BigIntegerField(default=0)
    changed = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name} version {self.value}"
