"""Appeals against a published annual grade: the cadre files one with its reason within the window after
publication (the round's ``appeal_days``, default 10); the organisation department decides. Upheld: the grade
becomes the one decided (the cap on 优秀 still holds), the decision recorded on the appeal; rejected: unchanged.
This is the only way a published grade changes (``CadreGrade.save`` refuses any other)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CadreGrade, GradeAppeal, GradeScheme
from . import grades


def deadline(scheme: GradeScheme) -> datetime.datetime | None:
    if scheme.published_at is None:
        return None
    return scheme.published_at + datetime.timedelta(days=scheme.appeal_days)


@transaction.atomic
def file(grade: CadreGrade, reason: str, *, by) -> GradeAppeal:
    grade = CadreGrade.objects.select_for_update().select_related("round").get(pk=grade.pk)
    if getattr(by, "cadre_id", None) != grade.cadre_id:
        raise ValidationError(_("只能对本人的年度等次提出申诉。"))
    scheme = grades.scheme_of(grade.round)
    end = deadline(scheme)
    if end is None:
        raise ValidationError(_("年度等次尚未发布。"))
    if timezone.now() > end:
        raise ValidationError(
            _("申诉期已于%(date)s结束（发布后%(days)s天内）。")
            % {"date": timezone.localtime(end).strftime("%Y-%m-%d %H:%M"), "days": scheme.appeal_days}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写申诉理由。")})
    if grade.appeals.filter(status=GradeAppeal.Status.PENDING).exists():
        raise ValidationError(_("已有一份待处理的申诉。"))
    return GradeAppeal.objects.create(grade=grade, reason=reason, filed_by=by, previous=grade.final)


@transaction.atomic
def decide(appeal: GradeAppeal, *, upheld: bool, decision: str, new_grade: str = "", by) -> GradeAppeal:
    appeal = GradeAppeal.objects.select_for_update().select_related("grade__round", "grade__cadre").get(pk=appeal.pk)
    if not appeal.is_pending:
        raise ValidationError(_("该申诉已处理。"))
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": _("请填写处理意见。")})
    grade = CadreGrade.objects.select_for_update().get(pk=appeal.grade_id)
    if upheld:
        if new_grade not in CadreGrade.Grade.values or new_grade == grade.final:
            raise ValidationError({"decided_grade": _("申诉成立须选择与原等次不同的等次。")})
        grades.refuse_over_cap(grade, new_grade, grades.scheme_of(grade.round))
        grade.final, grade.set_by, grade.set_at = new_grade, by, timezone.now()
        grade.basis = _("%(basis)s（申诉成立：%(decision)s）") % {"basis": grade.basis, "decision": decision}
        grade.save(through_appeal=True)
        appeal.status, appeal.decided_grade = GradeAppeal.Status.UPHELD, new_grade
    else:
        appeal.status = GradeAppeal.Status.REJECTED
    appeal.decision, appeal.decided_by, appeal.decided_at = decision, by, timezone.now()
    appeal.save()
    return appeal
