"""Pages about one township (or one region and its children) and a period, for every app.

The township comes from ``?township=`` and must lie in the user's scope. Without one, the page starts from
the user's own scope: a township secretary's own township (the only one they have, so the picker shows no
choice); for anyone whose scope is a county or the city, the first pilot township (by division code) in that
scope, else its first township. Only a user whose scope holds no township at all gets an empty page.

A page that makes a new record (an edit view without its object) offers only the townships a new record may
pick (``RegionQuerySet.for_new_records``: no abolished one); reports keep offering every township.
"""

from django.db.models import QuerySet
from django.http import Http404
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
        return chosen_year(self.request)

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


def chosen_year(request) -> int:
    """``?year=``, or the current year when absent or outside the programme's years."""
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and is_programme_year(int(value)) else timezone.localdate().year


class RegionPageMixin(RolePermissionMixin):
    """A report about one region that drills down to its children (city → counties → townships).

    The region comes from ``?region=<12-digit code>`` and must lie in the user's scope (else 404: for them it does
    not exist) and be at one of ``levels``. Without one, the page opens on the user's own scope: the city for a
    city-wide account, a county's admin's county, a township secretary's township. Adds ``region()``,
    ``trail()`` (the way back up, within the user's scope) and ``year()``.
    """

    levels = (Region.Level.CITY, Region.Level.COUNTY, Region.Level.TOWNSHIP)

    def regions(self) -> QuerySet[Region]:
        return Region.objects.visible_to(self.request.user).filter(level__in=self.levels)

    def region(self) -> Region | None:
        if not hasattr(self, "_region"):
            chosen = self.request.GET.get("region", "")
            if chosen:
                if not (chosen.isdigit() and len(chosen) == 12):
                    raise Http404
                self._region = get_object_or_404(self.regions(), code=chosen)
            else:
                self._region = self.starting_region()
        return self._region

    def starting_region(self) -> Region | None:
        own = self.request.user.scope
        if own is not None and own.level in self.levels:
            return own
        # An account without a scope node of these levels (a superuser): the highest region it may see.
        return self.regions().order_by("code").first()

    def trail(self) -> list[Region]:
        """The regions above the page's region that the user may open, from the top down."""
        region = self.region()
        if region is None:
            return []
        above = codes.ancestor_codes(region.code)[1:]
        return list(self.regions().filter(code__in=above).order_by("code"))

    def year(self) -> int:
        return chosen_year(self.request)
