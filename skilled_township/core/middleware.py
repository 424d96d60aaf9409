from .context import Actor, _current, client_ip


class RequestContextMiddleware:
    """Make the requesting user and address available to the audit trail for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        token = _current.set(Actor(user=user, ip=client_ip(request), source="web"))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
