"""The education structure of a township's cadres against its targets (seed 001, 003)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from skilled_township.regions import codes
from skilled_township.regions.models import Region

from ..models import (
    LEADERSHIP_POSITIONS,
    Cadre,
    Education,
    EducationTarget,
)

#: Seed 003: 班子成员大专以上 ≥ 90%, 其他干部 ≥ 80%, 后备干部 ≥ 95% — used where no target is configured.
DEFAULT_TARGETS = {
    EducationTarget.Group.LEADERSHIP: Decimal("90"),
    EducationTarget.Group.OTHERS: Decimal("80"),
    EducationTarget.Group.RESERVE: Decimal("95"),
}


# --- Education structure ------------------------------------------------------------------------


@dataclass
class EducationRow:
    group: str
    label: str
    cadres: int
    qualified: int
    target: Decimal
    min_education: int
    configured: bool = field(default=False)

    @property
    def share(self) -> Decimal:
        if not self.cadres:
            return Decimal("0")
        return (Decimal(self.qualified) * 100 / self.cadres).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool:
        return self.cadres == 0 or self.share >= self.target

    @property
    def min_education_label(self) -> str:
        return Education(self.min_education).label


def education_structure(township: Region) -> list[EducationRow]:
    """班子成员 / 其他干部 / 后备干部: how many hold the required education, against the nearest targets.

    A reserve cadre counts in the reserve group and also in the leadership or other group by position.
    """
    configured = EducationTarget.objects.filter(region__code__in=codes.ancestor_codes(township.code))
    by_group: dict[str, list[EducationTarget]] = {}
    for target in configured.select_related("region"):
        by_group.setdefault(target.group, []).append(target)
    targets = {group: codes.nearest(rows, township.code) for group, rows in by_group.items()}
    rows = []
    cadres = Cadre.objects.filter(township=township).in_post()
    groups = {
        EducationTarget.Group.LEADERSHIP: cadres.filter(position__in=LEADERSHIP_POSITIONS),
        EducationTarget.Group.OTHERS: cadres.exclude(position__in=LEADERSHIP_POSITIONS),
        EducationTarget.Group.RESERVE: cadres.filter(is_reserve=True),
    }
    for group, members in groups.items():
        target = targets.get(group)
        min_education = target.min_education if target else Education.JUNIOR_COLLEGE
        counts = members.aggregate(total=Count("id"), qualified=Count("id", filter=Q(education__gte=min_education)))
        rows.append(
            EducationRow(
                group=group,
                label=str(EducationTarget.Group(group).label),
                cadres=counts["total"],
                qualified=counts["qualified"],
                target=target.target_percent if target else DEFAULT_TARGETS[group],
                min_education=min_education,
                configured=target is not None,
            )
        )
    return rows
