"""The demo's households: six for each cadre of a township, with members, skills over two years and incomes of
the last two years around the village's line, some far below it; a second run adds nothing."""

from decimal import Decimal

from skilled_township.pairing.demo import HOUSEHOLDS_PER_CADRE, demo_households, seed_township
from skilled_township.pairing.models import Household, HouseholdIncome, MemberSkill
from skilled_township.regions.demo import INCOME_YEARS
from skilled_township.regions.models import VillageIncome

from .. import factories, objects


def test_every_demo_cadre_gets_six_households_with_incomes_around_the_line_some_at_risk(world):
    cadres = [factories.cadre(world.township, name) for name in ("甲", "乙", "丙", "丁")]
    VillageIncome.objects.filter(village=world.village).delete()
    for year in INCOME_YEARS:
        factories.income(world.village, year=year, amount="10000")
    made = seed_township(world.township, [objects.skill(world)])
    assert made == len(cadres) * HOUSEHOLDS_PER_CADRE == Household.objects.count()
    given = demo_households(world.township)
    assert [len(given[cadre]) for cadre in cadres] == [HOUSEHOLDS_PER_CADRE] * len(cadres)
    incomes = HouseholdIncome.objects.all()
    assert incomes.count() == made * len(INCOME_YEARS)
    shares = [income.per_capita_net_income / Decimal("10000") for income in incomes]
    assert all(Decimal("0.5") <= share <= Decimal("1.25") for share in shares)
    assert any(share < Decimal("0.7") for share in shares)  # at risk
    assert set(MemberSkill.objects.values_list("year", flat=True)) == set(INCOME_YEARS)
    assert all(h.labour_members <= h.members == h.people.count() for h in Household.objects.all())
    assert seed_township(world.township, [objects.skill(world)]) == 0
    assert Household.objects.count() == made
