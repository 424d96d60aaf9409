"""Learning plans against the yearly rule, the study ledger and monthly summaries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skilled_township.learning.models import LearningPlan, PlanItem, PlanRule, StudyRecord
from skilled_township.learning.services import ledger, plans
from skilled_township.skills.models import TownshipRequiredSkill

from .. import factories


@pytest.fixture
def catalogue(db):
    economy = factories.skill_category("economy", "发展经济", 1)
    stability = factories.skill_category("stability", "维护社会稳定", 2)
    return {
        "citrus": factories.skill("JJ02", "柑桔栽培与管理", economy),
        "rice": factories.skill("JJ01", "水稻种植", economy),
        "pigs": factories.skill("JJ11", "生猪养殖", economy),
        "mediation": factories.skill("WW01", "矛盾纠纷调解", stability),
    }


def test_a_new_plan_starts_with_the_townships_required_skills(world, catalogue):
    for skill in (catalogue["citrus"], catalogue["rice"]):
        TownshipRequiredSkill.objects.create(township=world.township, year=2026, skill=skill)
    TownshipRequiredSkill.objects.create(township=world.other_township, year=2026, skill=catalogue["pigs"])
    TownshipRequiredSkill.objects.create(township=world.township, year=2025, skill=catalogue["mediation"])
    plan = plans.create_plan(factories.cadre(world.township), 2026)
    assert {(i.skill.name, i.kind) for i in plan.items.all()} == {
        ("柑桔栽培与管理", "required"),
        ("水稻种植", "required"),
    }


def test_electives_cannot_replace_required_skills(world, catalogue):
    TownshipRequiredSkill.objects.create(township=world.township, year=2026, skill=catalogue["citrus"])
    plan = plans.create_plan(factories.cadre(world.township), 2026)
    plans.save_electives(plan, [(catalogue["citrus"], 1), (catalogue["pigs"], 3)])
    assert plan.items.get(skill=catalogue["citrus"]).kind == "required"
    assert plan.items.get(skill=catalogue["pigs"]).target_proficiency == 3
    plans.save_electives(plan, [])
    assert list(plan.items.values_list("skill__name", flat=True)) == ["柑桔栽培与管理"]


def test_the_nearest_rule_applies_and_shortfalls_are_named(world, catalogue):
    PlanRule.objects.create(region=world.city, year=2026, min_electives=1)
    county_rule = PlanRule.objects.create(region=world.county, year=2026, min_electives=2)
    plans.set_category_minimums(county_rule, {catalogue["mediation"].category: 1})
    rule = plans.applicable_rule(world.township, 2026)
    assert rule.region == world.county
    plan = plans.create_plan(factories.cadre(world.township), 2026)
    problems = plans.save_electives(plan, [(catalogue["pigs"], 2)])
    assert problems == ["选修 1 项，少于规定的 2 项", "“维护社会稳定”类选修 0 项，少于规定的 1 项"]
    assert plans.save_electives(plan, [(catalogue["pigs"], 2), (catalogue["mediation"], 2)]) == []


def test_the_overview_lists_who_is_short_of_what_in_constant_queries(world, catalogue):
    PlanRule.objects.create(region=world.city, year=2026, min_electives=1)
    ready = factories.cadre(world.township, "甲")
    plans.save_electives(plans.create_plan(ready, 2026), [(catalogue["pigs"], 2)])
    short = factories.cadre(world.township, "乙")
    plans.create_plan(short, 2026)
    factories.cadre(world.township, "丙")
    factories.cadre(world.township, "丁", status="left", left_on=datetime.date(2026, 1, 1))

    with CaptureQueriesContext(connection) as few:
        rows = plans.plan_overview(world.township, 2026).rows
    assert {row.cadre.name: row.problems for row in rows} == {
        "甲": [],
        "乙": ["选修 0 项，少于规定的 1 项"],
        "丙": ["还没有学习计划", "选修 0 项，少于规定的 1 项"],
    }
    for n in range(20):
        plans.create_plan(factories.cadre(world.township, f"新{n}"), 2026)
    with CaptureQueriesContext(connection) as many:
        plans.plan_overview(world.township, 2026)
    assert len(few) == len(many)


def test_the_plan_page_prefills_suggests_gap_skills_and_saves(world, catalogue, secretary_of_gaocun, client_as):
    from skilled_township.skills.models import Demand

    TownshipRequiredSkill.objects.create(township=world.township, year=2026, skill=catalogue["citrus"])
    Demand.objects.create(
        village=world.village,
        skill=catalogue["pigs"],
        source="visit",
        recorded_on=datetime.date(2026, 4, 1),
        headcount=6,
    )
    person = factories.cadre(world.township)
    client = client_as(secretary_of_gaocun)
    url = reverse("learning:plan_edit", args=[person.pk, 2026])
    page = client.get(url)
    assert "柑桔栽培与管理" in page.content.decode()
    assert page.context["page"].suggestions == [catalogue["pigs"]]
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
        "form-0-skill": catalogue["pigs"].pk,
        "form-0-target_proficiency": "3",
        "form-1-skill": "",
        "form-1-target_proficiency": "2",
    }
    assert client.post(url, data).status_code == 302
    plan = LearningPlan.objects.get(cadre=person, year=2026)
    assert {(i.skill.code, i.kind, i.target_proficiency) for i in plan.items.all()} == {
        ("JJ02", "required", 2),
        ("JJ11", "elective", 3),
    }


def study(cadre, day, hours, skill, mode="classroom"):
    return StudyRecord.objects.create(cadre=cadre, studied_on=day, hours=Decimal(hours), skill=skill, mode=mode)


@pytest.mark.parametrize(("hours", "ok"), [("0", False), ("24.5", False), ("24", True), ("0.5", True)])
def test_study_hours_are_more_than_zero_and_at_most_24(world, catalogue, hours, ok):
    record = StudyRecord(
        cadre=factories.cadre(world.township),
        studied_on=datetime.date(2026, 3, 1),
        hours=Decimal(hours),
        skill=catalogue["rice"],
        mode="self_study",
    )
    if ok:
        record.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            record.full_clean()
        assert "hours" in error.value.message_dict


def test_no_study_record_in_the_future(world, catalogue, secretary_of_gaocun, client_as):
    person = factories.cadre(world.township)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_as(secretary_of_gaocun).post(
        reverse("learning:study_create"),
        {
            "cadre": person.pk,
            "studied_on": tomorrow.isoformat(),
            "hours": "2",
            "skill": catalogue["rice"].pk,
            "mode": "classroom",
        },
    )
    assert "studied_on" in response.context["form"].errors
    assert not StudyRecord.objects.exists()


def test_a_secretary_cannot_log_study_for_another_townships_cadre(
    world, catalogue, secretary_of_other_township, client_as
):
    ours = factories.cadre(world.township)
    client = client_as(secretary_of_other_township)
    form = client.get(reverse("learning:study_create")).context["form"]
    assert ours not in form.fields["cadre"].queryset
    record = study(ours, datetime.date(2026, 3, 1), "2", catalogue["rice"])
    assert client.get(reverse("learning:study_update", args=[record.pk])).status_code == 404


def test_monthly_summaries_on_a_known_data_set(world, catalogue):
    a, b, c = (factories.cadre(world.township, name) for name in ("甲", "乙", "丙"))
    factories.cadre(world.township, "丁", status="left", left_on=datetime.date(2026, 2, 1))
    study(a, datetime.date(2026, 3, 1), "2", catalogue["rice"])
    study(a, datetime.date(2026, 3, 31), "1.5", catalogue["rice"], "self_study")
    study(b, datetime.date(2026, 3, 15), "4", catalogue["pigs"], "expert_lecture")
    study(b, datetime.date(2026, 4, 1), "8", catalogue["pigs"])  # April: not counted
    study(c, datetime.date(2026, 2, 28), "3", catalogue["pigs"])  # February: not counted

    month = ledger.township_monthly_summary(world.township, 2026, 3)
    assert (month.cadres, month.studying, month.total_hours) == (3, 2, Decimal("7.5"))
    assert month.share_studying == Decimal("66.7")
    assert [(row.name, row.month_hours) for row in month.rows] == [("乙", 4), ("甲", Decimal("3.5")), ("丙", 0)]

    mine = ledger.monthly_summary_for_cadre(a, 2026, 3)
    assert mine.total_hours == Decimal("3.5") and len(mine.records) == 2
    assert {(row["label"], row["hours"]) for row in mine.by_mode} == {("课堂教学", 2), ("个人自学", Decimal("1.5"))}


def test_the_study_list_costs_the_same_queries_as_it_grows(world, catalogue, org_admin, client_as):
    client = client_as(org_admin)
    client.get(reverse("home"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("learning:study_list")).status_code == 200
        return len(queries)

    def grow(n: int, start: int):
        StudyRecord.objects.bulk_create(
            StudyRecord(
                cadre=factories.cadre(world.township, f"人{start + k}"),
                studied_on=datetime.date(2026, 3, 2),
                hours=Decimal("1"),
                skill=catalogue["pigs"],
                mode="exchange",
            )
            for k in range(n)
        )

    grow(30, 0)  # more than a page
    one = count()
    grow(60, 30)
    assert count() == one
    assert PlanItem.objects.count() == 0


def test_the_overview_pages_through_a_large_township(world, catalogue, org_admin, client_as):
    for n in range(30):
        factories.cadre(world.township, f"干部{n:02d}")
    client = client_as(org_admin)
    first = client.get(reverse("learning:plan_overview"), {"township": world.township.pk, "year": 2026})
    assert len(first.context["page_obj"]) == 25 and "1 / 2" in first.content.decode()
    second = client.get(reverse("learning:plan_overview"), {"township": world.township.pk, "year": 2026, "page": 2})
    assert [row.cadre.name for row in second.context["page_obj"]] == [f"干部{n:02d}" for n in range(25, 30)]


def test_an_admin_picks_the_township_before_the_cadre(world, catalogue, org_admin, client_as):
    ours = factories.cadre(world.township, "本镇")
    theirs = factories.cadre(world.other_township, "外镇")
    client = client_as(org_admin)
    # Without a choice the form starts on the first pilot township of the admin's scope (高村镇).
    start = client.get(reverse("learning:study_create")).context["form"].fields["cadre"].queryset
    assert list(start) == [ours]
    page = client.get(reverse("learning:study_create"), {"township": world.other_township.pk})
    assert list(page.context["form"].fields["cadre"].queryset) == [theirs]
    page = client.get(reverse("learning:study_create"), {"township": world.township.pk})
    assert list(page.context["form"].fields["cadre"].queryset) == [ours]
    assert 'id="pick-township"' in page.content.decode()
    response = client.post(
        reverse("learning:study_create") + f"?township={world.township.pk}",
        {
            "cadre": ours.pk,
            "studied_on": "2026-03-01",
            "hours": "1",
            "skill": catalogue["rice"].pk,
            "mode": "group_study",
        },
    )
    assert response.status_code == 302 and StudyRecord.objects.get().cadre == ours
