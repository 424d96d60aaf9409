"""Pages about one township and a period, for every app.

The township comes from ``?township=`` and must lie in the user's scope. Without one, the page starts from
the user's own scope: a township secretary's own township (the only one they have, so the picker shows no
choice); for anyone whose scope is a county or the city, the first pilot township (by division code) in that
scope, else its first township. Only a user whose scope holds no township at all gets an empty page.

A page that makes a new record (an edit view without its object) offers only the townships a new record may
pick (``RegionQuerySet.for_new_records``: no abolished one); reports keep offering every township.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic.edit import ModelFormMixin

from skilled_township.core.validators import is_programme_year
from skilled_township.core.views import RolePermissionMixin

from . import codes
from .models import Region


class TownshipPageMixin(RolePermissionMixin):
    """Adds ``township()``, ``townships()`` (the picker's choices), ``year()`` and ``month()`` to a view."""

    def township(self) -> Region | None:
        if not hasattr(self, "_township"):
            chosen = self.request.GET.get("township", "")
            if chosen.isdigit():
                self._township = get_object_or_404(self.townships(), pk=chosen)
            else:
                self._township = starting_township(self.request.user, self.townships())
        return self._township

    def townships(self) -> QuerySet[Region]:
        townships = Region.objects.visible_to(self.request.user).townships()
        if self.makes_a_new_record():
            townships = townships.for_new_records()
        return townships.select_related("parent", "pilot").order_by("code")

    def makes_a_new_record(self) -> bool:
        return isinstance(self, ModelFormMixin) and getattr(self, "object", None) is None

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


def starting_township(user, townships: QuerySet[Region]) -> Region | None:
    """Where a per-township page opens for ``user`` when no township is asked for (``townships``: those in
    the user's scope)."""
    own = user.scope
    if own is not None and own.level == Region.Level.TOWNSHIP:
        return own
    ordered = townships.order_by("code")
    return ordered.filter(pilot__isnull=False).first() or ordered.first()


class RegionPageMixin(TownshipPageMixin):
    """A page about any region of the user's scope down to a township (the city, a county or a township), for
    reports that roll up and drill down. The region comes from ``?region=`` (``?township=`` also names one);
    without one, the page starts at the user's own scope. ``region_trail()`` leads from the user's scope down
    to the region, for the way back up."""

    LEVELS = (Region.Level.CITY, Region.Level.COUNTY, Region.Level.TOWNSHIP)

    def regions(self) -> QuerySet[Region]:
        return Region.objects.visible_to(self.request.user).filter(level__in=self.LEVELS)

    def region(self) -> Region | None:
        if not hasattr(self, "_region"):
            chosen = self.request.GET.get("region") or self.request.GET.get("township", "")
            if chosen.isdigit():
                self._region = get_object_or_404(self.regions().select_related("parent"), pk=chosen)
            else:
                self._region = starting_region(self.request.user, self.regions())
        return self._region

    def region_trail(self) -> list[Region]:
        """The regions from the user's scope down to the current one (the current one last)."""
        region = self.region()
        if region is None:
            return []
        trail = self.regions().filter(code__in=codes.ancestor_codes(region.code))
        return sorted(trail, key=lambda node: len(node.prefix))


def starting_region(user, regions: QuerySet[Region]) -> Region | None:
    """Where a roll-up page opens for ``user``: their own scope, or (for an account that sees everything) the
    first city."""
    own = user.scope
    if own is not None and own.level in RegionPageMixin.LEVELS:
        return own
    return regions.filter(level=Region.Level.CITY).order_by("code").first()
