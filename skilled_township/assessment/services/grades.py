"""Cadres' annual grades (优秀 / 称职 / 基本称职 / 不称职) of a round.

The suggestion comes from the year's record of every in-post cadre, computed in the database (one query for
the whole city). Each part is scored out of 100:

* study: hours in the study ledger in the year ÷ 40 hours (capped at 100);
* certificate: 100 when the cadre holds a valid certificate unexpired at the end of the year, else 0;
* visits: days the cadre visited households in the year ÷ 24 days (capped at 100);
* service: the mean rating (1–5) of the cadre's service requests rated in the year × 20; 60 when none was rated;
* township: the total of the cadre's township in the round (0 when it has no result).

The record score is Σ weight × part ÷ 100 with the weights of the round (``GradeScheme``, summing to 100),
rounded to 0.01; suggested grade: 优秀 ≥ 85, 称职 ≥ 70, 基本称职 ≥ 60, else 不称职.

The organisation department sets the final grade with its basis; at most ``excellent_cap`` of a township's
graded cadres (rounded down, at least one) may be 优秀. Grades are published once the round's results are; after
that a grade changes only through an appeal's decision (``services.appeals.decide``).
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, Round
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skilled_township.cadres.models import Cadre
from skilled_township.certifications.models import Certificate, ServiceRequest
from skilled_township.learning.models import StudyRecord
from skilled_township.pairing.models import Visit

from ..models import AssessmentResult, AssessmentRound, CadreGrade, GradeScheme

STUDY_TARGET_HOURS = 40
VISIT_TARGET_DAYS = 24
NO_RATING = Decimal("60")
BANDS = (
    (Decimal("85"), CadreGrade.Grade.EXCELLENT),
    (Decimal("70"), CadreGrade.Grade.COMPETENT),
    (Decimal("60"), CadreGrade.Grade.BASIC),
)
FORMULA = gettext_lazy(
    "年度实绩得分 = Σ 权重 × 分项得分 ÷ 100。分项得分（满分100）：学习 = 年度学习时数 ÷ 40小时 × 100（最高100）；"
    "持证 = 年末持有效证书得100，否则0；走访 = 年度走访天数 ÷ 24天 × 100（最高100）；服务评价 = 年度所获评价平均分 × 20"
    "（无评价按60）；乡镇考核 = 所在乡镇本轮考核总分（无结果按0）。建议等次：85分以上优秀，70分以上称职，"
    "60分以上基本称职，其余不称职。"
)
D = DecimalField(max_digits=12, decimal_places=4)


def scheme_of(round: AssessmentRound) -> GradeScheme:
    scheme, _created = GradeScheme.objects.get_or_create(round=round)
    return scheme


def _dec(value) -> Value:
    return Value(Decimal(value), output_field=D)


def records(round: AssessmentRound, scheme: GradeScheme | None = None):
    """In-post cadres of the round's city annotated with the year's record, its parts, the record score and the
    suggested grade: one query."""
    scheme = scheme or scheme_of(round)
    start, end = datetime.date(round.year, 1, 1), datetime.date(round.year, 12, 31)
    hours = (
        StudyRecord.objects.filter(cadre=OuterRef("pk"), studied_on__year=round.year)
        .order_by()
        .values("cadre")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    certified = Certificate.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=end),
        cadre=OuterRef("pk"),
        status=Certificate.Status.VALID,
        issued_on__lte=end,
    )
    days = (
        Visit.objects.filter(cadre=OuterRef("pk"), visited_on__gte=start, visited_on__lte=end)
        .order_by()
        .values("cadre")
        .annotate(n=Count("visited_on", distinct=True))
        .values("n")
    )
    rating = (
        ServiceRequest.objects.filter(cadre=OuterRef("pk"), rating__isnull=False, rated_at__year=round.year)
        .order_by()
        .values("cadre")
        .annotate(mean=Avg("rating"))
        .values("mean")
    )
    township_total = AssessmentResult.objects.filter(round=round, township=OuterRef("township")).values("total")[:1]
    score = ExpressionWrapper(
        (
            F("study_part") * scheme.study_weight
            + F("certificate_part") * scheme.certificate_weight
            + F("visit_part") * scheme.visit_weight
            + F("service_part") * scheme.service_weight
            + F("township_part") * scheme.township_weight
        )
        / _dec(100),
        output_field=D,
    )
    bands = [When(record_score__gte=_dec(floor), then=Value(grade.value)) for floor, grade in BANDS]
    return (
        Cadre.objects.filter(status=Cadre.Status.IN_POST, township__code__startswith=round.city.prefix)
        .annotate(
            hours=Coalesce(Subquery(hours, output_field=D), _dec(0)),
            certified=Exists(certified),
            visit_days=Coalesce(Subquery(days), 0),
            mean_rating=Subquery(rating, output_field=D),
            township_total=Subquery(township_total, output_field=D),
        )
        .annotate(
            study_part=Least(F("hours") * _dec(100) / _dec(STUDY_TARGET_HOURS), _dec(100)),
            certificate_part=Case(When(certified=True, then=_dec(100)), default=_dec(0), output_field=D),
            visit_part=Least(
                ExpressionWrapper(F("visit_days") * _dec(100) / _dec(VISIT_TARGET_DAYS), output_field=D), _dec(100)
            ),
            service_part=Coalesce(F("mean_rating") * _dec(20), _dec(NO_RATING)),
            township_part=Coalesce(F("township_total"), _dec(0)),
        )
        .annotate(record_score=Round(score, 2, output_field=DecimalField(max_digits=5, decimal_places=2)))
        .annotate(suggested=Case(*bands, default=Value(CadreGrade.Grade.INCOMPETENT.value)))
        .order_by("township__code", "-record_score", "pk")
    )


def refuse_when_published(scheme: GradeScheme) -> None:
    if scheme.is_published:
        raise ValidationError(_("干部年度等次已发布，只能通过申诉决定变更。"))


@transaction.atomic
def save_scheme(scheme: GradeScheme) -> GradeScheme:
    refuse_when_published(GradeScheme.objects.select_for_update().get(pk=scheme.pk))
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def refresh(round: AssessmentRound, *, by) -> int:
    """Store every in-post cadre's record score and suggested grade (final grades already set are kept)."""
    scheme = GradeScheme.objects.select_for_update().get(pk=scheme_of(round).pk)
    refuse_when_published(scheme)
    existing = {g.cadre_id: g for g in CadreGrade.objects.filter(round=round)}
    count = 0
    for cadre in records(round, scheme).only("pk", "township_id"):
        grade = existing.get(cadre.pk) or CadreGrade(round=round, cadre=cadre)
        if grade.pk and (grade.record_score, grade.suggested) == (cadre.record_score, cadre.suggested):
            continue
        grade.record_score, grade.suggested = cadre.record_score, cadre.suggested
        grade.save()
        count += 1
    return count


def cap_of(scheme: GradeScheme, graded: int) -> int:
    """How many of a township's ``graded`` cadres may be 优秀: the share rounded down, at least one."""
    return max(1, math.floor(scheme.excellent_cap * graded)) if graded else 0


def refuse_over_cap(grade: CadreGrade, final: str, scheme: GradeScheme) -> None:
    if final != CadreGrade.Grade.EXCELLENT:
        return
    same_township = CadreGrade.objects.filter(round=grade.round_id, cadre__township=grade.cadre.township_id)
    graded = same_township.count()
    excellent = same_township.filter(final=CadreGrade.Grade.EXCELLENT).exclude(pk=grade.pk).count()
    allowed = cap_of(scheme, graded)
    if excellent + 1 > allowed:
        raise ValidationError(
            {
                "final": _(
                    "%(township)s优秀比例上限为%(cap)s%%：%(graded)s名参评干部中最多%(allowed)s名优秀，"
                    "已有%(count)s名，不能再评优秀。"
                )
                % {
                    "township": grade.cadre.township.name,
                    "cap": int(scheme.excellent_cap * 100),
                    "graded": graded,
                    "allowed": allowed,
                    "count": excellent,
                }
            }
        )


@transaction.atomic
def set_final(grade: CadreGrade, final: str, basis: str, *, by) -> CadreGrade:
    """The organisation department's grade with its basis (required); refused over the cap or once published."""
    scheme = GradeScheme.objects.select_for_update().get(pk=scheme_of(grade.round).pk)
    refuse_when_published(scheme)
    basis = (basis or "").strip()
    if not basis:
        raise ValidationError({"basis": _("请填写评定依据。")})
    if final not in CadreGrade.Grade.values:
        raise ValidationError({"final": _("请选择等次。")})
    if (grade.final, grade.basis) == (final, basis):
        return grade  # nothing changed: who set the grade, and when, stays as it was
    refuse_over_cap(grade, final, scheme)
    grade.final, grade.basis, grade.set_by, grade.set_at = final, basis, by, timezone.now()
    grade.save()
    return grade


@transaction.atomic
def publish(round: AssessmentRound, *, by) -> GradeScheme:
    """Publish the grades: the round's results are published and every cadre has a final grade."""
    scheme = GradeScheme.objects.select_for_update().get(pk=scheme_of(round).pk)
    refuse_when_published(scheme)
    if not AssessmentRound.objects.filter(pk=round.pk, status=AssessmentRound.Status.PUBLISHED).exists():
        raise ValidationError(_("考核结果发布后才能发布干部年度等次。"))
    grades = CadreGrade.objects.filter(round=round)
    if not grades.exists():
        raise ValidationError(_("还没有干部年度等次。"))
    unset = grades.filter(final="").count()
    if unset:
        raise ValidationError(_("还有%(n)s名干部没有评定等次。") % {"n": unset})
    scheme.published_by, scheme.published_at = by, timezone.now()
    scheme.save()
    return scheme
