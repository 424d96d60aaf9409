from rest_framework.permissions import SAFE_METHODS, BasePermission


class RolePermission(BasePermission):
    """The same role permissions as the pages: ``view_permission`` to read, ``manage_permission`` to write.

    Codes come from ``accounts.roles.PERMISSIONS``. A signed-in user asking for a method the view does not
    offer gets the 405 that follows, not a 403; an anonymous request is refused whatever it asks.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        method = request.method.lower()
        if method not in view.http_method_names or not hasattr(view, method):
            return True
        attribute = "view_permission" if request.method in SAFE_METHODS else "manage_permission"
        code = getattr(view, attribute, "")
        return bool(code) and user.has_role_perm(code)
