"""群众需要什么，干部学习什么: the demand-gap ranking on a data set built by hand."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from skilled_township.certifications.models import Certificate
from skilled_township.learning.models import LearningPlan, PlanItem, StudyRecord
from skilled_township.learning.services.gaps import gap_ranking, top_gap_skills
from skilled_township.skills.models import Demand

from .. import factories

DAY = datetime.date(2026, 5, 10)


def ask(village, skill, headcount=1, day=DAY):
    return Demand.objects.create(village=village, skill=skill, source="visit", recorded_on=day, headcount=headcount)


def test_ranking_on_a_known_data_set(world, django_assert_max_num_queries):
    pigs, citrus, mediation, ecommerce = (
        factories.skill("JJ11", "生猪养殖"),
        factories.skill("JJ02", "柑桔栽培与管理"),
        factories.skill("WW01", "矛盾纠纷调解"),
        factories.skill("JJ24", "电子商务"),
    )
    a, b, c = (factories.cadre(world.township, name) for name in ("甲", "乙", "丙"))
    gone = factories.cadre(world.township, "丁", status="left", left_on=datetime.date(2026, 1, 31))

    # Demand in 高村镇 this year: pigs 7 people, citrus 4, mediation 2, e-commerce 1.
    ask(world.village, pigs, 5)
    ask(world.village, pigs, 2)
    ask(world.village, citrus, 4)
    ask(world.village, mediation, 2)
    ask(world.village, ecommerce, 1)
    # Not counted: another township, another year.
    ask(world.other_village, mediation, 50)
    ask(world.village, ecommerce, 30, day=datetime.date(2025, 12, 31))

    # Coverage: 甲 plans citrus and is certified in it (counted once); 乙 studies citrus; 丙 plans mediation;
    # 丁 (left) plans pigs and holds a certificate in it — not counted; 乙 planned pigs in 2025 — not counted.
    plan_a = LearningPlan.objects.create(cadre=a, year=2026)
    PlanItem.objects.create(plan=plan_a, skill=citrus)
    Certificate.objects.create(cadre=a, skill=citrus, level=4, number="C-1")
    StudyRecord.objects.create(cadre=b, studied_on=DAY, hours=Decimal("2"), skill=citrus, mode="classroom")
    PlanItem.objects.create(plan=LearningPlan.objects.create(cadre=c, year=2026), skill=mediation)
    PlanItem.objects.create(plan=LearningPlan.objects.create(cadre=gone, year=2026), skill=pigs)
    Certificate.objects.create(cadre=gone, skill=pigs, level=3, number="C-2")
    PlanItem.objects.create(plan=LearningPlan.objects.create(cadre=b, year=2025), skill=pigs)
    Certificate.objects.create(
        cadre=c,
        skill=ecommerce,
        level=5,
        number="C-3",
        status="revoked",
        revoked_at=timezone.now(),
        revocation_reason="鉴定材料不实",
    )

    with django_assert_max_num_queries(5):
        rows = gap_ranking(world.township, 2026)
    table = [(r.skill.name, r.demand, r.entries, r.planned, r.learning, r.certified, r.covered, r.gap) for r in rows]
    assert table == [
        ("生猪养殖", 7, 2, 0, 0, 0, 0, 7),
        ("柑桔栽培与管理", 4, 1, 1, 1, 1, 2, 2),
        ("矛盾纠纷调解", 2, 1, 1, 0, 0, 1, 1),
        ("电子商务", 1, 1, 0, 0, 0, 0, 1),
    ]
    assert rows[0].uncovered and not rows[1].uncovered
    assert top_gap_skills(world.township, 2026, limit=2) == [pigs, citrus]


def test_retired_skills_are_not_suggested(world):
    pigs = factories.skill("JJ11", "生猪养殖", is_active=False)
    ask(world.village, pigs, 3)
    assert [r.skill for r in gap_ranking(world.township, 2026)] == [pigs]
    assert top_gap_skills(world.township, 2026) == []


def test_the_gap_page_shows_the_ranking_and_keeps_other_townships_out(
    world, secretary_of_gaocun, secretary_of_other_township, client_as
):
    ask(world.village, factories.skill("JJ11", "生猪养殖"), 3, day=timezone.localdate())
    page = client_as(secretary_of_gaocun).get(reverse("learning:demand_gap")).content.decode()
    assert "生猪养殖" in page and "table-danger" in page
    other = client_as(secretary_of_other_township)
    assert other.get(reverse("learning:demand_gap"), {"region": world.township.code}).status_code == 404
    assert "生猪养殖" not in other.get(reverse("learning:demand_gap")).content.decode()
