"""The demand gap rolled up for a county and the city, on a data set computed by hand: counted township by
township (a cadre serves their own township's villagers) and added up; drilled down by a click from the user's
own scope, never above it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from skilled_township.accounts.roles import Role
from skilled_township.certifications.models import Certificate
from skilled_township.learning.models import LearningPlan, PlanItem, StudyRecord
from skilled_township.learning.services.gaps import gap_report
from skilled_township.skills.models import Demand

from .. import factories

DAY = datetime.date(2026, 5, 10)


def ask(village, skill, headcount, day=DAY):
    return Demand.objects.create(village=village, skill=skill, source="visit", recorded_on=day, headcount=headcount)


def plans(cadre, skill, year=2026):
    plan = LearningPlan.objects.get_or_create(cadre=cadre, year=year)[0]
    return PlanItem.objects.create(plan=plan, skill=skill)


def studies(cadre, skill, day=DAY):
    return StudyRecord.objects.create(cadre=cadre, studied_on=day, hours=Decimal("2"), skill=skill, mode="classroom")


def certified(cadre, skill, number, status="valid"):
    revoked = {"revoked_at": timezone.now(), "revocation_reason": "鉴定材料不实"} if status == "revoked" else {}
    return Certificate.objects.create(cadre=cadre, skill=skill, level=4, number=number, status=status, **revoked)


@pytest.fixture
def city(world):
    """怀化市: 麻阳县 (高村镇, 吕家坪镇) and 芷江县 (芷江镇), with the demand and cover below."""
    zhijiang = factories.region("431228100000", "芷江镇", world.other_county)
    zhijiang_village = factories.region("431228100201", "和平村", zhijiang)
    skills = {
        "pigs": factories.skill("JJ11", "生猪养殖"),
        "citrus": factories.skill("JJ02", "柑桔栽培与管理"),
        "mediation": factories.skill("WW01", "矛盾纠纷调解"),
        "ducks": factories.skill("JJ15", "芷江鸭养殖"),
    }
    # 高村镇 asks for pigs (5 + 2) and citrus (4); 甲 plans citrus, 乙 studies it, 丙 holds a pig certificate.
    ask(world.village, skills["pigs"], 5)
    ask(world.village, skills["pigs"], 2)
    ask(world.village, skills["citrus"], 4)
    plans(factories.cadre(world.township, "甲"), skills["citrus"])
    studies(factories.cadre(world.township, "乙"), skills["citrus"])
    certified(factories.cadre(world.township, "丙"), skills["pigs"], "C-1")
    # 吕家坪镇 asks for pigs (3) and mediation (2); 丁 plans mediation; 戊 studies citrus, which nobody there
    # asks for: 戊 covers citrus in the county's count but closes none of 高村镇's gap.
    ask(world.other_village, skills["pigs"], 3)
    ask(world.other_village, skills["mediation"], 2)
    plans(factories.cadre(world.other_township, "丁"), skills["mediation"])
    studies(factories.cadre(world.other_township, "戊"), skills["citrus"])
    # 芷江镇 asks for pigs (10) and ducks (5); 己 holds a pig certificate, 庚's duck certificate was revoked.
    ask(zhijiang_village, skills["pigs"], 10)
    ask(zhijiang_village, skills["ducks"], 5)
    certified(factories.cadre(zhijiang, "己"), skills["pigs"], "C-2")
    certified(factories.cadre(zhijiang, "庚"), skills["ducks"], "C-3", status="revoked")
    # Not counted: last year's demand and study, a cadre who left, a plan for 2025.
    ask(world.village, skills["ducks"], 40, day=datetime.date(2025, 12, 31))
    studies(factories.cadre(world.township, "辛"), skills["pigs"], day=datetime.date(2025, 12, 31))
    gone = factories.cadre(world.other_township, "壬", status="left", left_on=datetime.date(2026, 1, 31))
    plans(gone, skills["pigs"])
    plans(factories.cadre(world.other_township, "癸"), skills["pigs"], year=2025)
    return {"zhijiang": zhijiang, **skills}


def ranking(report):
    return [
        (
            r.skill.name,
            r.demand,
            r.entries,
            r.planned,
            r.learning,
            r.certified,
            r.covered,
            r.gap,
            r.uncovered_demand,
            r.uncovered_townships,
        )
        for r in report.rows
    ]


def children(report):
    return [(c.region.name, c.demand, c.skills, c.gap, c.uncovered) for c in report.children]


def test_a_township_keeps_its_own_figures(world, city):
    report = gap_report(world.township, 2026)
    assert ranking(report) == [
        # skill, people, entries, planned, learning, certified, covered, gap, uncovered people, townships
        ("生猪养殖", 7, 2, 0, 0, 1, 1, 6, 0, 0),
        ("柑桔栽培与管理", 4, 1, 1, 1, 0, 2, 2, 0, 0),
    ]
    assert report.children == []


def test_a_county_adds_up_its_townships_gaps(world, city, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        report = gap_report(world.county, 2026)
    assert ranking(report) == [
        ("生猪养殖", 10, 3, 0, 0, 1, 1, 9, 3, 1),  # 高村镇 7 - 1, 吕家坪镇 3 with nobody
        ("柑桔栽培与管理", 4, 1, 1, 2, 0, 3, 2, 0, 0),  # 戊 covers, but in 吕家坪镇: the gap stays 4 - 2
        ("矛盾纠纷调解", 2, 1, 1, 0, 0, 1, 1, 0, 0),
    ]
    assert children(report) == [("高村镇", 11, 2, 8, 0), ("吕家坪镇", 5, 2, 4, 1)]


def test_the_city_ranks_its_most_demanded_uncovered_skills(world, city, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        report = gap_report(world.city, 2026)
    assert ranking(report) == [
        ("生猪养殖", 20, 4, 0, 0, 2, 2, 18, 3, 1),
        ("芷江鸭养殖", 5, 1, 0, 0, 0, 0, 5, 5, 1),
        ("柑桔栽培与管理", 4, 1, 1, 2, 0, 3, 2, 0, 0),
        ("矛盾纠纷调解", 2, 1, 1, 0, 0, 1, 1, 0, 0),
    ]
    assert report.rows[1].uncovered and not report.rows[2].uncovered
    assert children(report) == [("芷江侗族自治县", 15, 2, 14, 1), ("麻阳苗族自治县", 16, 3, 12, 1)]


def test_the_roll_up_costs_the_same_queries_however_large_the_city(world, city, django_assert_num_queries):
    with django_assert_num_queries(3):
        gap_report(world.city, 2026)
    for n in range(6):
        township = factories.region(f"4312261{20 + n}000", f"新镇{n}", world.county)
        village = factories.region(f"4312261{20 + n}201", f"新村{n}", township)
        ask(village, city["pigs"], n + 1)
        for m in range(3):
            cadre = factories.cadre(township, f"新{n}-{m}")
            studies(cadre, city["pigs"])
            plans(cadre, city["citrus"])
    with django_assert_num_queries(3):
        report = gap_report(world.city, 2026)
    assert report.rows[0].demand == 20 + sum(range(1, 7))


def links(html: str, testid: str) -> dict[str, str]:
    found = re.findall(rf'<a href="\?region=(\d+)&amp;year=2026" data-testid="{testid}">([^<]+)</a>', html)
    return {name: code for code, name in found}


def test_the_page_starts_at_the_users_scope_and_drills_down_to_a_township(world, city, org_admin, client_as):
    client = client_as(org_admin)
    url = reverse("learning:demand_gap")
    city_page = client.get(url, {"year": 2026})
    assert city_page.context["region"] == world.city
    counties = links(city_page.content.decode(), "drill-down")
    assert list(counties) == ["芷江侗族自治县", "麻阳苗族自治县"]

    county_page = client.get(url, {"region": counties["麻阳苗族自治县"], "year": 2026})
    assert county_page.context["region"] == world.county
    assert [row.skill.name for row in county_page.context["rows"]] == ["生猪养殖", "柑桔栽培与管理", "矛盾纠纷调解"]
    townships = links(county_page.content.decode(), "drill-down")
    assert list(townships) == ["高村镇", "吕家坪镇"]

    township_page = client.get(url, {"region": townships["高村镇"], "year": 2026})
    assert township_page.context["region"] == world.township
    assert [node.name for node in township_page.context["trail"]] == ["怀化市", "麻阳苗族自治县", "高村镇"]
    assert 'data-testid="drill-down"' not in township_page.content.decode()
    assert [row.skill.name for row in township_page.context["rows"]] == ["生猪养殖", "柑桔栽培与管理"]


def test_nobody_goes_above_or_beside_their_own_scope(
    world, city, secretary_of_gaocun, org_admin_of_other_county, client_as
):
    url = reverse("learning:demand_gap")
    secretary = client_as(secretary_of_gaocun)
    own = secretary.get(url, {"year": 2026})
    assert own.context["region"] == world.township and [n.name for n in own.context["trail"]] == ["高村镇"]
    for region in (world.county, world.city, world.other_township):
        assert secretary.get(url, {"region": region.code}).status_code == 404

    admin = client_as(org_admin_of_other_county)
    page = admin.get(url, {"year": 2026})
    assert page.context["region"] == world.other_county
    assert [row.skill.name for row in page.context["rows"]] == ["生猪养殖", "芷江鸭养殖"]
    html = page.content.decode()
    assert "高村镇" not in html and "麻阳" not in html
    for region in (world.county, world.city, world.township):
        assert admin.get(url, {"region": region.code}).status_code == 404
    assert admin.get(url, {"region": city["zhijiang"].code}).status_code == 200


def test_a_county_leader_starts_at_their_county(world, city, client_as):
    leader = factories.user("leader_mayang", Role.LEADER, world.county)
    page = client_as(leader).get(reverse("learning:demand_gap"), {"year": 2026})
    assert page.context["region"] == world.county
    assert [c.region.name for c in page.context["report"].children] == ["高村镇", "吕家坪镇"]
