"""Target status on hand-computed cases (the rule is in ``services/targets.py``), the at-risk list and the
summary per county and township."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from skilled_township.pairing.models import Member, MemberSkill, Norm, Pairing
from skilled_township.pairing.services import targets
from skilled_township.regions.models import VillageIncome

from .. import factories, objects
from .builders import household, income, paired

STARTED = datetime.date(2025, 3, 1)  # target year 2027


def line(village, year, amount):
    return VillageIncome.objects.update_or_create(
        village=village, year=year, defaults={"per_capita_net_income": Decimal(amount)}
    )[0]


def figures(pairing):
    return targets.target_of(targets.with_targets(Pairing.objects.filter(pk=pairing.pk)).get())


@pytest.fixture
def pairing(world):
    return paired(household(world.village, "目标户"), objects.cadre(world), started_on=STARTED)


def test_no_income_yet_is_missing_and_says_so(world, pairing):
    target = figures(pairing)
    assert (target.status, target.missing, target.target_year) == ("missing", str(targets.NO_INCOME), 2027)


def test_no_village_line_for_the_year_is_missing_and_says_so(world, pairing):
    income(pairing.household, 2026, "9000")  # the world has the village's line of 2025 only
    target = figures(pairing)
    assert (target.status, target.missing, target.income_year, target.line) == (
        "missing",
        str(targets.NO_LINE),
        2026,
        None,
    )


def test_already_above_the_village_average_is_reached(world, pairing):
    income(pairing.household, 2025, "12500")  # line 2025: 12,000
    target = figures(pairing)
    assert (target.status, target.gap, target.needed_growth) == ("reached", Decimal("-500.00"), None)


def test_growing_fast_enough_is_on_track(world, pairing):
    # Gap 2,100; 2 years left; needed √(12,100/10,000) − 1 = 10.0%; observed 10,000/8,000 − 1 = 25.0%;
    # projected 10,000 × 1.25² = 15,625 ≥ 12,100.
    line(world.village, 2025, "12100")
    income(pairing.household, 2024, "8000")
    income(pairing.household, 2025, "10000")
    target = figures(pairing)
    assert (target.status, target.gap, target.needed_growth, target.observed_growth) == (
        "on_track",
        Decimal("2100.00"),
        Decimal("10.0"),
        Decimal("25.0"),
    )


def test_growing_too_slowly_is_behind(world, pairing):
    # Observed 10,000/9,500 − 1 = 5.3%, needed 10.0%: projected 10,000 × (10,000/9,500)² = 11,080 < 12,100.
    line(world.village, 2025, "12100")
    income(pairing.household, 2024, "9500")
    income(pairing.household, 2025, "10000")
    target = figures(pairing)
    assert (target.status, target.needed_growth, target.observed_growth) == ("behind", Decimal("10.0"), Decimal("5.3"))


def test_a_single_year_of_income_below_the_line_is_behind(world, pairing):
    # No growth observed yet: nothing says the gap will close. Needed √(12,000/11,000) − 1 = 4.4%.
    income(pairing.household, 2025, "11000")
    target = figures(pairing)
    assert (target.status, target.needed_growth, target.observed_growth) == ("behind", Decimal("4.4"), None)


def test_deadline_passed_and_still_below_is_behind(world):
    pairing = paired(household(world.village, "老结对户"), objects.cadre(world), started_on=datetime.date(2023, 3, 1))
    line(world.village, 2025, "12000")
    income(pairing.household, 2024, "6000")
    income(pairing.household, 2025, "11900")  # growing fast, but the target year 2025 has come
    target = figures(pairing)
    assert (target.status, target.target_year, target.needed_growth, target.years_left) == ("behind", 2025, None, 0)


def test_the_at_risk_list_holds_behind_and_missing_sorted_by_gap(world, secretary_of_gaocun, client_as):
    cadre = objects.cadre(world)
    line(world.village, 2025, "12000")
    small = paired(household(world.village, "差距小"), cadre, started_on=STARTED)
    income(small.household, 2025, "11000")
    large = paired(household(world.village, "差距大"), cadre, started_on=STARTED)
    income(large.household, 2025, "6000")
    missing = paired(household(world.village, "未录入户"), cadre, started_on=STARTED)
    fine = paired(household(world.village, "达标户"), cadre, started_on=STARTED)
    income(fine.household, 2025, "13000")
    rows = list(targets.at_risk(Pairing.objects.visible_to(secretary_of_gaocun)))
    assert [row.pk for row in rows] == [large.pk, small.pk, missing.pk]

    page = client_as(secretary_of_gaocun).get(reverse("pairing:at_risk")).content.decode()
    order = [page.index(name) for name in ("差距大", "差距小", "未录入户")]
    assert order == sorted(order) and "达标户" not in page
    assert "6000.00" in page and "41.4%" in page  # √(12,000/6,000) − 1 over the two years to 2027
    assert str(targets.NO_INCOME) in page


def test_the_summary_counts_statuses_per_township_and_county(world, org_admin, client_as):
    cadre, other_cadre = objects.cadre(world), factories.cadre(world.other_township, "吕家坪干部")
    line(world.village, 2025, "12000")
    reached = paired(household(world.village, "甲"), cadre, started_on=STARTED)
    income(reached.household, 2025, "12000")
    behind = paired(household(world.village, "乙"), cadre, started_on=STARTED)
    income(behind.household, 2025, "9000")
    paired(household(world.other_village, "丙"), other_cadre, started_on=STARTED)  # nothing recorded
    ended = paired(household(world.village, "丁"), cadre, started_on=STARTED)
    from skilled_township.pairing.services import pairings

    pairings.end(ended, ended_on=datetime.date(2025, 6, 1), reason="迁出")  # ended: not counted

    report = targets.summary(world.county, Pairing.objects.all(), Member.objects.all(), 2026)
    counts = {row.region.name: row.counts for row in report.rows}
    assert counts["高村镇"] == {"reached": 1, "on_track": 0, "behind": 1, "missing": 0}
    assert counts["吕家坪镇"] == {"reached": 0, "on_track": 0, "behind": 0, "missing": 1}
    assert report.total.counts == {"reached": 1, "on_track": 0, "behind": 1, "missing": 1}

    city = targets.summary(world.city, Pairing.objects.all(), Member.objects.all(), 2026)
    assert [(row.region.name, row.total) for row in city.rows] == [("麻阳苗族自治县", 3), ("芷江侗族自治县", 0)]

    page = client_as(org_admin).get(reverse("pairing:target_summary"), {"region": world.county.code}).content.decode()
    assert f"?region={world.township.code}" in page  # a click down to the township


def test_the_summary_sets_the_skill_share_against_the_norm(world, org_admin, client_as):
    skill = factories.skill("T01", "柑桔栽培与管理")
    Norm.objects.create(region=world.county, year=2026, skill_share_percent=Decimal("75"))
    home = household(world.village, "技能户", members=5, labour_members=4)
    paired(home, objects.cadre(world), started_on=STARTED)
    people = [Member.objects.create(household=home, name=f"成员{n}", labour_capable=n < 4) for n in range(5)]
    for member in people[:2]:
        MemberSkill.objects.create(member=member, year=2026, skill=skill)
    MemberSkill.objects.create(member=people[2], year=2027, skill=skill)  # learned after the year: not counted
    MemberSkill.objects.create(member=people[4], year=2026, skill=skill)  # not labour-capable: not counted
    unpaired = household(world.village, "未结对户")
    Member.objects.create(household=unpaired, name="未结对成员")  # neither paired nor registered poor: not counted
    earlier = household(world.village, "去年学会户")
    paired(earlier, objects.cadre(world), started_on=STARTED)
    learned = Member.objects.create(household=earlier, name="去年学会的成员")
    MemberSkill.objects.create(member=learned, year=2025, skill=skill)  # mastered the year before: still counted

    report = targets.summary(world.township, Pairing.objects.all(), Member.objects.all(), 2026)
    row = report.rows[0]
    assert (row.labour, row.skilled, row.skill_share, row.skill_target, row.skill_short) == (
        5,
        3,
        Decimal("60.0"),
        Decimal("75.00"),
        True,
    )
    page = client_as(org_admin).get(reverse("pairing:target_summary"), {"region": world.township.code, "year": 2026})
    assert "60.0%" in page.content.decode() and "75%" in page.content.decode()
