"""The tech deputy's end-of-term assessment: due only once the term has ended or ends within 60 days, one per
secondment, points within each maximum in 0.5 steps, the conclusion from the total by bands, a commendation for an
优秀 only, the term's record beside the form, and who may read or record it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from skilled_township.assessment.models import DeputyAssessment
from skilled_township.assessment.services import deputies
from skilled_township.certifications.models import ServiceRecord
from skilled_township.pairing.models import Household, Pairing, Visit
from skilled_township.training.models import TrainingPlan, TrainingSession

from .. import factories, objects
from . import deputies as deputy
from .deputies import POINTS

TODAY = timezone.localdate()


@pytest.mark.parametrize(
    ("total", "conclusion"),
    [("100", "excellent"), ("90", "excellent"), ("89.5", "pass"), ("75", "pass"), ("74.5", "basic"),
     ("60", "basic"), ("59.5", "fail"), ("0", "fail")],
)  # fmt: skip
def test_the_conclusion_comes_from_the_total_by_bands(total, conclusion):
    assert DeputyAssessment.conclusion_of(Decimal(total)) == conclusion


def test_recording_computes_the_total_and_conclusion_and_keeps_who_and_when(world, org_admin, reviewer_a):
    one = deputies.record(deputy.due_secondment(world), POINTS, by=reviewer_a)
    assert (one.total, one.conclusion, one.recorded_by) == (Decimal("80.5"), "pass", reviewer_a)
    corrected = deputies.record(one.secondment, {**POINTS, "public_points": Decimal("20")}, by=org_admin)
    assert corrected.pk == one.pk and corrected.total == Decimal("84.5") and corrected.recorded_by == org_admin
    assert DeputyAssessment.objects.count() == 1


def test_points_stay_within_their_maxima_in_half_steps_and_a_comment_is_required(world, org_admin):
    due = deputy.due_secondment(world)
    with pytest.raises(ValidationError) as half:
        deputies.record(due, {**POINTS, "base_points": Decimal("24.3")}, by=org_admin)
    assert half.value.message_dict == {"base_points": ["分值以0.5分为单位。"]}
    with pytest.raises(ValidationError) as over:
        deputies.record(due, {**POINTS, "training_points": Decimal("20.5")}, by=org_admin)
    assert "training_points" in over.value.message_dict
    with pytest.raises(ValidationError, match="请填写考核评语"):
        deputies.record(due, {**POINTS, "comment": " "}, by=org_admin)
    assert not DeputyAssessment.objects.exists()


def test_only_an_excellent_deputy_is_commended(world, org_admin):
    due = deputy.due_secondment(world)
    with pytest.raises(ValidationError) as refused:
        deputies.record(due, {**POINTS, "commended": True}, by=org_admin)
    assert refused.value.message_dict == {"commended": ["只有考核结论为优秀的才能予以表彰奖励。"]}
    best = {**POINTS, "service_points": Decimal("30"), "base_points": Decimal("29"), "public_points": Decimal("18")}
    one = deputies.record(due, {**best, "commended": True}, by=org_admin)
    assert (one.total, one.conclusion, one.commended) == (Decimal("92"), "excellent", True)
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        DeputyAssessment.objects.filter(pk=one.pk).update(conclusion="pass")


def test_one_assessment_per_secondment(world, org_admin):
    one = deputy.deputy_assessment(world)
    twin = DeputyAssessment(secondment=one.secondment, comment="再评", recorded_by=org_admin, **{
        name: getattr(one, name) for name in DeputyAssessment.AREAS
    })  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_only_tech_deputies_whose_term_has_ended_or_ends_soon_are_due(world, org_admin, client_as):
    soon = deputy.secondment(world, TODAY + datetime.timedelta(days=30), name="即将期满")
    later = deputy.secondment(world, TODAY + datetime.timedelta(days=200), name="任期未满")
    secretary = deputy.secondment(world, TODAY - datetime.timedelta(days=5), name="第一书记", kind="first_secretary")
    ended = deputy.due_secondment(world)
    assert list(deputies.due(org_admin)) == [ended, soon]
    assert deputies.record(soon, POINTS, by=org_admin).conclusion == "pass"
    with pytest.raises(ValidationError, match="期满前60天内才能考核"):
        deputies.record(later, POINTS, by=org_admin)
    with pytest.raises(ValidationError, match="只有科技副镇长"):
        deputies.record(secretary, POINTS, by=org_admin)
    client = client_as(org_admin)
    assert client.get(reverse("assessment:deputy_assess", args=[later.pk])).status_code == 404
    assert client.get(reverse("assessment:deputy_assess", args=[secretary.pk])).status_code == 404
    page = client.get(reverse("assessment:deputy_list")).content.decode()
    assert "即将期满" in page and deputy.DEPUTY in page and "任期未满" not in page and "待考核" in page


def test_the_term_record_is_shown_beside_the_form(world, org_admin, secretary_of_gaocun, client_as):
    due = deputy.due_secondment(world)
    inside, after = TODAY - datetime.timedelta(days=60), TODAY - datetime.timedelta(days=10)
    for day in (inside, after):
        plan, _new = TrainingPlan.objects.get_or_create(
            township=world.township,
            year=day.year,
            defaults={"content": "柑桔", "target_trainees": "镇干部", "goals": "会修剪", "planned_sessions": 2},
        )
        TrainingSession.objects.create(
            plan=plan,
            date=day,
            start_time=datetime.time(9),
            end_time=datetime.time(11),
            hours=Decimal("2"),
            mode="base_practice",
            topic=f"修剪{day}",
            skill=objects.skill(world),
            instructor_kind="tech_deputy",
            instructor_cadre=due.cadre,
            cost=Decimal("0"),
        )
    home = Household.objects.create(
        village=world.village, head_name="向户", id_number=factories.resident_id(), members=3
    )
    pairing = Pairing.objects.create(cadre=due.cadre, household=home, started_on=due.start_date)
    for day in (inside, inside, after):
        Visit.objects.create(
            pairing=pairing, cadre=due.cadre, household=home, visited_on=day, content="指导", recorded_by=org_admin
        )
    ServiceRecord.objects.create(
        cadre=due.cadre,
        skill=objects.skill(world),
        served_on=inside,
        village=world.village,
        recipient="向户",
        content="嫁接",
        outcome="成活",
    )
    found = deputies.evidence(due)
    assert (found.sessions_taught, found.visit_days, found.service_records) == (1, 1, 1)
    assert found.team == ["李农技 果树栽培", "陈兽医 畜牧"]
    page = client_as(org_admin).get(reverse("assessment:deputy_assess", args=[due.pk])).content.decode()
    assert 'data-testid="deputy-evidence"' in page and "陈兽医 畜牧" in page and "保存考核结果" in page
    # The secretary reads the record and the assessment, without a form.
    page = client_as(secretary_of_gaocun).get(reverse("assessment:deputy_assess", args=[due.pk])).content.decode()
    assert "陈兽医 畜牧" in page and "保存考核结果" not in page and "尚未考核" in page


def test_the_page_records_and_the_home_page_tells_the_department_who_is_due(
    world, org_admin, reviewer_a, secretary_of_gaocun, secretary_of_other_township, client_as
):
    due = deputy.due_secondment(world)
    home = client_as(org_admin).get(reverse("home")).content.decode()
    assert "待期满考核的科技副镇长" in home
    url = reverse("assessment:deputy_assess", args=[due.pk])
    client = client_as(reviewer_a)
    data = {**{k: str(v) for k, v in POINTS.items()}, "commended": "on"}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "只有考核结论为优秀的才能予以表彰奖励。" in refused.content.decode()
    data.pop("commended")
    assert client.post(url, data).status_code == 302
    assert due.term_assessment.recorded_by == reviewer_a
    assert "待期满考核的科技副镇长" not in client_as(org_admin).get(reverse("home")).content.decode()
    page = client_as(secretary_of_gaocun).get(url).content.decode()
    assert "合格" in page and "80.5" in page
    assert client_as(secretary_of_gaocun).post(url, data).status_code == 403
    assert client_as(secretary_of_other_township).get(url).status_code == 404


def test_the_api_records_through_the_same_rules(world, org_admin, leader, client_as):
    due = deputy.due_secondment(world)
    url = reverse("api:assessment-deputy-assessment-list")
    body = {"secondment": due.pk, **{k: str(v) for k, v in POINTS.items()}}
    client = client_as(org_admin)
    refused = client.post(url, {**body, "commended": True}, content_type="application/json")
    assert refused.status_code == 400 and "commended" in refused.json()
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201 and made.json()["conclusion"] == "pass" and made.json()["total"] == "80.5"
    assert client_as(leader).get(url).json()["results"][0]["id"] == made.json()["id"]
    assert client_as(leader).post(url, body, content_type="application/json").status_code == 403
