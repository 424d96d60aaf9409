from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, DateField, F, IntegerField, Q, Value, When

from skilled_township.core.scoping import ScopedQuerySet, scope_prefix


class CadreQuerySet(ScopedQuerySet):
    region_code_lookup = "township__code"
    # A cadre's own roster entry.
    owner_lookup = "pk"

    def in_post(self) -> CadreQuerySet:
        return self.filter(status="in_post")


class SecondmentQuerySet(ScopedQuerySet):
    region_code_lookup = "cadre__township__code"
    owner_lookup = "cadre"

    # The bounds of ``Secondment.status_on``, as filters on the day ``today``.

    def ending_soon(self, today: datetime.date) -> SecondmentQuerySet:
        """Terms whose last day is today or within ``Secondment.ENDING_SOON_DAYS`` days."""
        return self.filter(end_date__gte=today, end_date__lte=today + self._soon())

    def active(self, today: datetime.date) -> SecondmentQuerySet:
        """Terms under way today, those ending soon included."""
        return self.filter(start_date__lte=today, end_date__gte=today)

    def ended(self, today: datetime.date) -> SecondmentQuerySet:
        return self.filter(end_date__lt=today)

    def upcoming(self, today: datetime.date) -> SecondmentQuerySet:
        return self.filter(start_date__gt=today).exclude(end_date__lte=today + self._soon())

    def with_status(self, status: str, today: datetime.date) -> SecondmentQuerySet:
        """One of ``Secondment.Status``'s values; an unknown one matches nothing."""
        methods = {
            "upcoming": self.upcoming,
            "active": self.active,
            "ending_soon": self.ending_soon,
            "ended": self.ended,
        }
        return methods[status](today) if status in methods else self.none()

    def by_urgency(self, today: datetime.date) -> SecondmentQuerySet:
        """Terms still running first, the one ending soonest at the top; then those that have ended, the most
        recent first."""
        running = Q(end_date__gte=today)
        return self.annotate(
            _ended=Case(When(running, then=Value(0)), default=Value(1), output_field=IntegerField()),
            _running_end=Case(When(running, then=F("end_date")), default=None, output_field=DateField()),
        ).order_by("_ended", F("_running_end").asc(nulls_last=True), "-end_date", "-id")

    @staticmethod
    def _soon() -> datetime.timedelta:
        from .models import Secondment

        return datetime.timedelta(days=Secondment.ENDING_SOON_DAYS)


class EducationTargetQuerySet(ScopedQuerySet):
    region_code_lookup = "region__code"


class TransferRequestQuerySet(ScopedQuerySet):
    """Placed where the cadre would go: the requester's side sees its own requests; deciding takes a scope that
    also holds the township the cadre is on now (``decidable_by``)."""

    region_code_lookup = "to_township__code"

    def decidable_by(self, user: Any) -> TransferRequestQuerySet:
        prefix = scope_prefix(user)
        if prefix is None or not user.has_role_perm("cadres.transfers"):
            return self.none()
        return self.filter(to_township__code__startswith=prefix, cadre__township__code__startswith=prefix)
