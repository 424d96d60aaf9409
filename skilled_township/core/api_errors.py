"""The API answers every error in JSON, never with an HTML page.

DRF's own errors already are JSON: ``exception_handler`` only makes sure the body is an object (``{"detail":
...}``, or the fields at fault for a 400). Errors Django answers before or around a view — an unknown address,
a refused CSRF token, a body too large, an unexpected exception — render the site's HTML error pages;
``JsonErrorsMiddleware`` answers them under ``/api/`` as ``{"detail": ...}`` with the same status, in the
request's language, and without anything of the exception that caused them (which is logged as before); it
also answers in JSON a DRF error negotiated to another format (the schema's YAML). DRF's browsable page is
left to a client that asks for HTML.
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def exception_handler(exc, context):
    """DRF's handler, with every error body a JSON object: a bare list of messages becomes ``{"detail": [...]}``.
    Unexpected exceptions still propagate, to be logged and answered by ``JsonErrorsMiddleware``."""
    response = drf_exception_handler(exc, context)
    if response is not None and not isinstance(response.data, dict):
        response.data = {"detail": response.data}
    return response


def error_detail(status: int) -> str:
    messages = {
        400: _("请求无效。"),
        401: _("请先登录。"),
        403: _("您无权执行此操作，或请求未通过 CSRF 校验。"),
        404: _("接口不存在，或记录不在您的管辖范围内。"),
        405: _("此地址不支持该请求方法。"),
        413: _("请求内容过大。"),
        500: _("系统出现错误，已记录。请稍后再试。"),
    }
    if status in messages:
        return messages[status]
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return _("请求未能完成（%(status)s %(phrase)s）。") % {"status": status, "phrase": phrase}


class JsonErrorsMiddleware:
    """An error page under ``/api/`` that is not already JSON is answered as ``{"detail": ...}`` instead.

    Placed near the top of ``MIDDLEWARE``, so it sees the responses Django makes from exceptions anywhere below
    (its 400, 403, 404 and 500 handlers, the CSRF failure view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path_info.startswith(API_PREFIX)
            and not response.get("Content-Type", "").startswith("application/json")
            and not self.browsable(response)
        ):
            if isinstance(response, Response) and isinstance(response.data, dict):
                body = response.data  # e.g. the schema's 405, negotiated as YAML
            else:
                with translation.override(getattr(request, "LANGUAGE_CODE", None)):
                    body = {"detail": error_detail(response.status_code)}
            answer = JsonResponse(body, status=response.status_code)
            for header, value in response.items():  # Allow, Retry-After, the security headers...
                if header.lower() not in ("content-type", "content-length"):
                    answer[header] = value
            answer.cookies = response.cookies
            return answer
        return response

    @staticmethod
    def browsable(response) -> bool:
        """DRF's browsable page, which a client gets only by asking for HTML."""
        return (
            isinstance(response, Response)
            and getattr(response, "accepted_renderer", None) is not None
            and (response.accepted_renderer.format == "api")
        )
