"""The rubric of a round: the default (seed 000's three areas and seed 002's public satisfaction), copying, and
the rule that it sums to exactly 100.

The seeds name the three things the year-end check looks at (seed 000 四(三)) and say that townships scored
by a 100-point rule blended with a public satisfaction survey (seed 002), but give no split: the points below
are the organisation department's default — 25 for the base, 35 for cadres' training and service, 30 for the
assisted households, 10 for public satisfaction — and can be changed in each draft round.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ..models import AssessmentRound, Indicator

FULL_MARKS = Decimal("100")

#: (area, name, points, figure, criteria) — sub-indicators of seed 000's areas, in order.
DEFAULT_RUBRIC: list[tuple[str, str, str, str, str]] = [
    ("base", "基地面积与软硬件建设", "10", "operating_bases", "基地建成运营，面积、设施达到建设方案要求"),
    ("base", "建设资金拨付与使用", "8", "funds_disbursed", "市委组织部拨付资金及时到位、专款专用"),
    ("base", "示范辐射和日常管理", "7", "", "基地作为干部学习和服务三农的平台，带动一镇一品产业"),
    ("service", "培训计划与课次落实", "8", "sessions_held", "有年度培训计划，按计划组织培训"),
    ("service", "干部学习时数与学习台账", "8", "study_hours_per_cadre", "学习有笔记、服务有记录"),
    ("service", "技能鉴定与持证", "9", "certified_share", "干部经鉴定取得技能证书"),
    ("service", "结对走访与帮扶服务", "10", "visit_days_per_cadre", "一对一结对帮扶，按要求下村走访"),
    ("households", "帮扶对象收入达到全村平均水平", "12", "households_on_track", "两年内人均纯收入达到全村平均水平"),
    ("households", "帮扶对象增收幅度", "10", "income_growth", "帮扶对象人均纯收入逐年增长"),
    ("households", "帮扶对象掌握致富技能和服务评价", "8", "service_satisfaction", "掌握一门以上致富技能，群众评价好"),
    ("satisfaction", "群众满意度测评", "10", "", "按测评结果计分：满意计全分，基本满意计半分"),
]


def rubric_sum(round: AssessmentRound) -> Decimal:
    return round.indicators.aggregate(total=Sum("max_points"))["total"] or Decimal("0")


def check_sums_to_100(round: AssessmentRound) -> None:
    total = rubric_sum(round)
    if total != FULL_MARKS:
        raise ValidationError(
            _("评分细则各指标分值合计须为100分，目前为%(total)s分。") % {"total": f"{total.normalize():f}"}
        )
    if round.indicators.filter(area=Indicator.Area.SATISFACTION).count() > 1:
        raise ValidationError(_("群众满意度指标只能有一项。"))


def fill(round: AssessmentRound) -> None:
    """A new round's rubric: the previous round's (the latest earlier year of the city), else the default."""
    previous = (
        AssessmentRound.objects.filter(city=round.city, year__lt=round.year)
        .exclude(pk=round.pk)
        .order_by("-year")
        .first()
    )
    if previous is not None and previous.indicators.exists():
        rows = [
            Indicator(
                round=round,
                area=i.area,
                order=i.order,
                name=i.name,
                criteria=i.criteria,
                max_points=i.max_points,
                figure=i.figure,
            )
            for i in previous.indicators.all()
        ]
    else:
        rows = [
            Indicator(round=round, area=area, order=n, name=name, max_points=Decimal(points), figure=figure, criteria=c)
            for n, (area, name, points, figure, c) in enumerate(DEFAULT_RUBRIC, start=1)
        ]
    for row in rows:
        row.save()  # one by one: each lands in the audit trail


def refuse_unless_draft(round: AssessmentRound) -> None:
    if not round.is_draft:
        raise ValidationError(_("只有草稿状态的考核轮次可以修改评分细则。"))


@transaction.atomic
def save_indicator(indicator: Indicator) -> Indicator:
    round = AssessmentRound.objects.select_for_update().get(pk=indicator.round_id)
    refuse_unless_draft(round)
    indicator.full_clean()
    if (
        indicator.is_survey
        and round.indicators.filter(area=Indicator.Area.SATISFACTION).exclude(pk=indicator.pk).exists()
    ):
        raise ValidationError({"area": _("群众满意度指标只能有一项。")})
    indicator.save()
    return indicator


@transaction.atomic
def delete_indicator(indicator: Indicator) -> None:
    round = AssessmentRound.objects.select_for_update().get(pk=indicator.round_id)
    refuse_unless_draft(round)
    indicator.delete()
