"""The demand-gap ranking (群众需要什么，干部学习什么): the skills villagers ask for against the cadres who
plan, study or hold a certificate in them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from skilled_township.cadres.models import Cadre
from skilled_township.regions.models import Region
from skilled_township.skills.models import Demand, Skill

#: Gap skills suggested on a plan (the largest gaps first).
SUGGESTED_ELECTIVES = 5


@dataclass(frozen=True)
class GapRow:
    skill: Skill
    #: People who asked for the skill in the year (sum of head counts) and how many entries recorded it.
    demand: int
    entries: int
    #: In-post cadres of the township with the skill in their plan, with study hours in it, with a valid
    #: certificate in it, and with any of the three (each cadre counted once).
    planned: int
    learning: int
    certified: int
    covered: int

    @property
    def gap(self) -> int:
        """Demand not met by a cadre who knows or is learning the skill: people asking per covering cadre."""
        return max(self.demand - self.covered, 0)

    @property
    def uncovered(self) -> bool:
        return self.demand > 0 and self.covered == 0


def gap_ranking(township: Region, year: int) -> list[GapRow]:
    """Skills villagers of ``township`` asked for in ``year``, the largest gap first.

    Five queries whatever the number of skills, cadres or entries (skills come with their category).
    """
    demand = (
        Demand.objects.under(township)
        .filter(recorded_on__year=year)
        .values("skill")
        .annotate(people=Sum("headcount"), entries=Count("id"))
    )
    demand_by_skill = {row["skill"]: row for row in demand}
    if not demand_by_skill:
        return []

    cadres = Cadre.objects.under(township).in_post()
    coverage = {skill_id: {"planned": set(), "learning": set(), "certified": set()} for skill_id in demand_by_skill}
    skill_ids = list(demand_by_skill)
    for cadre_id, skill_id in cadres.filter(plans__year=year, plans__items__skill__in=skill_ids).values_list(
        "id", "plans__items__skill"
    ):
        coverage[skill_id]["planned"].add(cadre_id)
    for cadre_id, skill_id in cadres.filter(
        study_records__studied_on__year=year, study_records__skill__in=skill_ids
    ).values_list("id", "study_records__skill"):
        coverage[skill_id]["learning"].add(cadre_id)
    for cadre_id, skill_id in cadres.filter(
        certificates__status="valid", certificates__skill__in=skill_ids
    ).values_list("id", "certificates__skill"):
        coverage[skill_id]["certified"].add(cadre_id)

    skills = Skill.objects.select_related("category").in_bulk(skill_ids)
    rows = [
        GapRow(
            skill=skills[skill_id],
            demand=row["people"],
            entries=row["entries"],
            planned=len(coverage[skill_id]["planned"]),
            learning=len(coverage[skill_id]["learning"]),
            certified=len(coverage[skill_id]["certified"]),
            covered=len(set().union(*coverage[skill_id].values())),
        )
        for skill_id, row in demand_by_skill.items()
    ]
    rows.sort(key=lambda r: (-r.gap, -r.demand, r.skill.code))
    return rows


def top_gap_skills(township: Region, year: int, limit: int = SUGGESTED_ELECTIVES) -> list[Skill]:
    """The skills a cadre of ``township`` would best add to their plan: the largest gaps, active skills only."""
    return [row.skill for row in gap_ranking(township, year) if row.gap > 0 and row.skill.is_active][:limit]
