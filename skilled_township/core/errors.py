"""The page of an unexpected error (``handler500``), with the request's id for the user to quote."""

from __future__ import annotations

import logging

from django.http import HttpResponseServerError
from django.template import loader
from django.utils.html import escape
from django.views.decorators.csrf import requires_csrf_token

from .requestlog import current_request_id

log = logging.getLogger(__name__)

#: What is answered when even the error page cannot be rendered (a missing static file in the manifest, say).
FALLBACK = (
    '<!DOCTYPE html><html lang="zh-hans"><head><meta charset="utf-8"><title>500 · 技能型乡镇政府</title></head>'
    "<body><h1>500</h1><p>系统出现错误，已记录。请稍后再试。</p>"
    "<p>Something went wrong on our side; it has been logged. Please try again later.</p>"
    "<p>请求编号 / Request ID: <code>{request_id}</code></p></body></html>"
)


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    """Django's ``server_error`` with the request id in the page. Rendered without the request's context
    processors (they may need the database that has just failed)."""
    request_id = getattr(request, "request_id", None) or current_request_id() or "-"
    try:
        body = loader.get_template(template_name).render({"request_id": request_id})
    except Exception:
        log.exception("The error page %s could not be rendered", template_name)
        body = FALLBACK.format(request_id=escape(request_id))
    return HttpResponseServerError(body)
