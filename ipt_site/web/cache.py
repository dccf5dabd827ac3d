"""Django's Redis cache, made so that a stopped or hung Redis can never fail a page.

The site uses its cache only to go faster (stored pages, built PDFs): what a page shows is
versioned by counters in the database, never in the cache. So when Redis cannot answer,
a read is a miss and a write is skipped, and the page renders uncached.

Two things bound how long a visitor waits on a Redis that is down or hung:

- socket timeouts (`IPT_CACHE_TIMEOUT`, for connecting and for each answer), set on the
  connection pool in settings, so no call waits longer than that;
- a per-process circuit breaker: after a failure, this process leaves the cache alone for
  `IPT_CACHE_RETRY_SECONDS`, then lets one call try again. A page therefore waits at most
  one timeout, not one per cache call, and most pages during an outage wait not at all.

Counters (`incr`, `decr`) and `clear()` have no harmless fallback and still raise; the
site does not count in the cache (the rate limits count in the database).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Errors that mean "the server did not answer": redis-py's own, and a socket's.
UNAVAILABLE = (RedisError, OSError)

# Per process, shared by every thread's cache object for the same server:
# {location: monotonic time until which calls skip the server}.
_skip_until: dict[str, float] = {}
_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """A read that fails is a miss; a write that fails is skipped; both open the breaker."""

    def _may_try(self) -> bool:
        until = _skip_until.get(self._server_key)
        if until is None:
            return True
        now = time.monotonic()
        if now < until:
            return False
        with _lock:
            # One call tries the server again; the others keep skipping while it does.
            if _skip_until.get(self._server_key) != until:
                return False
            _skip_until[self._server_key] = now + settings.CACHE_RETRY_SECONDS
        return True

    @property
    def _server_key(self) -> str:
        return repr(self._servers)

    def _attempt(self, call, fallback):
        if not self._may_try():
            return fallback
        try:
            result = call()
        except UNAVAILABLE as error:
            with _lock:
                first = self._server_key not in _skip_until
                _skip_until[self._server_key] = time.monotonic() + settings.CACHE_RETRY_SECONDS
            if first:
                logger.warning(
                    "Cache server unavailable (%s: %s): pages render uncached; trying again "
                    "every %s s",
                    type(error).__name__,
                    error,
                    settings.CACHE_RETRY_SECONDS,
                )
            return fallback
        if self._server_key in _skip_until:
            with _lock:
                if _skip_until.pop(self._server_key, None) is not None:
                    logger.warning("Cache server answering again")
        return result

    def get(self, key, default=None, version=None):
        return self._attempt(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    # A fallback per method: what "the cache had nothing" or "nothing was stored" returns.
    def get_many(self, *args, **kwargs):
        return self._attempt(lambda: super(ResilientRedisCache, self).get_many(*args, **kwargs), {})

    def has_key(self, *args, **kwargs):
        return self._attempt(
            lambda: super(ResilientRedisCache, self).has_key(*args, **kwargs), False
        )

    def add(self, *args, **kwargs):
        return self._attempt(lambda: super(ResilientRedisCache, self).add(*args, **kwargs), False)

    def set(self, *args, **kwargs):
        return self._attempt(lambda: super(ResilientRedisCache, self).set(*args, **kwargs), None)

    def set_many(self, data, *args, **kwargs):
        return self._attempt(
            lambda: super(ResilientRedisCache, self).set_many(data, *args, **kwargs), list(data)
        )

    def touch(self, *args, **kwargs):
        return self._attempt(lambda: super(ResilientRedisCache, self).touch(*args, **kwargs), False)

    def delete(self, *args, **kwargs):
        return self._attempt(
            lambda: super(ResilientRedisCache, self).delete(*args, **kwargs), False
        )

    def delete_many(self, *args, **kwargs):
        return self._attempt(
            lambda: super(ResilientRedisCache, self).delete_many(*args, **kwargs), None
        )
