"""Who is acting and from where, for the audit trail.

Set per request by :class:`~skilled_township.core.middleware.RequestContextMiddleware`; management
commands and Celery tasks set it with :func:`acting_as`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None
    ip: str | None = None
    source: str = "web"


SYSTEM = Actor(source="system")
_current: ContextVar[Actor | None] = ContextVar("current_actor", default=None)


def current_actor() -> Actor:
    return _current.get() or SYSTEM


@contextlib.contextmanager
def acting_as(user: Any = None, ip: str | None = None, source: str = "system") -> Iterator[Actor]:
    token = _current.set(Actor(user=user, ip=ip, source=source))
    try:
        yield current_actor()
    finally:
        _current.reset(token)


def client_ip(request) -> str | None:
    """The client address; behind a proxy, the first hop it reports when ``TRUST_X_FORWARDED_FOR`` is on."""
    from django.conf import settings

    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")
