"""The monthly norm (seed 002: at least 10 village days a month): visit days are distinct dates, households are
distinct, every logged visit counts and the confirmed days are shown beside them; the township's list names
the paired cadres below it, those without a single visit too."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from skilled_township.cadres.models import Cadre
from skilled_township.core.navigation import notices_for
from skilled_township.pairing.models import Norm, Visit
from skilled_township.pairing.services import norms

from .. import factories, objects
from . import visit_builders as builders


def log(world, pair, day, *, confirmed=False):
    return builders.visit(
        world,
        pair=pair,
        day=day,
        content=f"走访 {day} {pair.household.head_name}",
        confirmation="code" if confirmed else "none",
        confirmed_at=timezone.now() if confirmed else None,
    )


def march_of_2026(world):
    """龙建国 (two households): 2 March both households (one confirmed), 3 March twice the same household (one
    confirmed), 31 March once; 28 February and 1 April fall outside. 舒红梅: paired, no visit. 蒋涛: no pairing.
    田野: paired but left the post."""
    d = datetime.date
    long = objects.cadre(world)
    first, second = builders.pairing(world, "杨秀英"), builders.pairing(world, "刘大山", phone="13933330000")
    log(world, first, d(2026, 3, 2), confirmed=True)
    log(world, second, d(2026, 3, 2))
    log(world, first, d(2026, 3, 3), confirmed=True)
    builders.visit(world, pair=first, day=d(2026, 3, 3), content="下午再访")
    log(world, first, d(2026, 3, 31))
    log(world, first, d(2026, 2, 28), confirmed=True)
    log(world, second, d(2026, 4, 1), confirmed=True)
    shu = factories.cadre(world.township, "舒红梅", mobile="13700000001")
    builders.pairing(world, "蒋小花", cadre=shu, phone="13922220000")
    factories.cadre(world.township, "蒋涛", mobile="13700000002")
    tian = factories.cadre(world.township, "田野", mobile="13700000003")
    builders.pairing(world, "田家", cadre=tian, phone="13944440000")
    Cadre.objects.filter(pk=tian.pk).update(status="left", left_on=d(2026, 2, 1))
    return long, shu


def test_visit_days_households_and_confirmed_days_on_a_hand_counted_month(world):
    long, shu = march_of_2026(world)

    rows = {row.cadre.name: row for row in norms.month_rows(Cadre.objects.all(), 2026, 3)}

    assert set(rows) == {"龙建国", "舒红梅"}
    assert (rows["龙建国"].visit_days, rows["龙建国"].households_visited, rows["龙建国"].confirmed_days) == (3, 2, 2)
    assert (rows["舒红梅"].visit_days, rows["舒红梅"].households_visited, rows["舒红梅"].confirmed_days) == (0, 0, 0)
    assert rows["龙建国"].norm == Norm.DEFAULT_VISIT_DAYS == 10
    assert [row.cadre for row in norms.below_norm(Cadre.objects.all(), 2026, 3)] == [shu, long]


def test_the_nearest_norm_up_the_tree_applies(world):
    long, shu = march_of_2026(world)
    Norm.objects.create(region=world.county, year=2026, visit_days_per_month=3)

    assert [row.cadre for row in norms.below_norm(Cadre.objects.all(), 2026, 3)] == [shu]
    Norm.objects.create(region=world.township, year=2026, visit_days_per_month=4)
    assert [row.cadre for row in norms.below_norm(Cadre.objects.all(), 2026, 3)] == [shu, long]
    assert norms.visit_days_norms([world.township], 2026) == {world.township.pk: 4}
    assert Norm.for_region(world.township, 2026).visit_days_per_month == 4
    assert norms.visit_days_norms([world.township], 2025) == {world.township.pk: 10}


def test_the_township_page_lists_the_cadres_below_the_norm_and_states_the_rule(
    world, secretary_of_gaocun, secretary_of_other_township, client_as
):
    long, shu = march_of_2026(world)

    response = client_as(secretary_of_gaocun).get(reverse("pairing:norm_report") + "?month=2026-03")

    page = response.content.decode()
    assert [row.cadre for row in response.context["rows"]] == [shu, long]
    assert "所有登记的走访都计入天数，其中经农户确认的天数单独列出" in page and "至少 10 天" in page
    assert "蒋涛" not in page and "田野" not in page
    other = client_as(secretary_of_other_township).get(reverse("pairing:norm_report") + "?month=2026-03")
    assert other.context["rows"] == [] and "龙建国" not in other.content.decode()


def test_the_norm_page_takes_the_same_number_of_queries_for_few_and_many_cadres(world, secretary_of_gaocun, client):
    client.force_login(secretary_of_gaocun)
    url = reverse("pairing:norm_report") + "?month=2026-03&all=1"
    march_of_2026(world)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["rows"]) == 2
    for n in range(20):
        cadre = factories.cadre(world.township, f"干部{n}", mobile=f"137000001{n:02d}")
        pair = builders.pairing(world, f"农户{n}", cadre=cadre, phone=f"139555500{n:02d}")
        log(world, pair, datetime.date(2026, 3, 1 + n))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).context["rows"]) == 22
    assert len(many) == len(few)


def test_the_secretarys_home_page_counts_last_months_shortfall_and_week_old_unconfirmed_visits(
    world, secretary_of_gaocun, secretary_of_other_township, cadre_of_gaocun
):
    today = timezone.localdate()
    pair = builders.pairing(world)
    log(world, pair, today - datetime.timedelta(days=8))
    log(world, pair, today - datetime.timedelta(days=9), confirmed=True)
    log(world, pair, today)

    notices = {n.key: n for n in notices_for(secretary_of_gaocun)}

    assert notices["visits-below-norm"].count == 1
    assert notices["visits-unconfirmed"].count == 1
    assert "超过7天仍未经农户确认" in notices["visits-unconfirmed"].text
    assert notices_for(secretary_of_other_township) == []
    listed = notices["visits-unconfirmed"].url
    assert "confirmed=no" in listed and Visit.objects.filter(confirmation="none").count() == 2
