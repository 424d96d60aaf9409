from rest_framework.permissions import SAFE_METHODS, BasePermission


class RolePermission(BasePermission):
    """The same role permissions as the pages: ``view_permission`` to read, ``manage_permission`` to write."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        code = view.view_permission if request.method in SAFE_METHODS else view.manage_permission
        return bool(code) and user.has_role_perm(code)
