"""A Redis cache for one pytest-xdist worker among several sharing one Redis database.

Django's `RedisCache.clear()` empties the whole database, so a worker that starts a test
with a clean cache would empty the cache of the test another worker is running. Each
worker has its own KEY_PREFIX (tests/settings.py), and here `clear()` deletes only the
keys under it. Everything else is the site's Redis cache (ipt_site/web/cache.py), talking
to the real server.
"""

from ipt_site.web.cache import ResilientRedisCache


class WorkerRedisCache(ResilientRedisCache):
    def clear(self):
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
        return True
