"""The request id and the one log line per request.

Every request gets an id: the one the reverse proxy sent (``X-Request-ID``, when it looks like an id) or a new
one. It is answered back in the ``X-Request-ID`` header, printed on the error page (a user quotes it when
calling the help desk) and added to every log record written while the request is served, so the request line,
the error and its traceback can be found together in the log.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

#: An incoming id is taken as is only when it is short and made of plain characters (nginx's $request_id is 32
#: hex digits); anything else (too long, spaces, control characters) would let a client write into the log.
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_current_id: ContextVar[str | None] = ContextVar("request_id", default=None)

access_log = logging.getLogger("skilled_township.requests")


def incoming_or_new_id(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "").strip()
    if _SANE_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being served in this thread, or ``None`` outside a request."""
    return _current_id.get()


def set_request_id(request_id: str | None):
    return _current_id.set(request_id)


def reset_request_id(token) -> None:
    _current_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request), for the log format to print."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


def log_request(request, response, duration_ms: float, request_id: str) -> None:
    """One line: method, path (without its query string, which may carry a name or an ID number searched for),
    status, duration and the signed-in user's id (or ``-``); the log format adds the request id."""
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else "-"
    access_log.info(
        "%s %s %s %.1fms user=%s",
        request.method,
        request.path,
        response.status_code,
        duration_ms,
        user_id,
        extra={
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": user_id,
        },
    )
