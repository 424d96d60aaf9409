from __future__ import annotations

from django.db.models import Count, Q

from skilled_township.core.scoping import ScopedQuerySet


class RegionQuerySet(ScopedQuerySet):
    region_code_lookup = "code"

    def current(self) -> RegionQuerySet:
        """Units that still exist: the choices offered for new records."""
        return self.filter(abolished_year__isnull=True)

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
