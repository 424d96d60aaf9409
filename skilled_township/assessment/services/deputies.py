"""The end-of-term assessment of the 科技副镇长 (seed 000: 科技副镇长挂职期满，领导小组组织考核组对科技副镇长及其
科技团队的工作进行考核，对成绩突出、表现优秀的人员予以表彰奖励).

A tech deputy's secondment is due for assessment once its term has ended or ends within
``Secondment.ENDING_SOON_DAYS`` days. A reviewer of the leadership group or the organisation department records
one assessment per secondment (its team included): points in four areas (技术服务 30, 示范基地 30, 培训带徒 20,
群众评价 20; steps of 0.5), the conclusion from the total (优秀 ≥ 90, 合格 ≥ 75, 基本合格 ≥ 60, else 不合格), a
comment, and the commendation, for an 优秀 only. Beside the form, the term's record from the programme's own
ledgers (``evidence``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skilled_township.cadres.models import Secondment
from skilled_township.certifications.models import ServiceRecord, ServiceRequest
from skilled_township.pairing.models import Visit
from skilled_township.training.models import Attendance, TrainingBase, TrainingSession

from ..models import DeputyAssessment

RULE = gettext_lazy(
    "科技副镇长任期已满或距期满不足60天的，由考核组或组织部考核一次（含其科技团队）：技术服务30分、示范基地30分、"
    "培训带徒20分、群众评价20分，以0.5分为单位；总分90分以上优秀，75分以上合格，60分以上基本合格，其余不合格；"
    "仅优秀可予以表彰奖励。"
)


def due(user, today: datetime.date | None = None):
    """The user's tech deputy secondments due for assessment, the earliest end first, each marked whether
    assessed (``assessed``)."""
    today = today or timezone.localdate()
    assessed = DeputyAssessment.objects.filter(secondment=OuterRef("pk"))
    return (
        Secondment.objects.visible_to(user)
        .filter(
            kind=Secondment.Kind.TECH_DEPUTY,
            end_date__lte=today + datetime.timedelta(days=Secondment.ENDING_SOON_DAYS),
        )
        .annotate(assessed=Exists(assessed))
        .select_related("cadre__township", "term_assessment")
        .order_by("end_date", "id")
    )


def is_due(secondment: Secondment, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        secondment.kind == Secondment.Kind.TECH_DEPUTY
        and secondment.end_date is not None
        and secondment.end_date <= today + datetime.timedelta(days=Secondment.ENDING_SOON_DAYS)
    )


@dataclass(frozen=True)
class Evidence:
    start: datetime.date
    end: datetime.date
    sessions_taught: int
    trainees: int
    visit_days: int
    service_records: int
    requests_closed: int
    mean_rating: Decimal | None
    bases: list[TrainingBase]
    team: list[str]


def evidence(secondment: Secondment, today: datetime.date | None = None) -> Evidence:
    """The term's record (up to today when the term is still running): sessions the deputy taught and the cadres
    who attended them, days of household visits, entries in the service ledger, service requests closed and their
    mean rating, the training bases he heads, and his team."""
    today = today or timezone.localdate()
    cadre, start, end = secondment.cadre_id, secondment.start_date, min(secondment.end_date, today)
    sessions = TrainingSession.objects.filter(instructor_cadre=cadre, date__gte=start, date__lte=end)
    requests = ServiceRequest.objects.filter(
        cadre=cadre, status=ServiceRequest.Status.CLOSED, closed_at__date__gte=start, closed_at__date__lte=end
    ).aggregate(n=Count("id"), mean=Avg("rating", filter=Q(rating__isnull=False)))
    mean = requests["mean"]
    return Evidence(
        start=start,
        end=end,
        sessions_taught=sessions.count(),
        trainees=Attendance.objects.filter(session__in=sessions, status=Attendance.Status.CONFIRMED)
        .values("cadre")
        .distinct()
        .count(),
        visit_days=Visit.objects.filter(cadre=cadre, visited_on__gte=start, visited_on__lte=end)
        .values("visited_on")
        .distinct()
        .count(),
        service_records=ServiceRecord.objects.filter(cadre=cadre, served_on__gte=start, served_on__lte=end).count(),
        requests_closed=requests["n"],
        mean_rating=Decimal(mean).quantize(Decimal("0.1")) if mean is not None else None,
        bases=list(TrainingBase.objects.filter(headmaster=cadre).order_by("name")),
        team=[line.strip() for line in secondment.team_members.splitlines() if line.strip()],
    )


@transaction.atomic
def record(secondment: Secondment, values: dict, *, by) -> DeputyAssessment:
    """Record (or correct) the assessment of a due tech deputy secondment in the user's scope."""
    secondment = Secondment.objects.select_for_update().get(pk=secondment.pk)
    if not Secondment.objects.visible_to(by).filter(pk=secondment.pk).exists():
        raise ValidationError(_("该挂职不在您的管辖范围内。"))
    if secondment.kind != Secondment.Kind.TECH_DEPUTY:
        raise ValidationError(_("只有科技副镇长的挂职进行期满考核。"))
    if not is_due(secondment):
        raise ValidationError(
            _("任期%(end)s届满，期满前%(days)s天内才能考核。")
            % {"end": secondment.end_date, "days": Secondment.ENDING_SOON_DAYS}
        )
    assessment = DeputyAssessment.objects.filter(secondment=secondment).first() or DeputyAssessment(
        secondment=secondment
    )
    for name in [*DeputyAssessment.AREAS, "comment", "commended"]:
        if name in values:
            setattr(assessment, name, values[name])
    assessment.comment = (assessment.comment or "").strip()
    if not assessment.comment:
        raise ValidationError({"comment": _("请填写考核评语。")})
    assessment.recorded_by = by
    assessment.full_clean()
    assessment.save()
    return assessment
