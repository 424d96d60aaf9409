from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from skilled_township.core.views import RolePermissionMixin

from ..models import AssessmentRound
from ..services.rounds import may_manage


class CityAdminMixin(RolePermissionMixin):
    """Pages that change a round: the organisation department of the city (a county's admin is refused, 403)."""

    permission = "assessment.manage"

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and request.user.has_role_perm(self.permission)
            and not may_manage(request.user)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_round(self, pk) -> AssessmentRound:
        return get_object_or_404(AssessmentRound.objects.visible_to(self.request.user), pk=pk)
