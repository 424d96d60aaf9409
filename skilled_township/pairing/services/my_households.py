"""我的帮扶户: a cadre's own side of the pairing. The households they are paired with now, each with its target
status (``services.targets``), their latest visit to it and how often they visited it this year; and the one
household's page, opened only while the pairing lasts."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from ..models import Pairing, Visit
from . import targets


def with_visit_figures(pairings: models.QuerySet[Pairing], year: int) -> models.QuerySet[Pairing]:
    """``pairings`` annotated with ``last_visited_on`` (the pairing's cadre's latest visit to the household, or
    ``None``) and ``visits_this_year`` (their visits to it in ``year``): two correlated subqueries on the index
    of visits by household and date, so a page of rows costs the same however many visits there are.

    A cadre's visits to the household count whatever pairing they were logged under (paired again after an end,
    the earlier visits are still theirs); a previous cadre's visits are not theirs and do not count."""
    theirs = Visit.objects.filter(household=OuterRef("household"), cadre=OuterRef("cadre")).order_by()
    this_year = theirs.filter(visited_on__year=year).values("household").annotate(n=Count("id")).values("n")
    return pairings.annotate(
        last_visited_on=Subquery(theirs.order_by("-visited_on").values("visited_on")[:1]),
        visits_this_year=Coalesce(Subquery(this_year, output_field=IntegerField()), Value(0)),
    )


def active_pairings(user) -> models.QuerySet[Pairing]:
    """The active pairings ``user`` may see as their own (for a cadre, ``visible_to`` gives only theirs), with
    the households' villages."""
    return Pairing.objects.visible_to(user).active().select_related("household__village__parent")


def my_households(user, year: int) -> models.QuerySet[Pairing]:
    """The cadre's active pairings with the target figures and the visit figures of ``year``, by village and
    the head of the household's name."""
    pairings = with_visit_figures(targets.with_targets(active_pairings(user)), year)
    return pairings.order_by("household__village__code", "household__head_name", "id")


def status_counts(pairings: models.QuerySet[Pairing]) -> dict[str, int]:
    """Target status → how many of ``pairings`` (annotated by ``targets.with_targets``) have it; one query."""
    return pairings.order_by().aggregate(**targets.counts_by_status())


def my_pairing_with(user, household_id: int) -> Pairing | None:
    """The cadre's active pairing with one household, with its target figures; ``None`` when they are not
    paired with it now (never paired, handed over, ended, or another cadre's)."""
    pairings = targets.with_targets(active_pairings(user)).select_related("previous__cadre")
    return pairings.filter(household_id=household_id).first()
