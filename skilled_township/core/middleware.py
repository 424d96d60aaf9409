import time

from django.utils.cache import add_never_cache_headers

from . import requestlog
from .context import acting_for_request


class RequestContextMiddleware:
    """For each request: its id (see ``core.requestlog``), the requesting user and address for the audit trail,
    and one log line once it is answered.

    First in ``MIDDLEWARE``, so the line and the ``X-Request-ID`` header cover every answer, a redirect to HTTPS
    or an error page made from an exception included, and the duration is the whole of the app's work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = requestlog.incoming_or_new_id(request)
        request.request_id = request_id
        token = requestlog.set_request_id(request_id)
        try:
            with acting_for_request(request):
                response = self.get_response(request)
            response["X-Request-ID"] = request_id
            requestlog.log_request(request, response, (time.perf_counter() - started) * 1000, request_id)
            return response
        finally:
            requestlog.reset_request_id(token)


class NoStoreForSignedInMiddleware:
    """Nothing answered to a signed-in user is kept by a browser or a proxy cache: pages, exports, downloads
    and API answers carry personal data (names, ID numbers, mobiles), and a shared or borrowed computer must not
    show them again from its cache or history. Static files are served before this (WhiteNoise) and public
    pages are answered to nobody in particular, so they stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read after the view: the API authenticates its user (by token, say) only inside it.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
