"""The Redis cache, tolerant of a Redis that is down: pages keep being served.

Django's ``RedisCache`` raises when Redis does not answer, so a stopped Redis would turn every page that touches
the cache into a 500. ``TolerantRedisCache`` treats a connection error or a time-out as a miss: a read finds
nothing, a write stores nothing, ``add`` and ``delete`` report that nothing changed, ``incr`` says the key is
missing. The first error (and then one every minute while Redis stays down) is logged as a warning. Short socket
time-outs (settings: ``CACHES["default"]["OPTIONS"]``) keep a Redis that hangs from holding a page for long.

What this costs while Redis is down: the counters of ``core.ratelimit`` (the public doors without sign-in) start
again from nothing, so those doors are not throttled; the sign-in lock-out counts in the database and holds.
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (ConnectionError, TimeoutError)
WARN_EVERY = 60.0


def _tolerant(fallback=None, *, raise_missing: bool = False):
    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                self._warn(method.__name__, error)
                if raise_missing:
                    key = kwargs.get("key", args[0] if args else "")
                    raise ValueError(f"Key {key!r} not found (the cache is unavailable).") from error
                if callable(fallback):
                    return fallback(*args, **kwargs)
                return fallback

        return call

    return wrap


class TolerantRedisCache(RedisCache):
    _last_warning = 0.0

    def _warn(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_warning >= WARN_EVERY:
            TolerantRedisCache._last_warning = now
            logger.warning("The cache is unavailable (%s: %s); carrying on without it.", operation, error)

    @_tolerant(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_tolerant(False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_tolerant(None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_tolerant(False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_tolerant(False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_tolerant(lambda keys, version=None: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_tolerant(False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_tolerant(raise_missing=True)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_tolerant(lambda data, timeout=None, version=None: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_tolerant(None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_tolerant(False)
    def clear(self):
        return super().clear()
