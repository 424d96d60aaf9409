from django.conf import settings

from .navigation import menu_for


def navigation(request):
    return {"menu": menu_for(request.user), "embedded_mode": settings.EMBEDDED_MODE}
