"""Pages about one township and a period, for every app: the township comes from ``?township=`` (a
secretary's own by default) and must lie in the user's scope."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from skilled_township.core.validators import is_programme_year
from skilled_township.core.views import RolePermissionMixin

from .models import Region


class TownshipPageMixin(RolePermissionMixin):
    """Adds ``township()``, ``townships()`` (the picker's choices), ``year()`` and ``month()`` to a view."""

    def township(self) -> Region | None:
        townships = Region.objects.visible_to(self.request.user).townships()
        chosen = self.request.GET.get("township", "")
        if chosen.isdigit():
            return get_object_or_404(townships, pk=chosen)
        own = self.request.user.scope
        return own if own is not None and own.level == Region.Level.TOWNSHIP else None

    def townships(self):
        return Region.objects.visible_to(self.request.user).townships().select_related("parent")

    def year(self) -> int:
        value = self.request.GET.get("year", "")
        return int(value) if value.isdigit() and is_programme_year(int(value)) else timezone.localdate().year

    def month(self) -> tuple[int, int]:
        value = self.request.GET.get("month", "")
        try:
            year, month = (int(part) for part in value.split("-"))
            if is_programme_year(year) and 1 <= month <= 12:
                return year, month
        except ValueError:
            pass
        today = timezone.localdate()
        return today.year, today.month
