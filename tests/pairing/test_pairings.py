"""Pairing a household with a cadre, ending it, and the handover of a cadre's pairings with history kept."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from skilled_township.accounts.models import AuditEntry
from skilled_township.cadres.models import Cadre
from skilled_township.pairing.models import Household, Pairing
from skilled_township.pairing.services import pairings

from .. import factories, objects
from ..generic import api_client
from .builders import household, paired, pairing_awaiting_handover


def test_the_pair_page_pairs_a_household_and_shows_the_cadre_on_it(world, secretary_of_gaocun, client_as):
    home = household(world.village, "滕大妹")
    cadre = objects.cadre(world)
    client = client_as(secretary_of_gaocun)
    page = client.get(reverse("pairing:pair"))
    assert home.head_name in page.content.decode()
    response = client.post(
        reverse("pairing:pair"),
        {"household": home.pk, "cadre": cadre.pk, "started_on": "2026-01-05", "goals": "发展养殖"},
    )
    pairing = Pairing.objects.get(household=home)
    assert response.status_code == 302 and response["Location"] == reverse("pairing:pairing_detail", args=[pairing.pk])
    assert Household.objects.get(pk=home.pk).paired_cadre == cadre
    assert [(e.action, e.user) for e in AuditEntry.objects.for_object(pairing)] == [("create", secretary_of_gaocun)]
    # Once paired, the household is no longer offered, and a second pairing through a forged post is refused.
    again = client.post(reverse("pairing:pair"), {"household": home.pk, "cadre": cadre.pk, "started_on": "2026-01-06"})
    assert again.status_code == 200 and Pairing.objects.filter(household=home).count() == 1


def test_only_in_post_cadres_of_the_households_township_are_paired(world):
    home, cadre = household(world.village), objects.cadre(world)
    elsewhere = factories.cadre(world.other_township, "外镇干部")
    with pytest.raises(pairings.PairingRefused, match="本乡镇"):
        pairings.pair(home, elsewhere, started_on=datetime.date(2026, 1, 5))
    gone = factories.cadre(world.township, "已离岗", status=Cadre.Status.LEFT, left_on=datetime.date(2025, 12, 1))
    with pytest.raises(pairings.PairingRefused, match="离岗"):
        pairings.pair(home, gone, started_on=datetime.date(2026, 1, 5))
    with pytest.raises(pairings.PairingRefused, match="晚于今天"):
        pairings.pair(home, cadre, started_on=timezone.localdate() + datetime.timedelta(days=3))
    assert not Pairing.objects.exists() and Household.objects.get(pk=home.pk).paired_cadre is None


def test_a_cadre_holds_several_households_a_household_one_cadre(world):
    cadre, other = objects.cadre(world), factories.cadre(world.township, "第二干部")
    first, second = household(world.village, "甲户"), household(world.village, "乙户")
    paired(first, cadre)
    paired(second, cadre)
    assert cadre.paired_households.count() == 2
    with pytest.raises(pairings.PairingRefused, match="已有进行中的结对"):
        paired(first, other)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_pair_a_household_once_and_the_other_is_told_why():
    from ..conftest import World  # noqa: F401  (the world is built here: this test commits)

    city = factories.region("431200000000", "怀化市")
    county = factories.region("431226000000", "麻阳苗族自治县", city)
    township = factories.region("431226101000", "高村镇", county)
    village = factories.region("431226101201", "锦和村", township)
    home = household(village, "并发户")
    cadres = [factories.cadre(township, "干部甲"), factories.cadre(township, "干部乙")]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(cadre):
        try:
            start.wait()
            pairings.pair(Household.objects.get(pk=home.pk), cadre, started_on=datetime.date(2026, 1, 5))
            outcomes.append("paired")
        except pairings.PairingRefused as refused:
            outcomes.append(refused.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(cadre,)) for cadre in cadres]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=len) == ["paired", pairings.already_paired_message(home)]
    active = Pairing.objects.get(household=home, ended_on__isnull=True)
    assert Household.objects.get(pk=home.pk).paired_cadre == active.cadre


def test_ending_a_pairing_frees_the_household(world, secretary_of_gaocun, client_as):
    pairing = paired(household(world.village), objects.cadre(world))
    client = client_as(secretary_of_gaocun)
    url = reverse("pairing:pairing_end", args=[pairing.pk])
    refused = client.post(url, {"ended_on": "2025-01-01", "end_reason": "脱贫"})
    assert "不能早于结对日期" in refused.content.decode()
    assert client.post(url, {"ended_on": "2026-01-10", "end_reason": "稳定脱贫"}).status_code == 302
    pairing.refresh_from_db()
    assert (pairing.ended_on, pairing.end_reason) == (datetime.date(2026, 1, 10), "稳定脱贫")
    assert pairing.household.__class__.objects.get(pk=pairing.household_id).paired_cadre is None


def test_a_handover_moves_the_pairings_keeps_history_and_moves_paired_cadre(world, secretary_of_gaocun, client_as):
    successor = objects.cadre(world)
    leaving = pairing_awaiting_handover(world)
    other = paired(household(world.village, "第二户"), leaving.cadre)
    stays = paired(household(world.village, "第三户"), leaving.cadre)
    client = client_as(secretary_of_gaocun)
    listed = client.get(reverse("pairing:handover_list")).content.decode()
    assert reverse("pairing:handover_cadre", args=[leaving.cadre_id]) in listed and "第二户" in listed
    home = client_as(secretary_of_gaocun).get(reverse("home")).content.decode()
    assert 'data-notice="pairings-awaiting-handover"' in home

    url = reverse("pairing:handover_cadre", args=[leaving.cadre_id])
    response = client.post(url, {"pairings": [leaving.pk, other.pk], "to": successor.pk, "on": "2026-02-01"})
    assert response.status_code == 302
    for old in (leaving, other):
        old.refresh_from_db()
        new = old.continued_by
        assert (old.ended_on, old.end_reason) == (datetime.date(2026, 2, 1), "交接")
        assert (new.cadre, new.started_on, new.ended_on, new.goals) == (successor, old.ended_on, None, old.goals)
        assert Household.objects.get(pk=old.household_id).paired_cadre == successor
        assert [e.action for e in AuditEntry.objects.for_object(new)] == ["create"]
    stays.refresh_from_db()
    assert stays.is_active and Household.objects.get(pk=stays.household_id).paired_cadre == leaving.cadre

    # Both pages show the household's chain: the old cadre, handed over, then the successor.
    page = client.get(reverse("pairing:pairing_detail", args=[leaving.continued_by.pk])).content.decode()
    assert "离岗干部" in page and "交接" in page and successor.name in page


def test_a_handover_is_all_or_nothing(world):
    successor = objects.cadre(world)
    first = pairing_awaiting_handover(world)
    ended = paired(household(world.village, "已结束户"), first.cadre, started_on=datetime.date(2025, 1, 1))
    pairings.end(ended, ended_on=datetime.date(2026, 1, 1), reason="迁出")
    with pytest.raises(pairings.PairingRefused, match="已结束"):
        pairings.handover([first, ended], to=successor, on=datetime.date(2026, 2, 1))
    first.refresh_from_db()
    assert first.is_active and Pairing.objects.count() == 2


def test_the_api_pairs_ends_and_hands_over_through_the_same_rules(
    world, secretary_of_gaocun, secretary_of_other_township
):
    client = api_client(secretary_of_gaocun)
    home, cadre = household(world.village), objects.cadre(world)
    body = {"household": home.pk, "cadre": cadre.pk, "started_on": "2026-01-05"}
    created = client.post(reverse("api:pairing-pair"), body, format="json")
    assert created.status_code == 201 and created.data["cadre"] == cadre.pk
    twice = client.post(reverse("api:pairing-pair"), body, format="json")
    assert twice.status_code == 400 and "已有进行中的结对" in str(twice.data)
    outsider = api_client(secretary_of_other_township).post(reverse("api:pairing-pair"), body, format="json")
    assert outsider.status_code == 400 and "household" in outsider.data

    successor = factories.cadre(world.township, "接手干部")
    moved = client.post(
        reverse("api:pairing-handover"),
        {"pairings": [created.data["id"]], "to": successor.pk, "on": "2026-02-01"},
        format="json",
    )
    assert moved.status_code == 201 and moved.data[0]["previous"] == created.data["id"]
    end = client.post(
        reverse("api:pairing-end", args=[moved.data[0]["id"]]),
        {"ended_on": "2026-03-01", "end_reason": "脱贫"},
        format="json",
    )
    assert end.status_code == 200 and end.data["ended_on"] == "2026-03-01"
    assert Household.objects.get(pk=home.pk).paired_cadre is None
    assert AuditEntry.objects.filter(source="api", user=secretary_of_gaocun).count() >= 4
