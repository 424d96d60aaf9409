"""Which reviewers score which township. Each township of a round needs at least two before scoring opens.

Conflict of interest: a reviewer never scores the place they belong to. A reviewer's scope is the city (a
member of the city's leadership group: belongs to no county) or a county (belongs to that county). So a
reviewer is refused for a township that lies inside their scope unless their scope is the whole city — a
county's reviewer never scores a township of that county; a city reviewer may score any township.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from skilled_township.accounts.roles import Role
from skilled_township.regions.models import Region

from ..models import AssessmentRound, ReviewerAssignment

MIN_REVIEWERS = 2


def conflict(reviewer, township: Region) -> str:
    """Why ``reviewer`` may not score ``township`` (empty: they may)."""
    scope = reviewer.scope
    if scope is None:
        return _("%(reviewer)s没有管辖范围。") % {"reviewer": reviewer}
    if scope.level != Region.Level.CITY and scope.contains(township):
        return _("%(reviewer)s属于%(scope)s，不能考核本县（市、区）的%(township)s（回避）。") % {
            "reviewer": reviewer,
            "scope": scope.name,
            "township": township.name,
        }
    return ""


@transaction.atomic
def assign(round: AssessmentRound, township: Region, reviewer, *, by) -> ReviewerAssignment:
    round = AssessmentRound.objects.select_for_update().get(pk=round.pk)
    if round.status not in (AssessmentRound.Status.DRAFT, AssessmentRound.Status.SCORING):
        raise ValidationError(_("考核轮次已结束，不能再分配考核组成员。"))
    if reviewer.role != Role.REVIEWER or not reviewer.is_active:
        raise ValidationError({"reviewer": _("只能分配在用的考核组成员账号。")})
    if township.level != Region.Level.TOWNSHIP or not round.city.contains(township):
        raise ValidationError({"township": _("请选择本市的乡镇。")})
    why = conflict(reviewer, township)
    if why:
        raise ValidationError({"reviewer": why})
    if ReviewerAssignment.objects.filter(round=round, township=township, reviewer=reviewer).exists():
        raise ValidationError({"reviewer": _("该成员已分配到这个乡镇。")})
    return ReviewerAssignment.objects.create(round=round, township=township, reviewer=reviewer)


@transaction.atomic
def unassign(assignment: ReviewerAssignment) -> None:
    round = AssessmentRound.objects.select_for_update().get(pk=assignment.round_id)
    if round.status not in (AssessmentRound.Status.DRAFT, AssessmentRound.Status.SCORING):
        raise ValidationError(_("考核轮次已结束，不能再调整分工。"))
    if assignment.is_submitted:
        raise ValidationError(_("评分表已提交，不能取消分配。"))
    assignment.delete()


def townships_short_of_reviewers(round: AssessmentRound) -> list[Region]:
    """Townships of the round with fewer than two reviewers (one query)."""
    return list(Region.objects.filter(pk__in=_short_ids(round)).order_by("code"))


def _short_ids(round: AssessmentRound):
    return (
        ReviewerAssignment.objects.filter(round=round)
        .order_by()
        .values("township")
        .annotate(n=Count("reviewer", distinct=True))
        .filter(n__lt=MIN_REVIEWERS)
        .values("township")
    )
