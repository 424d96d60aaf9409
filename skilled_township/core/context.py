"""Who is acting and from where, for the audit trail.

Set per request by :class:`~skilled_township.core.middleware.RequestContextMiddleware`; management
commands and Celery tasks set it with :func:`acting_as`.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None
    ip: str | None = None
    source: str = "web"


SYSTEM = Actor(source="system")
_current: ContextVar[Actor | Callable[[], Actor] | None] = ContextVar("current_actor", default=None)


def current_actor() -> Actor:
    actor = _current.get()
    if callable(actor):
        return actor()
    return actor or SYSTEM


@contextlib.contextmanager
def acting_for_request(request) -> Iterator[None]:
    """While a request is served, its user as authenticated when a write happens: a page's session user, or the
    API user whom Django REST framework authenticates only inside the view (by token, say), so that no write
    made while serving a request is left without its author."""
    ip = client_ip(request)

    def actor() -> Actor:
        user = getattr(request, "user", None)
        return Actor(user=user if user is not None and user.is_authenticated else None, ip=ip, source="web")

    token = _current.set(actor)
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def acting_as(user: Any = None, ip: str | None = None, source: str = "system") -> Iterator[Actor]:
    token = _current.set(Actor(user=user, ip=ip, source=source))
    try:
        yield current_actor()
    finally:
        _current.reset(token)


def client_ip(request) -> str | None:
    """The client's address as the outermost trusted proxy saw it.

    With ``TRUSTED_PROXY_COUNT`` = 0 (no proxy) it is ``REMOTE_ADDR``. Behind N proxies that each append the
    address they received a request from to ``X-Forwarded-For``, the N-th value from the right is the one the
    outermost proxy added; anything further left was written by the client and proves nothing (taking the
    left-most let a client pick an address of its own for the lock-out and the audit trail). A header with
    fewer than N values, or a value that is not an address, did not pass through every proxy: ``REMOTE_ADDR``.
    """
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return remote
