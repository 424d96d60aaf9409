"""The share of labour-capable people of assisted households who master at least one money-making skill
(seed 000: 80% by the end of the programme), for a township, and rolled up for a county or the city.

Counted: members marked 有劳动能力 of the *assisted* households, that is those registered as poor (建档立卡)
or paired with a cadre now; a member counts as skilled in a year when a skill is recorded for them in that
year or an earlier one (a skill once mastered stays mastered). The target is ``Norm.for_region``'s
``skill_share_percent``. Counted in the database, in a fixed number of queries whatever the number of people."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr

from skilled_township.regions import codes
from skilled_township.regions.models import Region

from ..models import Member, MemberSkill, Norm


@dataclass
class SkillShare:
    region: Region
    year: int
    #: Labour-capable members of assisted households.
    labour: int = 0
    #: Of them, those with at least one skill by ``year``.
    skilled: int = 0
    target: Decimal = Norm.DEFAULT_SKILL_SHARE
    children: list[SkillShare] = field(default_factory=list)

    @property
    def share(self) -> Decimal | None:
        """Percent, one decimal; ``None`` without anyone to count."""
        if not self.labour:
            return None
        return (Decimal(self.skilled) * 100 / self.labour).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def met(self) -> bool | None:
        return None if self.share is None else self.share >= self.target

    @property
    def short(self) -> int:
        """People still to learn a skill for the share to reach the target."""
        needed = (self.target * self.labour / 100).to_integral_value(rounding="ROUND_CEILING")
        return max(int(needed) - self.skilled, 0)


def assisted_members(year: int):
    """Labour-capable members of assisted households, each marked ``has_skill`` (by ``year``)."""
    skilled = MemberSkill.objects.filter(member=OuterRef("pk"), year__lte=year)
    assisted = Q(household__registered_poor=True) | Q(household__paired_cadre__isnull=False)
    return Member.objects.filter(assisted, labour_capable=True).annotate(has_skill=Exists(skilled))


def _counts(members) -> dict:
    return members.aggregate(labour=Count("pk"), skilled=Count("pk", filter=Q(has_skill=True)))


def skill_share(region: Region, year: int) -> SkillShare:
    """The counts and share under ``region`` (a township, county or city) in ``year``, with the target that
    applies to it. Two queries (and one for the norm)."""
    members = assisted_members(year).filter(household__village__code__startswith=region.prefix)
    figures = _counts(members)
    return SkillShare(
        region=region,
        year=year,
        labour=figures["labour"] or 0,
        skilled=figures["skilled"] or 0,
        target=Norm.for_region(region, year).skill_share_percent,
    )


CHILD_LEVEL = {Region.Level.CITY: "county", Region.Level.COUNTY: "township"}


def counts_by_prefix(members, year: int, digits: int) -> dict[str, dict]:
    """Labour-capable assisted members among ``members`` (a queryset, e.g. what a user may see) counted by the
    first ``digits`` digits of their village's code (6: per county, 9: per township): prefix → ``labour`` and
    ``skilled``. One query."""
    assisted = assisted_members(year).filter(pk__in=members.values("pk"))
    grouped = (
        assisted.annotate(child=Substr("household__village__code", 1, digits))
        .values("child")
        .annotate(labour=Count("pk"), skilled=Count("pk", filter=Q(has_skill=True)))
        .order_by()
    )
    return {row["child"]: row for row in grouped}


def skill_share_by_child(region: Region, year: int) -> SkillShare:
    """``skill_share`` of ``region`` with one figure per county (of a city) or township (of a county), the
    furthest below its target first. A fixed number of queries whatever the number of children."""
    total = skill_share(region, year)
    child_level = CHILD_LEVEL.get(region.level)
    if child_level is None:
        return total
    members = Member.objects.filter(household__village__code__startswith=region.prefix)
    counted = counts_by_prefix(members, year, codes.PREFIX_LENGTH[child_level])
    children = list(Region.objects.filter(parent=region, level=child_level).order_by("code"))
    norms = Norm.for_regions(children, year)
    for child in children:
        row = counted.get(child.prefix, {})
        total.children.append(
            SkillShare(
                region=child,
                year=year,
                labour=row.get("labour", 0),
                skilled=row.get("skilled", 0),
                target=norms[child.pk].skill_share_percent,
            )
        )
    total.children.sort(key=lambda s: (-s.short, s.region.code))
    return total
