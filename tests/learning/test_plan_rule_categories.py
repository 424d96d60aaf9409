"""The plan rule per category (seed 004: 必修 + 选修 in each of the three categories): a plan that breaks it is
a draft, counted short on every page and in the API, and cannot be confirmed; electives are offered by
category and never a skill the township already requires."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry
from skilled_township.learning.models import LearningPlan, PlanItem, PlanRule, PlanRuleCategory
from skilled_township.learning.services import plans
from skilled_township.skills.models import TownshipRequiredSkill

from .. import factories


@pytest.fixture
def catalogue(db):
    economy = factories.skill_category("economy", "发展经济", 1)
    stability = factories.skill_category("stability", "维护社会稳定", 2)
    masses = factories.skill_category("masses", "群众和基层组织工作", 3)
    return {
        "economy": economy,
        "stability": stability,
        "masses": masses,
        "citrus": factories.skill("JJ02", "柑桔栽培与管理", economy),
        "pigs": factories.skill("JJ11", "生猪养殖", economy),
        "ducks": factories.skill("JJ15", "芷江鸭养殖", economy),
        "mediation": factories.skill("WW01", "矛盾纠纷调解", stability),
        "petitions": factories.skill("WW02", "信访接待", stability),
        "minutes": factories.skill("QZ01", "会议记录", masses),
    }


@pytest.fixture
def rule(world, catalogue):
    """The county asks for two electives, at least one of them in 维护社会稳定; 高村镇 requires citrus."""
    rule = PlanRule.objects.create(region=world.county, year=2026, min_electives=2)
    plans.set_category_minimums(rule, {catalogue["stability"]: 1})
    TownshipRequiredSkill.objects.create(township=world.township, year=2026, skill=catalogue["citrus"])
    return rule


def plan_form(*skills, confirm=False) -> dict:
    data = {
        "form-TOTAL_FORMS": str(len(skills)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
    }
    for index, skill in enumerate(skills):
        data[f"form-{index}-skill"] = skill.pk
        data[f"form-{index}-target_proficiency"] = "2"
    if confirm:
        data["_confirm"] = "1"
    return data


def electives_of(plan) -> set[str]:
    return set(plan.items.filter(kind=PlanItem.Kind.ELECTIVE).values_list("skill__name", flat=True))


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_a_plan_short_in_a_category_is_kept_as_a_draft_and_cannot_be_confirmed(world, catalogue, rule):
    person = factories.cadre(world.township, "甲")
    two_economy = [(catalogue["pigs"], 2), (catalogue["ducks"], 2)]

    plan, problems = plans.save_plan(person, 2026, two_economy, status=LearningPlan.Status.DRAFT)
    assert plan.status == "draft"
    assert problems == ["“维护社会稳定”类选修 0 项，少于规定的 1 项"]

    with pytest.raises(plans.RuleNotMet) as refused:
        plans.save_plan(person, 2026, [(catalogue["pigs"], 3)], status=LearningPlan.Status.CONFIRMED)
    assert refused.value.problems == ["选修 1 项，少于规定的 2 项", "“维护社会稳定”类选修 0 项，少于规定的 1 项"]
    plan.refresh_from_db()
    assert plan.status == "draft" and electives_of(plan) == {"生猪养殖", "芷江鸭养殖"}  # nothing was saved

    plan, problems = plans.save_plan(
        person, 2026, [(catalogue["pigs"], 2), (catalogue["mediation"], 2)], status=LearningPlan.Status.CONFIRMED
    )
    assert (plan.status, problems) == ("confirmed", [])


def test_the_plan_page_saves_a_short_draft_and_refuses_to_confirm_it(
    world, catalogue, rule, secretary_of_gaocun, client_as
):
    person = factories.cadre(world.township, "甲")
    client = client_as(secretary_of_gaocun)
    url = reverse("learning:plan_edit", args=[person.pk, 2026])

    refused = client.post(url, plan_form(catalogue["pigs"], catalogue["ducks"], confirm=True))
    assert refused.status_code == 200
    assert (
        "未达到计划规则，不能确认：“维护社会稳定”类选修 0 项，少于规定的 1 项。可以先保存为草稿。"
        in refused.content.decode()
    )
    assert not LearningPlan.objects.filter(cadre=person).exists()

    saved = client.post(url, plan_form(catalogue["pigs"], catalogue["ducks"]), follow=True)
    plan = LearningPlan.objects.get(cadre=person, year=2026)
    assert plan.status == "draft" and electives_of(plan) == {"生猪养殖", "芷江鸭养殖"}
    shown = [str(message) for message in saved.context["messages"]]
    assert shown == ["学习计划已保存为草稿。", "未达到计划规则：“维护社会稳定”类选修 0 项，少于规定的 1 项"]

    client.post(url, plan_form(catalogue["pigs"], catalogue["mediation"], confirm=True))
    plan.refresh_from_db()
    assert plan.status == "confirmed" and electives_of(plan) == {"生猪养殖", "矛盾纠纷调解"}


def test_a_plan_breaking_the_rule_is_counted_short_everywhere(world, catalogue, rule, secretary_of_gaocun, client_as):
    draft = factories.cadre(world.township, "甲")
    plans.save_plan(draft, 2026, [(catalogue["pigs"], 2), (catalogue["ducks"], 2)])
    ready = factories.cadre(world.township, "乙")
    plans.save_plan(
        ready, 2026, [(catalogue["pigs"], 2), (catalogue["mediation"], 2)], status=LearningPlan.Status.CONFIRMED
    )
    # Confirmed under the old rule, then the county asks for one 群众和基层组织工作 elective too: short again.
    tightened = factories.cadre(world.township, "丙")
    plans.save_plan(
        tightened, 2026, [(catalogue["ducks"], 2), (catalogue["petitions"], 2)], status=LearningPlan.Status.CONFIRMED
    )
    plans.set_category_minimums(rule, {catalogue["stability"]: 1, catalogue["masses"]: 1})
    plans.save_plan(
        ready,
        2026,
        [(catalogue["pigs"], 2), (catalogue["mediation"], 2), (catalogue["minutes"], 2)],
        status=LearningPlan.Status.CONFIRMED,
    )

    overview = plans.plan_overview(world.township, 2026)
    short = {row.cadre.name: (row.plan.status, row.problems) for row in overview.rows}
    assert short == {
        "甲": (
            "draft",
            ["“维护社会稳定”类选修 0 项，少于规定的 1 项", "“群众和基层组织工作”类选修 0 项，少于规定的 1 项"],
        ),
        "乙": ("confirmed", []),
        "丙": ("confirmed", ["“群众和基层组织工作”类选修 0 项，少于规定的 1 项"]),
    }
    assert (overview.short, overview.drafts) == (2, 1)

    page = client_as(secretary_of_gaocun).get(reverse("learning:plan_overview"), {"year": 2026}).content.decode()
    assert "2 名干部未达到规则。" in page and "1 份计划待确认。" in page
    assert "“维护社会稳定”类至少 1 项" in page

    rows = api(secretary_of_gaocun).get("/api/v1/learning-plans/", {"year": 2026}).json()["results"]
    by_name = {row["cadre_name"]: (row["status"], row["shortfalls"]) for row in rows}
    assert by_name == short


def test_confirming_through_the_api_follows_the_same_rule(world, catalogue, rule, secretary_of_gaocun):
    person = factories.cadre(world.township, "甲")
    client = api(secretary_of_gaocun)
    electives = [{"skill": catalogue["pigs"].pk}, {"skill": catalogue["ducks"].pk}]
    created = client.post(
        "/api/v1/learning-plans/", {"cadre": person.pk, "year": 2026, "electives": electives}, format="json"
    )
    assert created.status_code == 201 and created.data["status"] == "draft"
    url = f"/api/v1/learning-plans/{created.data['id']}/"
    entries = AuditEntry.objects.count()

    refused = client.patch(url, {"status": "confirmed"}, format="json")
    assert refused.status_code == 400
    assert refused.data["status"] == [
        "未达到计划规则，不能确认：“维护社会稳定”类选修 0 项，少于规定的 1 项。可以先保存为草稿。"
    ]
    assert LearningPlan.objects.get(pk=created.data["id"]).status == "draft"
    assert AuditEntry.objects.count() == entries

    electives = [{"skill": catalogue["pigs"].pk}, {"skill": catalogue["mediation"].pk}]
    confirmed = client.patch(url, {"status": "confirmed", "electives": electives}, format="json")
    assert (confirmed.status_code, confirmed.data["status"], confirmed.data["shortfalls"]) == (200, "confirmed", [])

    # Changing what was confirmed makes the plan a draft again, to be confirmed anew.
    electives.append({"skill": catalogue["petitions"].pk})
    changed = client.patch(url, {"electives": electives}, format="json")
    assert (changed.status_code, changed.data["status"]) == (200, "draft")


def test_electives_are_grouped_by_category_and_never_a_required_skill(
    world, catalogue, rule, secretary_of_gaocun, client_as
):
    person = factories.cadre(world.township, "甲")
    client = client_as(secretary_of_gaocun)
    url = reverse("learning:plan_edit", args=[person.pk, 2026])
    page = client.get(url)
    choices = page.context["formset"].forms[0].fields["skill"].choices
    groups = {group: [label for _value, label in options] for group, options in list(choices)[1:]}
    assert groups == {
        "发展经济": ["生猪养殖", "芷江鸭养殖"],  # 柑桔栽培与管理 is required in 高村镇 this year
        "维护社会稳定": ["矛盾纠纷调解", "信访接待"],
        "群众和基层组织工作": ["会议记录"],
    }
    html = page.content.decode()
    assert '<optgroup label="维护社会稳定">' in html

    # Another township, or another year, does not require citrus: it is offered there.
    other = factories.cadre(world.other_township, "乙")
    assert catalogue["citrus"] in plans.elective_choices(other.township, 2026)
    assert catalogue["citrus"] in plans.elective_choices(world.township, 2025)

    # Posted by hand, the required skill is refused, on the page and through the API.
    refused = client.post(url, plan_form(catalogue["citrus"], catalogue["mediation"]))
    assert refused.status_code == 200
    assert "必修技能和停用的技能不能选作选修" in refused.content.decode()
    assert not LearningPlan.objects.filter(cadre=person).exists()
    response = api(secretary_of_gaocun).post(
        "/api/v1/learning-plans/",
        {"cadre": person.pk, "year": 2026, "electives": [{"skill": catalogue["citrus"].pk}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.data["electives"] == ["柑桔栽培与管理 是本镇 2026 年的必修技能，不能再选作选修。"]


def test_a_required_skill_is_never_suggested_as_an_elective(world, catalogue, rule):
    from skilled_township.skills.models import Demand

    for skill, people in ((catalogue["citrus"], 9), (catalogue["pigs"], 4)):
        Demand.objects.create(
            village=world.village, skill=skill, source="visit", recorded_on="2026-04-01", headcount=people
        )
    page = plans.plan_page(factories.cadre(world.township), 2026)
    assert page.suggestions == [catalogue["pigs"]]
    assert page.initial_electives == [{"skill": catalogue["pigs"].pk}]


def test_the_rule_page_sets_electives_per_category(world, catalogue, org_admin, client_as):
    client = client_as(org_admin)
    data = {"region": world.county.pk, "year": 2027, "min_electives": 3, "category_economy": 1, "category_stability": 2}
    assert client.post(reverse("learning:rule_create"), data).status_code == 302
    rule = PlanRule.objects.get(region=world.county, year=2027)
    assert plans.category_minimums(rule) == {catalogue["economy"].pk: 1, catalogue["stability"].pk: 2}
    assert AuditEntry.objects.filter(content_type__model="planrulecategory", action="create").count() == 2

    page = client.get(reverse("learning:rule_update", args=[rule.pk])).content.decode()
    assert "“维护社会稳定”类至少选修" in page
    data.update(category_economy=0, category_stability=1)
    client.post(reverse("learning:rule_update", args=[rule.pk]), data)
    assert plans.category_minimums(rule) == {catalogue["stability"].pk: 1}
    listed = client.get(reverse("learning:rule_list")).content.decode()
    assert "维护社会稳定 ≥ 1" in listed


@pytest.mark.django_db(transaction=True)
def test_existing_rules_ask_their_number_of_electives_in_every_category():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("learning", "0004_study_reports"), ("skills", "0002_date_bounds_and_text_limits")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Region = old.get_model("regions", "Region")
    category = old.get_model("skills", "SkillCategory")
    economy = category.objects.create(code="economy", name="发展经济", order=1)
    stability = category.objects.create(code="stability", name="维护社会稳定", order=2)
    county = Region.objects.create(code="431226000000", name="麻阳苗族自治县", level="county")
    rule = old.get_model("learning", "PlanRule").objects.create(
        region=county, year=2026, min_electives=2, min_per_category=1
    )
    loose = old.get_model("learning", "PlanRule").objects.create(region=county, year=2025, min_electives=1)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    rows = PlanRuleCategory.objects.filter(rule_id=rule.pk).values_list("category_id", "min_electives")
    assert sorted(rows) == [(economy.pk, 1), (stability.pk, 1)]
    assert not PlanRuleCategory.objects.filter(rule_id=loose.pk).exists()
