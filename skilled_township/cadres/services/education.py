"""The education structure of the cadres under a region (a township, a county or the city) against one year's
targets (seed 001), with the child regions ranked by how far they fall short.

The six groups and who is counted in each are ``EducationTarget.Group`` (a cadre may be in two: a party
secretary is also on the leadership team, a reserve is also counted by post). The figures are the roster as it is
now (cadres in post); the year chooses the targets they are measured against. A region's figures count every
cadre under it against the target nearest above that region for the year (its own, its county's, the city's),
else seed 001's; each child region is measured against its own nearest target.

Counting costs one query however many townships: cadres are counted in the database per child region, education
level and group, and each threshold is applied to those counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import Left
from django.utils.translation import gettext as _

from skilled_township.core.db_router import replica_reads
from skilled_township.core.excel import workbook_bytes
from skilled_township.regions import codes
from skilled_township.regions.models import Region

from ..models import Cadre, Education, EducationTarget, ReserveLevel

Group = EducationTarget.Group

#: Levels a structure is shown for; a township is the last one (its cadres are not split by village).
LEVELS = (Region.Level.CITY, Region.Level.COUNTY, Region.Level.TOWNSHIP)


@dataclass(frozen=True)
class Target:
    min_education: int
    percent: Decimal
    #: Where it is configured (the region's name), or "" for seed 001's default.
    configured_at: str = ""


@dataclass
class GroupFigure:
    group: str
    cadres: int
    qualified: int
    target: Target

    @property
    def label(self) -> str:
        return str(Group(self.group).label)

    @property
    def min_education_label(self) -> str:
        return str(Education(self.target.min_education).label)

    @property
    def share(self) -> Decimal | None:
        """Percentage holding the required education, to one decimal; ``None`` for a group with nobody in it."""
        if not self.cadres:
            return None
        return (Decimal(self.qualified) * 100 / self.cadres).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool:
        """Exactly, not on the rounded share: 89.96% does not meet 90%. An empty group has nothing to miss."""
        return self.qualified * 100 >= self.target.percent * self.cadres

    @property
    def short(self) -> int:
        """How many more cadres of the group would have to hold the required education to meet the target."""
        needed = math.ceil(self.target.percent * self.cadres / 100)
        return max(0, needed - self.qualified)


@dataclass
class RegionFigures:
    region: Region
    groups: list[GroupFigure]

    @property
    def short(self) -> int:
        """Cadres short of the targets over the six groups (a cadre in two groups may count twice)."""
        return sum(figure.short for figure in self.groups)

    @property
    def failing(self) -> int:
        """Groups below their target."""
        return sum(not figure.met for figure in self.groups)


@dataclass
class EducationStructure:
    region: Region
    year: int
    totals: RegionFigures
    #: The child regions (counties of a city, townships of a county), furthest short first.
    children: list[RegionFigures] = field(default_factory=list)


@replica_reads()
def education_structure(region: Region, year: int) -> EducationStructure:
    """The six groups' figures for ``region`` (already checked to be in the user's scope) and for each child
    region, ranked: most cadres short of the targets first, then most groups failing, then by code. Read on the
    replica when there is one."""
    children = _children(region)
    child_length = codes.PREFIX_LENGTH[children[0].level] if children else len(region.prefix)
    counts = _counts(region, child_length)
    targets = _configured_targets(year, [region.code, *(child.code for child in children)])
    children = [child for child in children if child.abolished_year is None or child.prefix in counts]
    totals = _figures(region, _sum(counts.values()), targets)
    ranked = sorted(
        (_figures(child, counts.get(child.prefix, {}), targets) for child in children),
        key=lambda figures: (-figures.short, -figures.failing, figures.region.code),
    )
    return EducationStructure(region=region, year=year, totals=totals, children=ranked)


def _children(region: Region) -> list[Region]:
    if region.level == Region.Level.TOWNSHIP:
        return []
    return list(Region.objects.filter(parent=region).order_by("code"))


#: child prefix → education → group → cadres
Counts = dict[str, dict[int, dict[str, int]]]


def _counts(region: Region, child_length: int) -> Counts:
    rows = (
        Cadre.objects.in_post()
        .filter(township__code__startswith=region.prefix)
        .annotate(child=Left("township__code", child_length))
        .values("child", "education")
        .annotate(**{f"n_{group}": Count("pk", filter=Group(group).members) for group in Group.values})
        .order_by()
    )
    counts: Counts = defaultdict(dict)
    for row in rows:
        counts[row["child"]][row["education"]] = {group: row[f"n_{group}"] for group in Group.values}
    return counts


def _sum(children: list[dict[int, dict[str, int]]]) -> dict[int, dict[str, int]]:
    total: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Group.values, 0))
    for by_education in children:
        for education, by_group in by_education.items():
            for group, number in by_group.items():
                total[education][group] += number
    return total


def _configured_targets(year: int, region_codes: list[str]) -> dict[tuple[str, str], Target]:
    """The year's targets configured on these regions or above them, by (region code, group): one query."""
    wanted = {ancestor for code in region_codes for ancestor in codes.ancestor_codes(code)}
    rows = EducationTarget.objects.filter(year=year, region__code__in=wanted).values_list(
        "region__code", "region__name", "group", "min_education", "target_percent"
    )
    return {
        (code, group): Target(min_education=min_education, percent=percent, configured_at=name)
        for code, name, group, min_education, percent in rows
    }


def target_for(code: str, group: str, configured: dict[tuple[str, str], Target]) -> Target:
    """The configured target nearest above ``code`` (the region itself first), else seed 001's."""
    for ancestor in codes.ancestor_codes(code):
        if (ancestor, group) in configured:
            return configured[(ancestor, group)]
    min_education, percent = Group(group).seed_target
    return Target(min_education=min_education, percent=percent)


def _figures(region: Region, by_education: dict[int, dict[str, int]], configured) -> RegionFigures:
    groups = []
    for group in Group.values:
        target = target_for(region.code, group, configured)
        numbers = {education: by_group.get(group, 0) for education, by_group in by_education.items()}
        groups.append(
            GroupFigure(
                group=group,
                cadres=sum(numbers.values()),
                qualified=sum(n for education, n in numbers.items() if education >= target.min_education),
                target=target,
            )
        )
    return RegionFigures(region=region, groups=groups)


def group_rules() -> list[tuple[str, str]]:
    """Who is counted in each group and against which default target, as the page explains it."""
    rules = []
    for group in Group:
        min_education, percent = group.seed_target
        if group.member_positions:
            who = _("职务类别为%(positions)s的在岗干部") % {
                "positions": "、".join(f"“{position.label}”" for position in group.member_positions)
            }
        else:
            level = ReserveLevel.TOWNSHIP if group == Group.TOWNSHIP_RESERVE else ReserveLevel.VILLAGE
            who = _("“后备干部”一栏为“%(level)s”的在岗干部，不论职务（同时按职务计入相应群体）") % {
                "level": level.label
            }
        default = _("默认目标：%(education)s及以上占 %(percent)s%%") % {
            "education": Education(min_education).label,
            "percent": percent,
        }
        rules.append((str(group.label), f"{who}。{default}。"))
    rules.append(
        (
            _("说明"),
            _(
                "党委书记同时计入“班子成员”（书记是班子的一员，按“一把手”和“班子整体”分别考核）。"
                "村干部、驻村第一书记、大学生村官不计入按职务划分的群体，登记为后备干部的计入相应后备干部群体。"
            ),
        )
    )
    return rules


# --- Export ------------------------------------------------------------------------------------------------


def structure_bytes(structure: EducationStructure) -> bytes:
    """The page as a workbook: the region's six groups, then each child region's, in the page's order."""
    header = [
        _("区域"),
        _("干部群体"),
        _("学历要求"),
        _("人数"),
        _("达标人数"),
        _("比例（%）"),
        _("目标（%）"),
        _("差额（人）"),
        _("结论"),
    ]

    def rows():
        total_name = _("%(region)s（合计）") % {"region": structure.region.name}
        for name, figures in [
            (total_name, structure.totals),
            *((child.region.name, child) for child in structure.children),
        ]:
            for figure in figures.groups:
                yield [
                    name,
                    figure.label,
                    _("%(education)s及以上") % {"education": figure.min_education_label},
                    figure.cadres,
                    figure.qualified,
                    figure.share,
                    figure.target.percent,
                    figure.short,
                    _conclusion(figure),
                ]

    return workbook_bytes(_("学历结构 %(year)s") % {"year": structure.year}, header, rows())


def _conclusion(figure: GroupFigure) -> str:
    if not figure.cadres:
        return _("无人员")
    return _("达标") if figure.met else _("未达标")
