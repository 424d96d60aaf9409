from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q

from skilled_township.core.scoping import ScopedQuerySet


class RegionQuerySet(ScopedQuerySet):
    region_code_lookup = "code"

    def current(self) -> RegionQuerySet:
        """Units that still exist."""
        return self.filter(abolished_year__isnull=True)

    def for_new_records(self, keep: Iterable[Any] = ()) -> RegionQuerySet:
        """The units a record may pick: those that still exist, plus ``keep`` (the primary keys an existing record
        already holds, so that it stays valid on edit). Forms and API serializers ask every queryset that has
        this method (``core.forms.offered``); a unit missing from a newer edition of the codes is not offered."""
        still_there = Q(abolished_year__isnull=True)
        keep = [pk for pk in keep if pk is not None]
        return self.filter(still_there | Q(pk__in=keep) if keep else still_there)

    def townships(self) -> RegionQuerySet:
        return self.filter(level="township")

    def villages(self) -> RegionQuerySet:
        return self.filter(level="village")

    def with_child_counts(self) -> RegionQuerySet:
        return self.annotate(child_count=Count("children", distinct=True))

    def search(self, text: str) -> RegionQuerySet:
        return self.filter(Q(name__icontains=text) | Q(code__startswith=text))


class PilotTownshipQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"

    def with_village_counts(self) -> PilotTownshipQuerySet:
        return (
            self.select_related("township", "township__parent")
            .annotate(village_count=Count("township__children", distinct=True))
            .order_by("township__code")
        )


class VillageIncomeQuerySet(ScopedQuerySet):
    region_code_lookup = "village__code"
