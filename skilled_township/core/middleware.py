from django.utils.cache import add_never_cache_headers

from .context import acting_for_request


class RequestContextMiddleware:
    """Make the requesting user and address available to the audit trail for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_for_request(request):
            return self.get_response(request)


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
