from __future__ import annotations

from skilled_township.core.scoping import GlobalQuerySet, ScopedQuerySet


class CatalogueQuerySet(GlobalQuerySet):
    """The catalogue is city-wide: every signed-in, active user with a scope may read it."""

    def active(self) -> CatalogueQuerySet:
        return self.filter(is_active=True)


class RequiredSkillQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"
    # The township's required skills are what its cadres must learn: they see their own township's.
    published_to_owners = True


class DemandQuerySet(ScopedQuerySet):
    region_code_lookup = "village__code"
