"""The demand-gap ranking (群众需要什么，干部学习什么): the skills villagers ask for against the cadres who
plan, study or hold a certificate in them, for a township, and rolled up for a county and the city.

A cadre serves the villagers of their own township, so the gap is counted township by township and then
added up: in each township, the people asking for a skill beyond the in-post cadres of that township who
cover it (plan it this year, studied it this year or hold a valid certificate in it; each cadre once). A
county's gap in a skill is the sum of its townships' gaps, the city's the sum of its counties'. Cadres of a
township where nobody asks for the skill still count as covering it in the county or city total, but close
no other township's gap.

Everything is counted by the database in one query, whatever the number of townships, cadres and records:
the per-skill ranking and the per-child summary (the counties of the city, the townships of a county) come
from the same per-township figures (``GROUPING SETS``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from skilled_township.cadres.models import Cadre
from skilled_township.certifications.models import Certificate
from skilled_township.regions.models import Region
from skilled_township.skills.models import Demand, Skill

from ..models import LearningPlan, PlanItem, StudyRecord

#: Gap skills suggested on a plan (the largest gaps first).
SUGGESTED_ELECTIVES = 5


@dataclass(frozen=True)
class GapRow:
    skill: Skill
    #: People who asked for the skill in the year (sum of head counts) and how many entries recorded it.
    demand: int
    entries: int
    #: In-post cadres of the region with the skill in their plan, with study hours in it, with a valid
    #: certificate in it, and with any of the three (each cadre counted once).
    planned: int
    learning: int
    certified: int
    covered: int
    #: Demand not met by a covering cadre of the same township, added up over the townships.
    gap: int
    #: People asking in townships where no cadre covers the skill, and how many such townships.
    uncovered_demand: int
    uncovered_townships: int

    @property
    def uncovered(self) -> bool:
        """Somewhere in the region people ask for the skill and no cadre of their township covers it."""
        return self.uncovered_demand > 0


@dataclass(frozen=True)
class ChildGap:
    """One county of the city, or one township of a county: what its villagers ask for and the gap left."""

    region: Region
    demand: int
    #: Skills asked for there.
    skills: int
    gap: int
    #: Skills asked for in a township where no cadre of that township covers them (added up over townships).
    uncovered: int


@dataclass(frozen=True)
class GapReport:
    region: Region
    year: int
    rows: list[GapRow]
    #: The region's children, the largest gap first (none for a township).
    children: list[ChildGap]


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)


def _tables() -> dict[str, str]:
    return {
        "demand": Demand._meta.db_table,
        "region": Region._meta.db_table,
        "cadre": Cadre._meta.db_table,
        "plan": LearningPlan._meta.db_table,
        "item": PlanItem._meta.db_table,
        "record": StudyRecord._meta.db_table,
        "certificate": Certificate._meta.db_table,
    }


# Per township and skill: the people asking, and the in-post cadres covering it (each cadre once per skill).
# Each way of covering a skill is read with the cadre's township and only for the skills asked for, so that
# the database reads the region's records through study_cadre_date (which holds the skill) and never the city's.
_PER_TOWNSHIP = """
WITH asked AS (
    SELECT village.parent_id AS township_id, d.skill_id, SUM(d.headcount) AS people, COUNT(*) AS entries
    FROM {demand} d JOIN {region} village ON village.id = d.village_id
    WHERE village.code LIKE %(prefix)s AND d.recorded_on >= %(first)s AND d.recorded_on < %(following)s
    GROUP BY village.parent_id, d.skill_id
),
ways AS (
    SELECT c.township_id, c.id AS cadre_id, i.skill_id, 1 AS planned, 0 AS learning, 0 AS certified
    FROM {item} i JOIN {plan} p ON p.id = i.plan_id JOIN {cadre} c ON c.id = p.cadre_id
    WHERE p.year = %(year)s AND c.status = %(in_post)s
      AND c.township_id IN (SELECT id FROM {region} WHERE code LIKE %(prefix)s)
      AND i.skill_id IN (SELECT skill_id FROM asked)
    UNION ALL
    SELECT c.township_id, c.id, r.skill_id, 0, 1, 0
    FROM {record} r JOIN {cadre} c ON c.id = r.cadre_id
    WHERE r.studied_on >= %(first)s AND r.studied_on < %(following)s AND c.status = %(in_post)s
      AND c.township_id IN (SELECT id FROM {region} WHERE code LIKE %(prefix)s)
      AND r.skill_id IN (SELECT skill_id FROM asked)
    UNION ALL
    SELECT c.township_id, c.id, k.skill_id, 0, 0, 1
    FROM {certificate} k JOIN {cadre} c ON c.id = k.cadre_id
    WHERE k.status = %(valid)s AND (k.expires_on IS NULL OR k.expires_on >= %(today)s) AND c.status = %(in_post)s
      AND c.township_id IN (SELECT id FROM {region} WHERE code LIKE %(prefix)s)
      AND k.skill_id IN (SELECT skill_id FROM asked)
),
covering AS (
    SELECT township_id, skill_id, MAX(planned) AS planned, MAX(learning) AS learning, MAX(certified) AS certified
    FROM ways GROUP BY township_id, cadre_id, skill_id
),
coverage AS (
    SELECT township_id, skill_id, SUM(planned) AS planned, SUM(learning) AS learning,
           SUM(certified) AS certified, COUNT(*) AS covered
    FROM covering GROUP BY township_id, skill_id
),
per_township AS (
    SELECT COALESCE(a.township_id, v.township_id) AS township_id, COALESCE(a.skill_id, v.skill_id) AS skill_id,
           COALESCE(a.people, 0) AS people, COALESCE(a.entries, 0) AS entries,
           COALESCE(v.planned, 0) AS planned, COALESCE(v.learning, 0) AS learning,
           COALESCE(v.certified, 0) AS certified, COALESCE(v.covered, 0) AS covered
    FROM asked a FULL JOIN coverage v ON v.township_id = a.township_id AND v.skill_id = a.skill_id
)
"""

# Rolled up per skill (the ranking) and per child region (the drill-down), in one pass.
_ROLL_UP = """
SELECT GROUPING(pt.skill_id) AS by_child, pt.skill_id, {child} AS child_id,
       SUM(pt.people), SUM(pt.entries), SUM(pt.planned), SUM(pt.learning), SUM(pt.certified), SUM(pt.covered),
       SUM(GREATEST(pt.people - pt.covered, 0)),
       COALESCE(SUM(pt.people) FILTER (WHERE pt.covered = 0), 0),
       COUNT(*) FILTER (WHERE pt.people > 0 AND pt.covered = 0),
       COUNT(DISTINCT pt.skill_id) FILTER (WHERE pt.people > 0)
FROM per_township pt JOIN {region} t ON t.id = pt.township_id
GROUP BY GROUPING SETS ((pt.skill_id), ({child}))
HAVING SUM(pt.people) > 0
"""


def _figures(region: Region, year: int) -> list[tuple]:
    first, following = _year_bounds(year)
    # The child a township's figures roll up into: its county under the city, itself under a county.
    child = "t.parent_id" if region.level == Region.Level.CITY else "t.id"
    sql = (_PER_TOWNSHIP + _ROLL_UP).format(child=child, **_tables())
    params = {
        "prefix": region.prefix + "%",
        "first": first,
        "following": following,
        "year": year,
        "in_post": Cadre.Status.IN_POST,
        # Valid as ``Certificate.objects.valid()`` reads it: not revoked and not expired today.
        "valid": Certificate.Status.VALID,
        "today": timezone.localdate(),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def gap_report(region: Region, year: int) -> GapReport:
    """The ranking of the skills asked for under ``region`` (a city, county or township) in ``year``, the
    largest gap first, and for a city or county the same figures per child region. Three queries whatever
    the size of the region (the figures, their skills with categories, the child regions)."""
    figures = _figures(region, year)
    by_skill = [row for row in figures if row[0] == 0]
    by_child = {row[2]: row for row in figures if row[0] == 1}
    skills = Skill.objects.select_related("category").in_bulk([row[1] for row in by_skill])
    rows = [
        GapRow(
            skill=skills[skill_id],
            demand=int(people),
            entries=int(entries),
            planned=int(planned),
            learning=int(learning),
            certified=int(certified),
            covered=int(covered),
            gap=int(gap),
            uncovered_demand=int(uncovered_people),
            uncovered_townships=int(uncovered_townships),
        )
        for (
            _flag,
            skill_id,
            _child,
            people,
            entries,
            planned,
            learning,
            certified,
            covered,
            gap,
            uncovered_people,
            uncovered_townships,
            _skills,
        ) in by_skill
    ]
    rows.sort(key=lambda r: (-r.gap, -r.demand, r.skill.code))
    children = []
    if region.level != Region.Level.TOWNSHIP:
        for child in region.children.order_by("code"):
            row = by_child.get(child.pk)
            if row is None:
                children.append(ChildGap(child, 0, 0, 0, 0))
            else:
                children.append(ChildGap(child, int(row[3]), int(row[12]), int(row[9]), int(row[11])))
        children.sort(key=lambda c: (-c.gap, -c.demand, c.region.code))
    return GapReport(region, year, rows, children)


def gap_ranking(region: Region, year: int) -> list[GapRow]:
    """Skills villagers under ``region`` asked for in ``year``, the largest gap first (see :func:`gap_report`)."""
    return gap_report(region, year).rows


def top_gap_skills(township: Region, year: int, limit: int = SUGGESTED_ELECTIVES) -> list[Skill]:
    """The skills a cadre of ``township`` would best add to their plan: the largest gaps, active skills only."""
    return [row.skill for row in gap_ranking(township, year) if row.gap > 0 and row.skill.is_active][:limit]
