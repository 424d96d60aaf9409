"""群众满意度测评 (seed 002: townships were checked by 联点户座谈 + 实地走访 + 群众满意度测评).

Points on the satisfaction indicator = its maximum × (满意 + 0.5 × 基本满意) ÷ 参评人数: a satisfied answer
counts in full, a basically satisfied one half, a dissatisfied one nothing. Entered by the city's organisation
department (which runs the survey with the reviewers) while the round is 评分中.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import AssessmentRound, Indicator, SatisfactionSurvey

FORMULA = gettext_lazy("满意度得分 = 分值 ×（满意人数 + 0.5 × 基本满意人数）÷ 参评人数")


def points(max_points: Decimal, survey: SatisfactionSurvey | None) -> Decimal:
    if survey is None or not survey.respondents:
        return Decimal("0.00")
    value = max_points * (Decimal(survey.satisfied) + Decimal("0.5") * survey.basically_satisfied) / survey.respondents
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def satisfaction_indicator(round: AssessmentRound) -> Indicator | None:
    return round.indicators.filter(area=Indicator.Area.SATISFACTION).first()


@transaction.atomic
def save_survey(survey: SatisfactionSurvey) -> SatisfactionSurvey:
    round = AssessmentRound.objects.select_for_update().get(pk=survey.round_id)
    if not round.is_scoring:
        raise ValidationError(_("只有评分中的考核轮次可以录入满意度测评。"))
    if not round.assignments.filter(township=survey.township_id).exists():
        raise ValidationError({"township": _("该乡镇不在本轮考核中。")})
    survey.full_clean()
    survey.save()
    return survey
