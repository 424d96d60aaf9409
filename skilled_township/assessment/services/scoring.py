"""A reviewer's score sheet: points per indicator in [0, max] in steps of 0.5, a comment required below 60% of
the maximum; saved as a draft any number of times, then submitted (locked for good).

Lost updates: every sheet carries a version. A save names the version it was based on and succeeds only if the
sheet is still at that version (a conditional UPDATE), so a second browser tab or a second person saving over a
newer sheet is refused and told so, instead of silently overwriting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.core.signals import bulk_saved

from ..models import AssessmentRound, Indicator, ReviewerAssignment, Score

#: Below this share of an indicator's maximum a reviewer must say why.
COMMENT_BELOW = Decimal("0.6")
STEP = Decimal("0.5")


@dataclass
class Entry:
    points: Decimal | None
    comment: str = ""


def scored_indicators(round: AssessmentRound):
    """The indicators a reviewer scores: all but public satisfaction, which the survey scores."""
    return round.indicators.exclude(area=Indicator.Area.SATISFACTION).order_by("order", "id")


def parse_points(value) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(_("请输入数字。")) from None


def check_entry(indicator: Indicator, entry: Entry, *, final: bool) -> None:
    """The rules of one indicator's points (``final``: the sheet is being submitted, so points are required)."""
    if entry.points is None:
        if final:
            raise ValidationError(_("提交前请为每项指标评分。"))
        return
    if entry.points < 0 or entry.points > indicator.max_points:
        raise ValidationError(_("得分须在0到%(max)s分之间。") % {"max": f"{indicator.max_points.normalize():f}"})
    if (entry.points / STEP) % 1:
        raise ValidationError(_("得分以0.5分为单位。"))
    if entry.points < indicator.max_points * COMMENT_BELOW and not entry.comment.strip():
        raise ValidationError(_("得分低于分值的60%，请填写评分说明。"))


def validate(assignment: ReviewerAssignment, entries: dict[int, Entry], *, final: bool) -> dict[int, list[str]]:
    """Errors by indicator id (empty: the sheet may be saved)."""
    errors: dict[int, list[str]] = {}
    for indicator in scored_indicators(assignment.round):
        try:
            check_entry(indicator, entries.get(indicator.pk, Entry(None)), final=final)
        except ValidationError as error:
            errors[indicator.pk] = error.messages
    return errors


class SheetConflict(ValidationError):
    """The sheet changed since the reviewer opened it."""


@transaction.atomic
def save_sheet(
    assignment: ReviewerAssignment, entries: dict[int, Entry], *, version: int, by, submit: bool = False
) -> ReviewerAssignment:
    """Save the reviewer's points (and submit them when ``submit``); refused when the round is not scoring, the
    sheet is someone else's or already submitted, a point breaks a rule, or the sheet moved past ``version``."""
    if assignment.reviewer_id != by.pk:
        raise ValidationError(_("只能填写自己的评分表。"))
    if not AssessmentRound.objects.filter(pk=assignment.round_id, status=AssessmentRound.Status.SCORING).exists():
        raise ValidationError(_("考核轮次不在评分中，不能评分。"))
    errors = validate(assignment, entries, final=submit)
    if errors:
        raise ValidationError({str(pk): messages for pk, messages in errors.items()})
    status = ReviewerAssignment.Status.SUBMITTED if submit else ReviewerAssignment.Status.DRAFT
    claimed = (
        ReviewerAssignment.objects.filter(pk=assignment.pk, version=version)
        .exclude(status=ReviewerAssignment.Status.SUBMITTED)
        .update(version=F("version") + 1, status=status, submitted_at=timezone.now() if submit else None)
    )
    if not claimed:
        current = ReviewerAssignment.objects.get(pk=assignment.pk)
        if current.is_submitted:
            raise SheetConflict(_("评分表已提交，不能再修改。"))
        raise SheetConflict(
            _("评分表已在别处（其他窗口或他人）保存过，您的修改未保存。请核对下方您填写的内容后，刷新页面重新保存。")
        )
    if status != assignment.status:
        # The conditional UPDATE skips the save signals: the status change goes to the audit trail here.
        changed = [(assignment, {"status": [assignment.status, status]})]
        bulk_saved.send(sender=ReviewerAssignment, created=[], changed=changed)
    existing = {score.indicator_id: score for score in assignment.scores.all()}
    for indicator in scored_indicators(assignment.round):
        entry = entries.get(indicator.pk)
        score = existing.get(indicator.pk)
        if entry is None or entry.points is None:
            if score is not None:
                score.delete()
            continue
        if score is None:
            score = Score(assignment=assignment, indicator=indicator)
        if score.points != entry.points or score.comment != entry.comment:
            score.points, score.comment = entry.points, entry.comment.strip()
            score.save()
    assignment.refresh_from_db()
    return assignment
