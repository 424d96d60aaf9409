"""Cadres' annual grades: the record score on hand-computed data, the cap on 优秀, publication, the appeal window
and the appeal's decision as the only way a published grade changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from skilled_township.assessment.models import CadreGrade, FrozenWhenPublished, GradeAppeal
from skilled_township.assessment.services import appeals, grades, rounds
from skilled_township.certifications.models import Certificate, ServiceRequest
from skilled_township.learning.models import StudyRecord
from skilled_township.pairing.models import Household, Pairing, Visit

from .. import factories, objects
from . import builders
from . import grades as graded


def study(cadre, hours, day=datetime.date(2025, 4, 1), world=None):
    """``hours`` in records of 10 hours at most, on consecutive days from ``day``."""
    left, n = Decimal(hours), 0
    while left > 0:
        one = min(left, Decimal(10))
        StudyRecord.objects.create(
            cadre=cadre,
            studied_on=day + datetime.timedelta(days=n),
            hours=one,
            skill=objects.skill(world),
            mode="self_study",
        )
        left, n = left - one, n + 1


def visits(cadre, days, world, by, year=2025):
    home = Household.objects.create(
        village=world.village, head_name=f"{cadre.name}户", id_number=factories.resident_id(), members=3
    )
    pairing = Pairing.objects.create(cadre=cadre, household=home, started_on=datetime.date(2024, 1, 1))
    for n in range(days):
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=n)
        for _twice in range(2):  # two visits a day count as one day
            Visit.objects.create(
                pairing=pairing, cadre=cadre, household=home, visited_on=day, content="走访", recorded_by=by
            )


def rated(cadre, world, rating, day=datetime.datetime(2025, 6, 1, 10)):
    ServiceRequest.objects.create(
        township=world.township,
        cadre=cadre,
        requester_name="村民",
        requester_phone="13900000000",
        skill=objects.skill(world),
        description="柑桔黄龙病",
        status="closed",
        rating=rating,
        rated_at=timezone.make_aware(day),
    )


def test_record_score_and_suggestion_on_hand_computed_data(world, org_admin, secretary_of_gaocun):
    round = rounds.create_round(world.city, 2025, by=org_admin)  # no results yet: township part 0
    scheme = grades.scheme_of(round)
    scheme.study_weight, scheme.township_weight = 45, 0
    grades.save_scheme(scheme)
    a, b, _c = (factories.cadre(world.township, name) for name in ("甲", "乙", "丙"))
    factories.cadre(world.township, "离岗", status="left", left_on=datetime.date(2025, 6, 1))
    study(a, "30", world=world)
    study(a, "20", day=datetime.date(2024, 4, 1), world=world)  # another year
    Certificate.objects.create(
        cadre=a,
        skill=objects.skill(world),
        level=5,
        number="A1",
        issuing_body="人社局",
        issued_on=datetime.date(2025, 3, 1),
    )
    visits(a, 12, world, secretary_of_gaocun)
    rated(a, world, 5)
    rated(a, world, 4)
    rated(a, world, 1, day=datetime.datetime(2024, 6, 1, 10))  # another year
    study(b, "50", world=world)
    visits(b, 30, world, secretary_of_gaocun)
    with CaptureQueriesContext(connection) as queries:
        rows = {r.name: r for r in grades.records(round, scheme)}
    assert len(queries) == 1
    assert set(rows) == {"甲", "乙", "丙"}
    # 甲: study 30/40 → 75, certified 100, 12/24 days → 50, mean 4.5 → 90:
    #     (45×75 + 15×100 + 25×50 + 15×90) ÷ 100 = 33.75 + 15 + 12.5 + 13.5 = 74.75 → 称职
    # 乙: study 50/40 → 100 (capped), no certificate, 30/24 days → 100 (capped), no rating → 60:
    #     45 + 0 + 25 + 9 = 79 → 称职
    # 丙: nothing but the neutral rating: 15 × 60 ÷ 100 = 9 → 不称职
    got = {name: (r.record_score, r.suggested) for name, r in rows.items()}
    assert got == {
        "甲": (Decimal("74.75"), "competent"),
        "乙": (Decimal("79.00"), "competent"),
        "丙": (Decimal("9.00"), "incompetent"),
    }
    assert grades.refresh(round, by=org_admin) == 3
    stored = {g.cadre.name: (g.record_score, g.suggested, g.final) for g in CadreGrade.objects.filter(round=round)}
    assert stored["甲"] == (Decimal("74.75"), "competent", "")


def test_the_township_part_is_its_total_in_the_round(world, org_admin):
    round = builders.published_round(world)
    total = round.results.get(township=world.township).total
    cadre = objects.cadre(world)
    row = grades.records(round).get(pk=cadre.pk)
    # Default weights 25/15/25/15/20: only the neutral rating (60) and the township's total count.
    assert row.record_score == (Decimal("9") + total * Decimal("0.2")).quantize(Decimal("0.01"))


def test_weights_must_sum_to_100(world, org_admin):
    scheme = grades.scheme_of(rounds.create_round(world.city, 2025, by=org_admin))
    scheme.study_weight = 30
    with pytest.raises(ValidationError, match="各项权重之和须为100，现为105"):
        grades.save_scheme(scheme)


def grade_of(round, name):
    return CadreGrade.objects.select_related("cadre__township", "round").get(round=round, cadre__name=name)


def test_the_cap_on_excellent_names_the_cap_and_the_count(world, org_admin):
    round = builders.published_round(world)
    for n in range(10):
        factories.cadre(world.township, f"干部{n}")
    grades.refresh(round, by=org_admin)
    grades.set_final(grade_of(round, "干部0"), "excellent", "全年走访第一", by=org_admin)
    grades.set_final(grade_of(round, "干部1"), "excellent", "持证并带教", by=org_admin)
    # 10 cadres × 20% = 2 优秀.
    with pytest.raises(ValidationError) as refused:
        grades.set_final(grade_of(round, "干部2"), "excellent", "学习时数第一", by=org_admin)
    assert refused.value.message_dict["final"] == [
        "高村镇优秀比例上限为20%：10名参评干部中最多2名优秀，已有2名，不能再评优秀。"
    ]
    assert grade_of(round, "干部2").final == ""
    # Changing one of the two to 称职 frees a place; the same cadre may stay 优秀.
    grades.set_final(grade_of(round, "干部1"), "excellent", "持证并带教，复核", by=org_admin)
    grades.set_final(grade_of(round, "干部1"), "competent", "改评", by=org_admin)
    grades.set_final(grade_of(round, "干部2"), "excellent", "学习时数第一", by=org_admin)
    with pytest.raises(ValidationError, match="评定依据"):
        grades.set_final(grade_of(round, "干部3"), "competent", "  ", by=org_admin)


def test_grades_are_published_after_the_round_and_then_frozen(world, org_admin):
    round = builders.open_round(world, 2025, [builders.reviewer(world), builders.reviewer(world, "reviewer_b")])
    factories.cadre(world.township, "甲")
    grades.refresh(round, by=org_admin)
    grades.set_final(grade_of(round, "甲"), "competent", "依据年度实绩", by=org_admin)
    with pytest.raises(ValidationError, match="考核结果发布后才能发布干部年度等次"):
        grades.publish(round, by=org_admin)

    round = builders.published_round(world)
    factories.cadre(world.township, "乙")
    grades.refresh(round, by=org_admin)
    with pytest.raises(ValidationError, match="还有2名干部没有评定等次"):
        grades.publish(round, by=org_admin)
    for one in CadreGrade.objects.filter(round=round).select_related("cadre__township", "round"):
        grades.set_final(one, "competent", "依据年度实绩", by=org_admin)
    grades.publish(round, by=org_admin)

    one = grade_of(round, "乙")
    with pytest.raises(ValidationError, match="只能通过申诉决定变更"):
        grades.set_final(one, "excellent", "改", by=org_admin)
    with pytest.raises(FrozenWhenPublished):
        one.final = "excellent"
        one.save()
    with pytest.raises(ValidationError, match="只能通过申诉决定变更"):
        grades.refresh(round, by=org_admin)
    assert grade_of(round, "乙").final == "competent"


def test_an_appeal_within_the_window_decided_upheld_changes_the_grade(world, org_admin):
    appeal = graded.appeal(world)
    assert appeal.previous == "competent" and appeal.is_pending
    with pytest.raises(ValidationError, match="已有一份待处理的申诉"):
        appeals.file(appeal.grade, "再次申诉", by=graded.cadre_account(world))
    with pytest.raises(ValidationError, match="请填写处理意见"):
        appeals.decide(appeal, upheld=True, decision="", new_grade="excellent", by=org_admin)
    appeals.decide(appeal, upheld=True, decision="走访日志核实无误", new_grade="excellent", by=org_admin)
    appeal.refresh_from_db()
    grade = CadreGrade.objects.get(pk=appeal.grade_id)
    assert (appeal.status, appeal.decided_grade, appeal.decided_by) == ("upheld", "excellent", org_admin)
    assert grade.final == "excellent" and "申诉成立：走访日志核实无误" in grade.basis
    with pytest.raises(ValidationError, match="该申诉已处理"):
        appeals.decide(appeal, upheld=False, decision="重复", by=org_admin)


def test_a_rejected_appeal_leaves_the_grade(world, org_admin):
    appeal = graded.appeal(world)
    appeals.decide(appeal, upheld=False, decision="材料不足", by=org_admin)
    appeal.refresh_from_db()
    assert appeal.status == "rejected" and CadreGrade.objects.get(pk=appeal.grade_id).final == "competent"


def test_an_appeal_after_the_window_or_for_someone_else_is_refused(world, org_admin, cadre_of_other_township):
    grade = graded.grade(world)
    scheme = grades.scheme_of(grade.round)
    with pytest.raises(ValidationError, match="只能对本人的年度等次提出申诉"):
        appeals.file(grade, "不服", by=cadre_of_other_township)
    type(scheme).objects.filter(pk=scheme.pk).update(published_at=timezone.now() - datetime.timedelta(days=10, hours=1))
    with pytest.raises(ValidationError, match=r"申诉期已于.*结束（发布后10天内）"):
        appeals.file(grade, "不服", by=graded.cadre_account(world))
    assert not GradeAppeal.objects.exists()
    type(scheme).objects.filter(pk=scheme.pk).update(appeal_days=15)
    appeals.file(grade, "不服", by=graded.cadre_account(world))


def test_the_organisation_department_decides_an_appeal_through_the_api(world, org_admin):
    """The same rules as the appeal's page: a decision needs its reasoning, upheld needs a different grade, and the
    grade changes only by the decision; a cadre cannot decide, and a decided appeal is not decided again."""
    from rest_framework.test import APIClient

    appeal = graded.appeal(world)
    url = f"/api/v1/assessment-grade-appeals/{appeal.pk}/decide/"
    cadre = APIClient()
    cadre.force_authenticate(graded.cadre_account(world))
    assert cadre.post(url, {"status": "upheld", "decided_grade": "excellent", "decision": "核实"}).status_code == 403
    admin = APIClient()
    admin.force_authenticate(org_admin)
    refused = admin.post(url, {"status": "upheld", "decided_grade": "competent", "decision": "核实"}, format="json")
    assert refused.status_code == 400 and "decided_grade" in refused.json()
    assert admin.post(url, {"status": "upheld", "decided_grade": "excellent"}, format="json").status_code == 400
    assert CadreGrade.objects.get(pk=appeal.grade_id).final == "competent"
    decided = admin.post(
        url, {"status": "upheld", "decided_grade": "excellent", "decision": "走访日志核实无误"}, format="json"
    )
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["decided_grade"]) == ("upheld", "excellent")
    assert CadreGrade.objects.get(pk=appeal.grade_id).final == "excellent"
    again = admin.post(url, {"status": "rejected", "decision": "重复"}, format="json")
    assert again.status_code == 400 and CadreGrade.objects.get(pk=appeal.grade_id).final == "excellent"
