"""Home-page notices: a reviewer's sheets still to submit; for the organisation department, tech deputies due
for their end-of-term assessment; for the city's organisation department, townships short of reviewers in a draft
round and spread flags waiting in a round being scored."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from skilled_township.accounts.roles import Role
from skilled_township.core.navigation import Notice

from ..models import AssessmentRound, ReviewerAssignment
from . import assignments, deputies, results, rounds


def notices_for(user) -> list[Notice]:
    found: list[Notice] = []
    if getattr(user, "role", "") == Role.REVIEWER and user.has_role_perm("assessment.score"):
        open_sheets = (
            ReviewerAssignment.objects.visible_to(user)
            .filter(round__status=AssessmentRound.Status.SCORING)
            .exclude(status=ReviewerAssignment.Status.SUBMITTED)
            .count()
        )
        if open_sheets:
            found.append(
                Notice(_("待提交的评分表"), reverse("assessment:my_sheets"), open_sheets, key="assessment-sheets")
            )
    if getattr(user, "role", "") == Role.ORG_ADMIN and user.has_role_perm("assessment.deputy_assess"):
        waiting = deputies.due(user).filter(assessed=False).count()
        if waiting:
            found.append(
                Notice(
                    _("待期满考核的科技副镇长"), reverse("assessment:deputy_list"), waiting, key="assessment-deputies"
                )
            )
    if rounds.may_manage(user):
        for round in AssessmentRound.objects.visible_to(user).filter(
            status__in=[AssessmentRound.Status.DRAFT, AssessmentRound.Status.SCORING]
        ):
            if round.is_draft:
                short = len(assignments.townships_short_of_reviewers(round))
                if short:
                    text = _("%(round)s：考核组成员不足2名的乡镇") % {"round": round}
                    found.append(Notice(text, round.get_absolute_url(), short, key="assessment-short"))
            elif round.spread_acknowledged_at is None:
                flags = len(results.spread_flags(round))
                if flags:
                    text = _("%(round)s：评分差异过大的指标") % {"round": round}
                    found.append(Notice(text, round.get_absolute_url(), flags, key="assessment-spread"))
    return found
