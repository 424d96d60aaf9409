import time

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

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


class JobServiceUnavailableMiddleware:
    """A job that could not be handed to the job service because it is down (``services.JobServiceUnavailable``)
    is answered, instead of with a 500, by the job's own page with the message (it shows the job waiting), else
    the page the user came from (the home page when there is no same-site referrer); under ``/api/`` by a 503
    with the message in JSON. The job itself stays registered and starts once the service is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from .api_errors import API_PREFIX
        from .services import JobServiceUnavailable

        if not isinstance(exception, JobServiceUnavailable):
            return None
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": str(exception)}, status=503, headers={"Retry-After": "60"})
        messages.warning(request, str(exception))
        if exception.next_url:
            return HttpResponseRedirect(exception.next_url)
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("home")
        return HttpResponseRedirect(back)


class RefuseNulCharactersMiddleware:
    """A NUL character (``%00``) in the address or its query string is refused with a 400 that says so, instead
    of reaching a look-up or a search and failing in PostgreSQL, which cannot store or compare it (a 500).

    Forms refuse NUL in what they are sent on their own (Django's ``CharField``, field by field, with the form
    shown again); this covers what views read from the address outside a form: search boxes, filters, tokens in
    the path. Under ``/api/`` the refusal is JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or any(
            "\x00" in name or any("\x00" in value for value in values) for name, values in request.GET.lists()
        ):
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        from .api_errors import API_PREFIX

        message = _("请求中含有空字符（NUL），无法处理。请删除后重试。")
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "core/refused_request.html", {"message": message}, status=400)
