"""我的帮扶户: a cadre's households now — village, family size, target status, their latest visit and how often
they visited this year — and a read-only page for each, which they may open only while they are paired with it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skilled_township.pairing.models import Household, Pairing, Visit
from skilled_township.pairing.services import pairings

from .. import factories, objects
from . import household_builders
from . import visit_builders as visits
from .builders import household, income, paired
from .test_pairing_queries import resident_ids

TODAY = timezone.localdate()
LAST_YEAR = datetime.date(TODAY.year - 1, 6, 15)


def visit(world, pairing, day):
    return Visit.objects.create(
        pairing=pairing,
        cadre=pairing.cadre,
        household=pairing.household,
        visited_on=day,
        content="了解生产情况",
        recorded_by=visits.recorder(world),
    )


@pytest.fixture
def setting(world, cadre_of_gaocun):
    """The 高村镇 cadre's two households, one ended and one handed over to a colleague, one handed over to them,
    and the colleague's own."""
    me = objects.cadre(world)
    colleague = factories.cadre(world.township, "舒红梅")
    reached = paired(household(world.village, "杨秀英", members=5), me, started_on=datetime.date(2025, 3, 1))
    income(reached.household, 2025, "13000")
    missing = paired(household(world.village, "刘大山", members=3), me, started_on=datetime.date(2025, 4, 1))
    ended = paired(household(world.village, "已结束户"), me, started_on=datetime.date(2025, 1, 1))
    pairings.end(ended, ended_on=datetime.date(2025, 12, 1), reason="迁出")
    given_away = paired(household(world.village, "交出户"), me, started_on=datetime.date(2025, 1, 1))
    pairings.handover([given_away], to=colleague, on=datetime.date(2026, 2, 1))
    taken_over = paired(household(world.village, "接手户"), colleague, started_on=datetime.date(2025, 1, 1))
    (taken_over,) = pairings.handover([taken_over], to=me, on=datetime.date(2026, 2, 1))
    theirs = paired(household(world.village, "蒋小花"), colleague, started_on=datetime.date(2025, 1, 1))

    visit(world, reached, TODAY)
    visit(world, reached, TODAY.replace(day=1))
    visit(world, reached, LAST_YEAR)
    visit(world, missing, LAST_YEAR)
    # The colleague's visit before the handover is not the cadre's.
    visit(world, taken_over.previous, datetime.date(2026, 1, 10))
    visit(world, theirs, TODAY)
    return {
        "me": me,
        "colleague": colleague,
        "reached": reached,
        "missing": missing,
        "ended": ended,
        "given_away": given_away,
        "taken_over": taken_over,
        "theirs": theirs,
    }


def rows(page) -> list[tuple]:
    return [
        (
            p.household.head_name,
            p.household.village.name,
            p.household.members,
            p.target_status,
            p.last_visited_on,
            p.visits_this_year,
        )
        for p in page.context["pairings"]
    ]


def test_a_cadre_sees_the_households_they_are_paired_with_now(world, setting, cadre_of_gaocun, client_as):
    page = client_as(cadre_of_gaocun).get(reverse("pairing:mine"))

    assert page.status_code == 200 and page.context["title"] == "我的帮扶户"
    assert rows(page) == [
        ("刘大山", "锦和村", 3, "missing", LAST_YEAR, 0),
        ("接手户", "锦和村", 4, "missing", None, 0),
        ("杨秀英", "锦和村", 5, "reached", TODAY, 2),
    ]
    html = page.content.decode()
    for name in ("reached", "missing", "taken_over"):
        assert reverse("pairing:my_household", args=[setting[name].household_id]) in html
    for name in ("ended", "given_away", "theirs"):
        assert reverse("pairing:my_household", args=[setting[name].household_id]) not in html
        assert setting[name].household.head_name not in html
    assert "正在结对 3 户：" in html
    assert page.context["counts"] == [("达标", 1), ("按期", 0), ("滞后", 0), ("未录入", 2)]
    # Each household a card on a phone, a table row from a tablet up; a visit logged straight from either.
    assert html.count('data-testid="household-card"') == 3
    assert f"{reverse('pairing:visit_create')}?pairing={setting['reached'].pk}" in html


def test_a_cadre_without_pairings_is_told_who_arranges_them(world, cadre_of_other_township, client_as):
    page = client_as(cadre_of_other_township).get(reverse("pairing:mine"))
    assert page.status_code == 200 and page.context["pairings"] == []
    assert "您目前没有结对帮扶的农户" in page.content.decode()


def test_the_household_page_opens_only_while_the_cadre_is_paired_with_it(
    world, setting, cadre_of_gaocun, cadre_of_other_township, secretary_of_gaocun, client_as
):
    client = client_as(cadre_of_gaocun)
    for name in ("reached", "missing", "taken_over"):
        assert client.get(reverse("pairing:my_household", args=[setting[name].household_id])).status_code == 200
    # Ended, handed over to a colleague, the colleague's own: none of them exists for this cadre.
    for name in ("ended", "given_away", "theirs"):
        assert client.get(reverse("pairing:my_household", args=[setting[name].household_id])).status_code == 404
    own = reverse("pairing:my_household", args=[setting["reached"].household_id])
    assert client_as(cadre_of_other_township).get(own).status_code == 404
    # The township's staff have the household's own pages; this one is the cadre's.
    assert client_as(secretary_of_gaocun).get(own).status_code == 403


def test_the_household_page_shows_the_household_read_only_with_the_cadres_own_visits(
    world, setting, cadre_of_gaocun, client_as
):
    reached = setting["reached"]
    home = reached.household
    household_builders.member_skill(world, of=household_builders.member(world, "杨小军", of=home), year=2025)
    page = client_as(cadre_of_gaocun).get(reverse("pairing:my_household", args=[home.pk]))

    html = page.content.decode()
    assert page.context["target"].status == "reached" and 'id="target-status">达标<' in html
    assert home.masked_id_number in html and home.id_number not in html
    assert "杨小军" in html and "柑桔栽培与管理" in html
    assert [(i.year, i.per_capita_net_income, i.line) for i in page.context["incomes"]] == [
        (2025, Decimal("13000.00"), Decimal("12000.00"))
    ]
    assert [v.visited_on for v in page.context["visits"]] == sorted(
        [TODAY, TODAY.replace(day=1), LAST_YEAR], reverse=True
    )
    assert page.context["visit_count"] == 3
    assert f"{reverse('pairing:visit_create')}?pairing={reached.pk}" in html
    # Nothing to change here: the township keeps the household's records.
    for url_name in ("household_update", "member_create", "income_create"):
        assert reverse(f"pairing:{url_name}", args=[home.pk]) not in html

    handed = client_as(cadre_of_gaocun).get(reverse("pairing:my_household", args=[setting["taken_over"].household_id]))
    assert handed.context["visit_count"] == 0  # the colleague's visit before the handover is theirs
    assert "舒红梅" in handed.content.decode()  # the pairing it continues


def test_the_visit_form_starts_on_the_household_chosen_from_my_households(world, setting, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    chosen = client.get(reverse("pairing:visit_create"), {"pairing": setting["missing"].pk})
    assert chosen.context["form"]["pairing"].value() == setting["missing"].pk
    html = chosen.content.decode()
    assert f'<option value="{setting["missing"].pk}" selected>' in html
    # A colleague's pairing is not among the choices, chosen by link or not.
    theirs = client.get(reverse("pairing:visit_create"), {"pairing": setting["theirs"].pk}).content.decode()
    assert f'value="{setting["theirs"].pk}"' not in theirs


def many_pairings(world, cadre, count: int, start: int) -> None:
    """``count`` more households of 锦和村 paired with ``cadre``, each with an income and two visits."""
    ids = resident_ids(count, start=start, area="431226")
    homes = Household.objects.bulk_create(
        Household(village=world.village, head_name=f"户主{start + n:04d}", id_number=next(ids), members=4)
        for n in range(count)
    )
    made = Pairing.objects.bulk_create(
        Pairing(cadre=cadre, household=home, started_on=datetime.date(2025, 3, 1)) for home in homes
    )
    Household.objects.filter(pk__in=[home.pk for home in homes]).update(paired_cadre=cadre)
    recorder = visits.recorder(world)
    Visit.objects.bulk_create(
        Visit(pairing=p, cadre=cadre, household=p.household, visited_on=day, content="走访", recorded_by=recorder)
        for p in made
        for day in (LAST_YEAR, TODAY)
    )


def test_the_page_costs_the_same_queries_with_10_pairings_as_with_100(world, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    me = objects.cadre(world)
    many_pairings(world, me, 10, 0)
    client.get(reverse("pairing:mine"))
    with CaptureQueriesContext(connection) as few:
        small = client.get(reverse("pairing:mine"))
    many_pairings(world, me, 90, 10)
    with CaptureQueriesContext(connection) as many:
        large = client.get(reverse("pairing:mine"))
    print(f"\n我的帮扶户: 10 pairings {len(few)} queries; 100 pairings {len(many)} queries")
    assert len(many) == len(few)
    assert len(small.context["pairings"]) == 10
    assert len(large.context["pairings"]) == 25 and large.context["page_obj"].paginator.count == 100
    assert {p.visits_this_year for p in large.context["pairings"]} == {1}
