"""Results of a round, computed when it closes and stored; frozen once published.

* Per indicator: the mean of the reviewers' submitted points; with five or more reviewers the highest and the
  lowest are dropped first (one of each). Drafts are not counted. The satisfaction indicator takes the
  survey's points (``surveys.points``).
* Spread check: for one township and indicator, reviewers whose points differ by more than the round's share
  (default 30%) of the indicator's maximum are flagged to the chair on the round page; closing waits for the
  chair to acknowledge them.
* Total: the sum of the indicators; grade by the round's bands (default 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, else
  不合格).
* Rank, in the city and in the county: higher total first; ties broken by the higher 帮扶对象生产发展和增收情况
  score, then the higher 群众满意度 score, then the lower division code — so every rank is unique.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Max, Min, Sum
from django.utils.translation import gettext as _

from skilled_township.regions.models import Region

from ..models import (
    AssessmentResult,
    AssessmentRound,
    Indicator,
    ResultLine,
    ReviewerAssignment,
    SatisfactionSurvey,
    Score,
)
from . import surveys

TWO = Decimal("0.01")
TRIM_FROM = 5


def trimmed_mean(total: Decimal, highest: Decimal, lowest: Decimal, count: int) -> tuple[Decimal, bool]:
    """The mean of ``count`` points summing to ``total``; dropping the highest and lowest from five on."""
    if count >= TRIM_FROM:
        return ((total - highest - lowest) / (count - 2)).quantize(TWO, rounding=ROUND_HALF_UP), True
    return (total / count).quantize(TWO, rounding=ROUND_HALF_UP), False


def grade(total: Decimal, round: AssessmentRound) -> str:
    if total >= round.excellent_from:
        return AssessmentResult.Grade.EXCELLENT
    if total >= round.good_from:
        return AssessmentResult.Grade.GOOD
    if total >= round.pass_from:
        return AssessmentResult.Grade.PASS
    return AssessmentResult.Grade.FAIL


def _submitted(round: AssessmentRound):
    return Score.objects.filter(
        assignment__round=round, assignment__status=ReviewerAssignment.Status.SUBMITTED
    ).order_by()


def spread_flags(round: AssessmentRound) -> list[dict]:
    """Township and indicator pairs whose submitted points differ by more than the round's share of the maximum
    (one query): ``{"township", "indicator", "lowest", "highest"}``."""
    rows = (
        _submitted(round)
        .values("assignment__township_id", "indicator_id", "indicator__max_points")
        .annotate(lowest=Min("points"), highest=Max("points"))
        .annotate(spread=F("highest") - F("lowest"))
        .filter(spread__gt=F("indicator__max_points") * round.spread_share)
    )
    rows = list(rows)
    if not rows:
        return []
    townships = Region.objects.in_bulk({row["assignment__township_id"] for row in rows})
    indicators = Indicator.objects.in_bulk({row["indicator_id"] for row in rows})
    return [
        {
            "township": townships[row["assignment__township_id"]],
            "indicator": indicators[row["indicator_id"]],
            "lowest": row["lowest"],
            "highest": row["highest"],
        }
        for row in sorted(rows, key=lambda r: (townships[r["assignment__township_id"]].code, r["indicator_id"]))
    ]


def refuse_incomplete(round: AssessmentRound) -> None:
    """Every township needs two submitted sheets, and a survey when the rubric has the satisfaction indicator."""
    townships = Region.objects.filter(pk__in=round.assignments.values("township")).order_by("code")
    submitted = dict(
        round.assignments.filter(status=ReviewerAssignment.Status.SUBMITTED)
        .order_by()
        .values("township")
        .annotate(n=Count("pk"))
        .values_list("township", "n")
    )
    short = [t.name for t in townships if submitted.get(t.pk, 0) < 2]
    if short:
        raise ValidationError(_("以下乡镇提交的评分表不足2份，不能结束评分：%(names)s。") % {"names": "、".join(short)})
    if surveys.satisfaction_indicator(round) is not None:
        surveyed = set(round.surveys.values_list("township", flat=True))
        missing = [t.name for t in townships if t.pk not in surveyed]
        if missing:
            raise ValidationError(_("以下乡镇还没有录入群众满意度测评：%(names)s。") % {"names": "、".join(missing)})


def compute(round: AssessmentRound) -> list[dict]:
    """Every township's lines, total, grade and ranks, in city rank order (nothing stored)."""
    indicators = list(round.indicators.order_by("order", "id"))
    townships = Region.objects.filter(pk__in=round.assignments.values("township")).order_by("code")
    aggregates = {
        (row["assignment__township_id"], row["indicator_id"]): row
        for row in _submitted(round)
        .values("assignment__township_id", "indicator_id")
        .annotate(n=Count("pk"), total=Sum("points"), highest=Max("points"), lowest=Min("points"))
    }
    survey_of = {s.township_id: s for s in SatisfactionSurvey.objects.filter(round=round)}
    found = []
    for township in townships:
        lines = []
        for indicator in indicators:
            if indicator.is_survey:
                points = surveys.points(indicator.max_points, survey_of.get(township.pk))
                lines.append({"indicator": indicator, "points": points, "reviewers": 0, "trimmed": False})
                continue
            row = aggregates.get((township.pk, indicator.pk))
            if row is None:
                lines.append({"indicator": indicator, "points": Decimal("0.00"), "reviewers": 0, "trimmed": False})
                continue
            points, trimmed = trimmed_mean(row["total"], row["highest"], row["lowest"], row["n"])
            lines.append({"indicator": indicator, "points": points, "reviewers": row["n"], "trimmed": trimmed})
        total = sum((line["points"] for line in lines), Decimal("0.00"))
        by_area = defaultdict(Decimal)
        for line in lines:
            by_area[line["indicator"].area] += line["points"]
        found.append(
            {
                "township": township,
                "lines": lines,
                "total": total,
                "grade": grade(total, round),
                "households_points": by_area[Indicator.Area.HOUSEHOLDS],
                "satisfaction_points": by_area[Indicator.Area.SATISFACTION],
            }
        )
    rank(found)
    return found


def rank(found: list[dict]) -> None:
    """City and county ranks, with the tie-break of the module's docstring."""
    found.sort(key=lambda r: (-r["total"], -r["households_points"], -r["satisfaction_points"], r["township"].code))
    per_county: dict[str, int] = defaultdict(int)
    for position, row in enumerate(found, start=1):
        county = row["township"].code[:6]
        per_county[county] += 1
        row["city_rank"], row["county_rank"] = position, per_county[county]


def store(round: AssessmentRound) -> list[AssessmentResult]:
    """Replace the round's stored results with freshly computed ones (the round is 已结束, never 已发布)."""
    for old in AssessmentResult.objects.filter(round=round):
        old.delete()
    stored = []
    for row in compute(round):
        result = AssessmentResult.objects.create(
            round=round,
            township=row["township"],
            total=row["total"],
            grade=row["grade"],
            city_rank=row["city_rank"],
            county_rank=row["county_rank"],
            households_points=row["households_points"],
            satisfaction_points=row["satisfaction_points"],
        )
        for line in row["lines"]:
            ResultLine.objects.create(
                result=result,
                indicator=line["indicator"],
                points=line["points"],
                reviewers=line["reviewers"],
                trimmed=line["trimmed"],
            )
        stored.append(result)
    return stored
