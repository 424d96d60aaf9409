from django.conf import settings

from .navigation import current_item, menu_for


def navigation(request):
    menu = menu_for(request.user)
    current = current_item(menu, request.path)
    return {
        "menu": menu,
        "menu_current": current,
        "menu_current_group": current.group if current else None,
        "embedded_mode": settings.EMBEDDED_MODE,
    }
