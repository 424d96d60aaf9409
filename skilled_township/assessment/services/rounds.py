"""A round's life: created (with its rubric) → 评分中 → 已结束 (results stored) → 已发布 (frozen); a published
round is reopened only with a reason. Each step records who and when (``RoundStep``, audited like every row).

Only the organisation department of the city manages rounds: a round is the city's, and a county's
organisation department (org_admin scoped to a county) reads rounds and its county's results but neither
changes a round nor assigns reviewers, since its townships are among those assessed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.accounts.roles import Role
from skilled_township.regions.models import Region

from ..models import AssessmentRound, RoundStep
from . import assignments, results, rubric, snapshots


def may_manage(user) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    scope = getattr(user, "scope", None)
    return (
        getattr(user, "role", "") == Role.ORG_ADMIN
        and user.has_role_perm("assessment.manage")
        and scope is not None
        and scope.level == Region.Level.CITY
    )


def _step(round: AssessmentRound, by, reason: str = "") -> None:
    RoundStep.objects.create(round=round, status=round.status, by=by, reason=reason)


def _locked(round: AssessmentRound) -> AssessmentRound:
    return AssessmentRound.objects.select_for_update().get(pk=round.pk)


@transaction.atomic
def create_round(city: Region, year: int, *, by) -> AssessmentRound:
    if AssessmentRound.objects.filter(city=city, year=year).exists():
        raise ValidationError({"year": _("%(year)s年度的考核轮次已存在。") % {"year": year}})
    round = AssessmentRound(city=city, year=year, created_by=by)
    round.full_clean()
    round.save()
    rubric.fill(round)
    _step(round, by)
    return round


@transaction.atomic
def open_scoring(round: AssessmentRound, *, by) -> AssessmentRound:
    round = _locked(round)
    if not round.is_draft:
        raise ValidationError(_("只有草稿状态的考核轮次可以开始评分。"))
    rubric.check_sums_to_100(round)
    if not round.assignments.exists():
        raise ValidationError(_("还没有为任何乡镇分配考核组成员。"))
    short = assignments.townships_short_of_reviewers(round)
    if short:
        raise ValidationError(
            _("每个乡镇至少需要%(n)s名考核组成员，以下乡镇不足：%(names)s。")
            % {"n": assignments.MIN_REVIEWERS, "names": "、".join(t.name for t in short)}
        )
    round.status, round.opened_by, round.opened_at = AssessmentRound.Status.SCORING, by, timezone.now()
    round.save()
    _step(round, by)
    return round


@transaction.atomic
def acknowledge_spread(round: AssessmentRound, *, by) -> AssessmentRound:
    round = _locked(round)
    if not round.is_scoring:
        raise ValidationError(_("只有评分中的考核轮次需要确认评分差异。"))
    round.spread_acknowledged_by, round.spread_acknowledged_at = by, timezone.now()
    round.save()
    return round


@transaction.atomic
def close(round: AssessmentRound, *, by) -> AssessmentRound:
    """End the scoring and store the results (see ``results.compute``)."""
    round = _locked(round)
    if not round.is_scoring:
        raise ValidationError(_("只有评分中的考核轮次可以结束评分。"))
    if results.spread_flags(round) and round.spread_acknowledged_at is None:
        raise ValidationError(_("有评分差异过大的指标，请组长先查看并确认后再结束评分。"))
    results.refuse_incomplete(round)
    round.status, round.closed_by, round.closed_at = AssessmentRound.Status.CLOSED, by, timezone.now()
    round.save()
    results.store(round)
    # The evidence as it stood when scoring ended: kept with the results and used by the reports.
    snapshots.refresh(round)
    _step(round, by)
    return round


@transaction.atomic
def publish(round: AssessmentRound, *, by) -> AssessmentRound:
    round = _locked(round)
    if round.status != AssessmentRound.Status.CLOSED:
        raise ValidationError(_("只有已结束的考核轮次可以发布结果。"))
    round.status, round.published_by, round.published_at = AssessmentRound.Status.PUBLISHED, by, timezone.now()
    round.save()
    _step(round, by)
    return round


@transaction.atomic
def reopen(round: AssessmentRound, *, by, reason: str) -> AssessmentRound:
    """A published round back to 评分中 (the results are no longer shown outside the department and are
    recomputed when it closes again); only with a reason, which is kept with the step."""
    round = _locked(round)
    if not round.is_published:
        raise ValidationError(_("只有已发布的考核轮次可以重新打开。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("重新打开已发布的考核轮次必须说明原因。")})
    round.status = AssessmentRound.Status.SCORING
    round.published_by = round.published_at = None
    round.spread_acknowledged_by = round.spread_acknowledged_at = None
    round.save()
    _step(round, by, reason)
    return round
