"""The skill share of a township: labour-capable members of assisted households (registered poor, or paired with
a cadre now) who have a skill recorded that year or before, counted by hand on a small set; rolled up for the
county with one figure per township; against the norm that applies; in a fixed number of queries."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skilled_township.pairing.models import Norm
from skilled_township.pairing.services.skills_share import skill_share, skill_share_by_child

from .. import factories
from . import household_builders as built


def hand_counted_set(world):
    """高村镇: 5 labour-capable people of assisted households, 3 with a skill by 2025 (one only from 2026); other
    people who must not count. 吕家坪镇: 2 such people, 2 with a skill."""
    cadre = factories.cadre(world.township, "结对干部")
    poor = built.household(world, "贫困户", registered_poor=True)
    paired = built.household(world, "结对户")
    paired.paired_cadre = cadre
    paired.save()
    neither = built.household(world, "一般户")
    counted = [built.member(world, f"甲{n}", of=poor) for n in range(3)]
    counted += [built.member(world, f"乙{n}", of=paired) for n in range(2)]
    built.member(world, "老人", labour_capable=False, of=poor)  # not labour-capable
    built.member_skill(world, of=built.member(world, "一般户成员", of=neither), year=2024)  # not assisted
    built.member_skill(world, of=counted[0], year=2024)
    built.member_skill(world, of=counted[0], year=2025)  # two skills: still one person
    built.member_skill(world, of=counted[1], year=2025)
    built.member_skill(world, of=counted[3], year=2023)
    built.member_skill(world, of=counted[4], year=2026)  # not yet in 2025
    other = built.household(world, "外乡户", village=world.other_village, registered_poor=True)
    for n in range(2):
        built.member_skill(world, of=built.member(world, f"丙{n}", of=other), year=2025)


def test_the_share_of_a_township_counts_by_hand(world):
    hand_counted_set(world)
    share = skill_share(world.township, 2025)
    assert (share.labour, share.skilled, share.share) == (5, 3, Decimal("60.0"))
    assert share.target == Decimal("80") and share.met is False and share.short == 1
    later = skill_share(world.township, 2026)
    assert (later.skilled, later.share, later.met) == (4, Decimal("80.0"), True)


def test_the_county_rolls_up_its_townships_worst_first_against_their_own_norms(world):
    hand_counted_set(world)
    Norm.objects.create(region=world.other_township, year=2025, skill_share_percent=Decimal("100"))
    county = skill_share_by_child(world.county, 2025)
    assert (county.labour, county.skilled) == (7, 5)
    children = {child.region: child for child in county.children}
    assert (children[world.township].labour, children[world.township].skilled) == (5, 3)
    other = children[world.other_township]
    assert (other.labour, other.skilled, other.target, other.met) == (2, 2, Decimal("100"), True)
    assert county.children[0].region == world.township  # one person short, first


def test_a_township_without_assisted_people_has_no_share(world):
    from skilled_township.regions.models import Region

    lonely = factories.region("431226199000", "空镇", Region.objects.get(code="431226000000"))
    share = skill_share(lonely, 2025)
    assert (share.labour, share.share, share.met) == (0, None, None)


def test_the_count_takes_the_same_queries_for_many_people(world):
    hand_counted_set(world)
    with CaptureQueriesContext(connection) as few:
        skill_share_by_child(world.county, 2025)
    for n in range(40):
        household = built.household(world, f"新户{n}", registered_poor=True)
        built.member_skill(world, of=built.member(world, f"新人{n}", of=household))
    with CaptureQueriesContext(connection) as many:
        figures = skill_share_by_child(world.county, 2025)
    assert len(many) == len(few) and figures.labour == 47


def test_the_page_shows_the_township_and_drills_down_from_the_county(world, org_admin, client_as):
    hand_counted_set(world)
    client = client_as(org_admin)
    page = client.get(reverse("pairing:skill_share"), {"region": world.county.code, "year": 2025}).content.decode()
    assert f"?region={world.township.code}&amp;year=2025" in page and "高村镇" in page
    page = client.get(reverse("pairing:skill_share"), {"region": world.township.code, "year": 2025}).content.decode()
    assert "60.0%" in page and "未达标" in page
