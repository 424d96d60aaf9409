from __future__ import annotations

from django.db.models import Min, Q
from django.utils import timezone

from skilled_township.core.scoping import ScopedQuerySet


class AppraisalQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"


class CertificateQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"

    def valid(self, day=None) -> CertificateQuerySet:
        """Not revoked and not expired on ``day`` (today)."""
        day = day or timezone.localdate()
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day), status="valid")

    def best_levels(self, day=None):
        """A cadre's level in a skill is that of their best valid certificate in it (level 1 is the highest):
        rows of ``cadre_id``, ``skill_id``, ``level``, one per cadre and skill."""
        return self.valid(day).values("cadre_id", "skill_id").annotate(level=Min("level")).order_by()


class PublicProfileQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"

    def public(self) -> PublicProfileQuerySet:
        """What the public directory lists, signed in or not: in-post cadres whose listing is switched on."""
        return self.filter(listed=True, cadre__status="in_post")


class ServiceRequestQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"
    owner_lookup = "cadre"

    def still_open(self) -> ServiceRequestQuerySet:
        """Waiting in the queue or with a cadre."""
        from .models import ServiceRequest

        return self.filter(status__in=ServiceRequest.OPEN_STATES)

    def overdue(self, now=None) -> ServiceRequestQuerySet:
        """Open longer than ``ServiceRequest.OVERDUE_DAYS`` days (flagged to the secretary)."""
        from .models import ServiceRequest

        return self.still_open().filter(created_at__lt=ServiceRequest.overdue_before(now))


class ServiceRecordQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"
