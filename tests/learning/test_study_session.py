"""One study session logged for several cadres at once (多人学习登记): one record each, all or none, only for
in-post cadres of the user's scope, never twice, audited; on the page and through the API alike."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry
from skilled_township.learning.models import StudyRecord

from .. import factories

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def skill(db):
    return factories.skill("JJ02", "柑桔栽培与管理")


@pytest.fixture
def team(world):
    """Three in-post cadres of 高村镇, one who left, and one of 吕家坪镇."""
    return {
        "甲": factories.cadre(world.township, "甲"),
        "乙": factories.cadre(world.township, "乙"),
        "丙": factories.cadre(world.township, "丙"),
        "gone": factories.cadre(world.township, "丁", status="left", left_on=datetime.date(2026, 1, 31)),
        "elsewhere": factories.cadre(world.other_township, "戊"),
    }


def session(skill, *cadres, **changes) -> dict:
    data = {
        "cadres": [cadre.pk for cadre in cadres],
        "studied_on": DAY.isoformat(),
        "hours": "2.5",
        "skill": skill.pk,
        "mode": "group_study",
        "notes": "柑桔春季修剪：示范园现场讲解",
    }
    return {**data, **changes}


def ledger() -> list[tuple]:
    rows = StudyRecord.objects.order_by("cadre__name").values_list(
        "cadre__name", "studied_on", "hours", "mode", "notes"
    )
    return list(rows)


def changes() -> int:
    return AuditEntry.objects.filter(action__in=["create", "update", "delete"]).count()


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_the_page_lists_the_townships_in_post_cadres_and_logs_one_record_each(
    world, skill, team, secretary_of_gaocun, client_as
):
    client = client_as(secretary_of_gaocun)
    url = reverse("learning:study_session")
    page = client.get(url)
    listed = [cadre.name for cadre in page.context["listing"].cadres]
    assert listed == ["丙", "乙", "甲"]  # by name; not 丁 (left), not 戊 (吕家坪镇)

    response = client.post(url, session(skill, team["甲"], team["乙"], team["丙"]), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("learning:study_list"))
    assert [str(m) for m in response.context["messages"]] == ["已为 3 名干部记录 2026-03-10 “柑桔栽培与管理”的学习。"]
    note = "柑桔春季修剪：示范园现场讲解"
    assert sorted(ledger()) == sorted((name, DAY, Decimal("2.5"), "group_study", note) for name in ("甲", "乙", "丙"))
    entries = AuditEntry.objects.filter(content_type__model="studyrecord", action="create")
    assert sorted((e.object_repr, e.user, e.source, e.region_code) for e in entries) == sorted(
        (f"{name} 2026-03-10 柑桔栽培与管理", secretary_of_gaocun, "web", world.township.code)
        for name in ("甲", "乙", "丙")
    )
    assert entries.first().changes["hours"] == [None, "2.5"]


def test_a_cadre_who_already_has_the_session_stops_the_whole_session(
    world, skill, team, secretary_of_gaocun, client_as
):
    StudyRecord.objects.create(cadre=team["乙"], studied_on=DAY, hours=Decimal("2.5"), skill=skill, mode="group_study")
    client = client_as(secretary_of_gaocun)
    before, entries = ledger(), changes()
    response = client.post(reverse("learning:study_session"), session(skill, team["甲"], team["乙"], team["丙"]))
    assert response.status_code == 200
    assert response.context["form"].errors["cadres"] == [
        "乙 已有 2026-03-10 “柑桔栽培与管理”（集中学习）的学习记录，未保存任何记录。请取消勾选或修改已有记录。"
    ]
    # The ticks stay, so the secretary only unticks 乙.
    assert response.context["chosen"] == {team["甲"].pk, team["乙"].pk, team["丙"].pk}
    assert (ledger(), changes()) == (before, entries)

    # Another mode or day is another session.
    assert (
        client.post(reverse("learning:study_session"), session(skill, team["乙"], mode="classroom")).status_code == 302
    )


@pytest.mark.parametrize("stranger", ["elsewhere", "gone"])
def test_a_cadre_of_another_township_or_not_in_post_is_refused_even_posted_by_hand(
    world, skill, team, stranger, secretary_of_gaocun, client_as
):
    client = client_as(secretary_of_gaocun)
    response = client.post(reverse("learning:study_session"), session(skill, team["甲"], team[stranger]))
    assert response.status_code == 200
    assert response.context["form"].errors["cadres"] == [
        f"编号为 {team[stranger].pk} 的干部不是本乡镇的在岗干部，未保存任何记录。"
    ]
    assert ledger() == []


def test_an_admin_logs_for_the_township_picked_and_no_other(world, skill, team, org_admin, client_as):
    client = client_as(org_admin)
    url = reverse("learning:study_session") + f"?township={world.other_township.pk}"
    # 甲 is in the admin's scope, but not in 吕家坪镇, the township picked.
    refused = client.post(url, session(skill, team["elsewhere"], team["甲"]))
    assert "cadres" in refused.context["form"].errors and ledger() == []
    assert client.post(url, session(skill, team["elsewhere"])).status_code == 302
    assert [row[0] for row in ledger()] == ["戊"]


def test_the_api_logs_a_session_all_or_none(world, skill, team, secretary_of_gaocun, cadre_of_gaocun):
    url = reverse("api:study-record-session")
    client = api(secretary_of_gaocun)

    out_of_scope = client.post(url, session(skill, team["甲"], team["elsewhere"]), format="json")
    assert out_of_scope.status_code == 400 and "cadres" in out_of_scope.data
    twice = client.post(url, session(skill, team["甲"], team["甲"]), format="json")
    assert twice.status_code == 400 and twice.data["cadres"] == ["同一名干部只能选一次。"]
    not_in_post = client.post(url, session(skill, team["甲"], team["gone"]), format="json")
    assert not_in_post.status_code == 400
    assert not_in_post.data["cadres"] == [f"以下干部不在您管辖范围内的在岗干部中，未保存任何记录：#{team['gone'].pk}"]
    future = client.post(url, session(skill, team["甲"], studied_on="2099-01-01"), format="json")
    assert future.status_code == 400 and "studied_on" in future.data
    assert ledger() == []

    created = client.post(url, session(skill, team["甲"], team["乙"]), format="json")
    assert created.status_code == 201, created.data
    assert sorted(row["cadre_name"] for row in created.data) == ["乙", "甲"]
    entries = AuditEntry.objects.filter(content_type__model="studyrecord", action="create")
    assert {(e.user, e.source) for e in entries} == {(secretary_of_gaocun, "api")} and entries.count() == 2

    again = client.post(url, session(skill, team["甲"], team["丙"]), format="json")
    assert again.status_code == 400 and again.data["cadres"][0].startswith("甲 已有 2026-03-10")
    assert len(ledger()) == 2

    # A cadre logs their own study one record at a time, not sessions for others.
    assert api(cadre_of_gaocun).post(url, session(skill, team["甲"]), format="json").status_code == 403


def test_the_page_and_the_session_cost_the_same_queries_however_many_cadres(
    world, skill, secretary_of_gaocun, client_as
):
    client = client_as(secretary_of_gaocun)
    url = reverse("learning:study_session")

    def measure(count, day):
        cadres = [factories.cadre(world.township, f"学员{day.day}-{n}") for n in range(count)]
        with CaptureQueriesContext(connection) as shown:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as saved:
            assert client.post(url, session(skill, *cadres, studied_on=day.isoformat())).status_code == 302
        return len(shown), len(saved)

    assert measure(3, DAY) == measure(30, DAY + datetime.timedelta(days=1))


def test_a_large_township_is_searched_by_name(world, skill, secretary_of_gaocun, client_as, monkeypatch):
    from skilled_township.learning.services import ledger as ledger_rules

    monkeypatch.setattr(ledger_rules, "MAX_SESSION_CADRES", 3)
    for n in range(5):
        factories.cadre(world.township, f"学员{n}")
    factories.cadre(world.township, "龙建国")
    client = client_as(secretary_of_gaocun)
    page = client.get(reverse("learning:study_session"))
    listing = page.context["listing"]
    assert (len(listing.cadres), listing.total, listing.more) == (3, 6, True)
    assert "只列出前 3 位，请在上方输入姓名查找。" in page.content.decode()
    found = client.get(reverse("learning:study_session"), {"q": "建国"}).context["listing"]
    assert [cadre.name for cadre in found.cadres] == ["龙建国"]
