"""Counting attempts in a time window, for doors open without sign-in (a shared cache: Redis in production).

``attempt(scope, key, limit=…, window=…)`` counts one attempt and says whether it is still within the limit.
The window is fixed from the first attempt: after ``window`` seconds the count starts again.
``exceeded(scope, key, limit=…)`` says whether more than ``limit`` were counted, without counting one: a door
that counts only failures (an unknown code) stays shut to every attempt once they pass the limit.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _cache_key(scope: str, key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def attempt(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt of ``key`` in ``scope``; ``False`` once more than ``limit`` were made in the window."""
    name = _cache_key(scope, key)
    if cache.add(name, 1, timeout=window):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window)
        return True
    return count <= limit


def exceeded(scope: str, key: str, *, limit: int) -> bool:
    """Whether more than ``limit`` attempts of ``key`` were counted in ``scope`` in the current window."""
    return (cache.get(_cache_key(scope, key)) or 0) > limit


def reset(scope: str, key: str) -> None:
    cache.delete(_cache_key(scope, key))
