"""A cadre's own account sees and writes only their own records — pages, forms and API — plus what their
township publishes; ``visible_to`` says so for every model in one place."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry, User
from skilled_township.cadres.models import Cadre, EducationTarget, Secondment
from skilled_township.learning.models import LearningPlan, PlanItem, PlanRule, StudyRecord
from skilled_township.learning.services import plans
from skilled_township.regions.models import PilotTownship, Region
from skilled_township.skills.models import Demand, Skill, TownshipRequiredSkill

from .. import factories


@pytest.fixture
def setting(world, cadre_of_gaocun, cadre_of_other_township):
    """The 高村镇 cadre's records, a colleague's in the same township, and the other township's cadre's."""
    citrus = factories.skill("JJ02", "柑桔栽培与管理")
    pigs = factories.skill("JJ11", "生猪养殖")
    today = timezone.localdate()
    me, colleague = cadre_of_gaocun.cadre, factories.cadre(world.township, "同事")
    stranger = cadre_of_other_township.cadre

    def record(cadre, skill=citrus, hours="2", days_ago=0):
        return StudyRecord.objects.create(
            cadre=cadre,
            studied_on=today - datetime.timedelta(days=days_ago),
            hours=Decimal(hours),
            skill=skill,
            mode="self_study",
        )

    TownshipRequiredSkill.objects.create(township=world.township, year=today.year, skill=citrus)
    TownshipRequiredSkill.objects.create(township=world.other_township, year=today.year, skill=pigs)
    plan = plans.create_plan(me, today.year)
    plans.save_electives(plan, [(pigs, 2)])
    return {
        "me": me,
        "citrus": citrus,
        "pigs": pigs,
        "mine": record(me, hours="3"),
        "colleague": record(colleague),
        "stranger": record(stranger),
        "colleague_plan": plans.create_plan(colleague, today.year),
        "record": record,
    }


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def new_record(skill, **extra) -> dict:
    today = timezone.localdate().isoformat()
    return {"studied_on": today, "hours": "1.5", "skill": skill.pk, "mode": "classroom", **extra}


# --- One mechanism ------------------------------------------------------------------------------------------


def test_visible_to_gives_a_cadre_their_own_rows_and_what_the_township_publishes(
    world, setting, cadre_of_gaocun, secretary_of_gaocun
):
    me = setting["me"]
    Secondment.objects.create(
        cadre=me, kind="first_secretary", sending_unit="市直单位", start_date=datetime.date(2025, 3, 1)
    )
    Secondment.objects.create(
        cadre=setting["colleague"].cadre, kind="tech_deputy", sending_unit="学院", start_date=datetime.date(2025, 3, 1)
    )
    Demand.objects.create(
        village=world.village, skill=setting["citrus"], source="visit", recorded_on=datetime.date(2026, 1, 1)
    )
    EducationTarget.objects.create(region=world.township, group="others", target_percent=Decimal("80"))
    PlanRule.objects.create(region=world.county, year=2026)

    def visible(model):
        return set(model.objects.visible_to(cadre_of_gaocun))

    assert visible(Cadre) == {me}
    assert visible(StudyRecord) == {setting["mine"]}
    assert visible(LearningPlan) == {me.plans.get()}
    assert visible(PlanItem) == set(PlanItem.objects.filter(plan__cadre=me))
    assert {s.cadre for s in visible(Secondment)} == {me}
    assert {r.township for r in visible(TownshipRequiredSkill)} == {world.township}
    assert visible(Skill) == set(Skill.objects.all())
    for model in (Region, PilotTownship, Demand, EducationTarget, PlanRule, User):
        assert visible(model) == set(), model
    # The township's secretary still sees the whole township.
    assert set(StudyRecord.objects.visible_to(secretary_of_gaocun)) == {setting["mine"], setting["colleague"]}


# --- Pages ------------------------------------------------------------------------------------------------------


def test_the_ledger_page_lists_only_the_cadres_own_records(world, setting, cadre_of_gaocun, client_as):
    page = client_as(cadre_of_gaocun).get(reverse("learning:study_list"))
    assert page.status_code == 200
    assert [record.pk for record in page.context["table"].data] == [setting["mine"].pk]
    assert {"township", "cadre"}.isdisjoint(page.context["table"].columns.names())
    assert page.context["title"] == "我的学习台账"
    # Filtering by another cadre's name finds nothing of theirs.
    other = client_as(cadre_of_gaocun).get(reverse("learning:study_list"), {"cadre_name": "同事"})
    assert [record.pk for record in other.context["table"].data] == [setting["mine"].pk]


def test_a_cadre_logs_study_for_themselves_without_choosing_a_cadre(world, setting, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    form = client.get(reverse("learning:study_create")).context["form"]
    assert "cadre" not in form.fields
    colleague = setting["colleague"].cadre
    response = client.post(reverse("learning:study_create"), new_record(setting["pigs"], cadre=colleague.pk))
    assert response.status_code == 302 and response["Location"] == reverse("learning:mine")
    logged = StudyRecord.objects.get(skill=setting["pigs"], hours=Decimal("1.5"))
    assert logged.cadre == setting["me"]
    assert not colleague.study_records.filter(skill=setting["pigs"]).exists()
    entry = AuditEntry.objects.get(action="create", object_id=str(logged.pk), content_type__model="studyrecord")
    assert entry.user == cadre_of_gaocun and entry.region_code == world.township.code


def test_a_cadre_edits_their_own_record_and_cannot_open_anyone_elses(world, setting, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    own = reverse("learning:study_update", args=[setting["mine"].pk])
    assert client.get(own).status_code == 200
    assert client.post(own, new_record(setting["citrus"], hours="4", notes="改了学时")).status_code == 302
    setting["mine"].refresh_from_db()
    assert setting["mine"].hours == Decimal("4") and setting["mine"].cadre == setting["me"]
    for other in ("colleague", "stranger"):
        url = reverse("learning:study_update", args=[setting[other].pk])
        assert client.get(url).status_code == 404
        assert client.post(url, new_record(setting["citrus"], hours="9")).status_code == 404
        setting[other].refresh_from_db()
        assert setting[other].hours == Decimal("2")


def test_staff_pages_refuse_a_cadre(world, setting, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    me = setting["me"]
    for url in (
        reverse("cadres:cadre_list"),
        reverse("cadres:cadre_export"),
        reverse("cadres:cadre_detail", args=[me.pk]),
        reverse("cadres:cadre_accounts"),
        reverse("learning:plan_overview"),
        reverse("learning:plan_edit", args=[me.pk, 2026]),
        reverse("learning:monthly"),
        reverse("learning:monthly_cadre", args=[me.pk]),
        reverse("skills:demand_list"),
        reverse("regions:region_tree"),
        reverse("regions:pilot_list"),
        reverse("accounts:audit_list"),
    ):
        assert client.get(url).status_code == 403, url


def test_a_cadre_reads_their_townships_required_skills_and_the_catalogue(world, setting, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    required = client.get(reverse("skills:required_list"))
    assert [row.skill.name for row in required.context["table"].data] == ["柑桔栽培与管理"]
    assert client.get(reverse("skills:skill_list")).status_code == 200
    assert client.get(reverse("skills:skill_detail", args=[setting["pigs"].pk])).status_code == 200


def test_the_cadres_home_shows_their_plan_this_month_and_roster_entry(world, setting, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    assert client.get(reverse("home"))["Location"] == reverse("learning:mine")
    page = client.get(reverse("learning:mine"))
    learning = page.context["learning"]
    assert [(item.skill.name, item.kind, item.year_hours) for item in learning.items] == [
        ("柑桔栽培与管理", "required", Decimal("3")),
        ("生猪养殖", "elective", Decimal("0")),
    ]
    assert [record.pk for record in learning.month.records] == [setting["mine"].pk]
    html = page.content.decode()
    assert setting["me"].name in html and setting["me"].masked_id_number in html
    assert reverse("learning:study_create") in html
    assert reverse("learning:study_update", args=[setting["mine"].pk]) in html
    assert reverse("learning:study_update", args=[setting["colleague"].pk]) not in html


def test_without_a_plan_the_home_shows_the_townships_required_skills(
    world, setting, cadre_of_other_township, client_as
):
    page = client_as(cadre_of_other_township).get(reverse("learning:mine"))
    assert page.context["learning"].plan is None
    assert [row.skill.name for row in page.context["required"]] == ["生猪养殖"]


def test_the_cadres_home_takes_the_same_queries_however_much_they_studied(world, setting, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    client.get(reverse("learning:mine"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("learning:mine"))
    for days_ago in range(1, 6):
        setting["record"](setting["me"], skill=setting["pigs"], days_ago=days_ago % timezone.localdate().day)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("learning:mine"))
    assert len(many) == len(few)


def test_a_cadre_sees_only_their_own_entries_in_the_menu(world, cadre_of_gaocun, client_as):
    page = client_as(cadre_of_gaocun).get(reverse("learning:mine"))
    links = {item.url_name for section in page.context["menu"] for item in section["items"]}
    assert links == {
        "learning:mine",
        "learning:study_list",
        "learning:report_list",
        "skills:skill_list",
        "skills:required_list",
        # Their own side of the other apps: service requests given to them, their service ledger, listing and
        # card, the households they are paired with and their 民情日志, and their annual grade with its appeal.
        "certifications:request_list",
        "certifications:ledger_list",
        "certifications:profile_mine",
        "certifications:my_card",
        "pairing:mine",
        "pairing:visit_list",
        "assessment:grade_list",
        "assessment:appeal_list",
    }


# --- API -----------------------------------------------------------------------------------------------------


def test_the_api_lists_and_opens_only_the_cadres_own_records(world, setting, cadre_of_gaocun):
    client = api(cadre_of_gaocun)
    listed = client.get(reverse("api:study-record-list")).json()
    assert [row["id"] for row in listed["results"]] == [setting["mine"].pk]
    assert client.get(reverse("api:study-record-detail", args=[setting["mine"].pk])).status_code == 200
    for other in ("colleague", "stranger"):
        assert client.get(reverse("api:study-record-detail", args=[setting[other].pk])).status_code == 404
        patched = client.patch(reverse("api:study-record-detail", args=[setting[other].pk]), {"hours": "9"})
        assert patched.status_code == 404
    plans = client.get(reverse("api:learning-plan-list")).json()
    assert [row["cadre"] for row in plans["results"]] == [setting["me"].pk]
    assert client.get(reverse("api:learning-plan-detail", args=[setting["colleague_plan"].pk])).status_code == 404


def test_the_api_logs_a_cadres_study_for_themselves_only(world, setting, cadre_of_gaocun):
    client = api(cadre_of_gaocun)
    created = client.post(reverse("api:study-record-list"), new_record(setting["pigs"]))
    assert created.status_code == 201, created.json()
    assert StudyRecord.objects.get(pk=created.json()["id"]).cadre == setting["me"]
    colleague = setting["colleague"].cadre
    refused = client.post(reverse("api:study-record-list"), new_record(setting["pigs"], cadre=colleague.pk))
    assert refused.status_code == 400 and "cadre" in refused.json()
    moved = client.patch(reverse("api:study-record-detail", args=[setting["mine"].pk]), {"cadre": colleague.pk})
    assert moved.status_code == 400
    edited = client.patch(reverse("api:study-record-detail", args=[setting["mine"].pk]), {"hours": "2.5"})
    assert edited.status_code == 200 and edited.json()["hours"] == "2.5"
    # Records are removed by those who keep the township's ledger, not by the cadre.
    assert client.delete(reverse("api:study-record-detail", args=[setting["mine"].pk])).status_code == 403
    assert StudyRecord.objects.filter(pk=setting["mine"].pk).exists()
    assert client.post(reverse("api:learning-plan-list"), {"cadre": setting["me"].pk, "year": 2027}).status_code == 403
    for name in ("cadre-list", "secondment-list", "region-list", "demand-list"):
        assert client.get(reverse(f"api:{name}")).status_code == 403, name
