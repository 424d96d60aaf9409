"""Picking a cadre by searching (cadres.widgets): the options a search box asks for, and the study form that
uses the field. Two 张伟 of one township are told apart by position and the ID's last four digits."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from skilled_township.cadres.models import Position
from skilled_township.cadres.widgets import PLAIN_LIST_MAX, SEARCH_LIMIT
from skilled_township.learning.models import StudyRecord

from .. import factories
from ..content import page_content

URL = "cadres:cadre_options"


def options(html: str, name: str = "") -> list[tuple[str, str]]:
    """(value, text) of every option of the page's select ``name`` (or of an options fragment)."""
    if name:
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
        assert select, f"no select {name}"
        html = select.group(0)
    return [(value, text.strip()) for value, text in re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', html)]


def found(response) -> list[str]:
    assert response.status_code == 200
    return [text for value, text in options(response.content.decode()) if value]


def last_four(cadre) -> str:
    return cadre.id_number[-4:]


@pytest.fixture
def namesakes(world):
    """Two 张伟 of 高村镇, and one of 吕家坪镇."""
    staff = factories.cadre(world.township, "张伟", mobile="13900000001")
    head = factories.cadre(world.township, "张伟", position=Position.STATION_HEAD, mobile="13900000002")
    other = factories.cadre(world.other_township, "张伟", mobile="13900000003")
    return staff, head, other


def label(cadre, position: str, township: str) -> str:
    return f"张伟 · {position} · {township} · ****{last_four(cadre)}"


# --- The options a search box asks for ----------------------------------------------------------------------


def test_namesakes_are_told_apart_by_position_township_and_last_four_digits(world, namesakes, org_admin, client_as):
    staff, head, other = namesakes
    response = client_as(org_admin).get(reverse(URL), {"q": "张伟"})
    assert sorted(found(response)) == sorted(
        [label(staff, "一般干部", "高村镇"), label(head, "站所负责人", "高村镇"), label(other, "一般干部", "吕家坪镇")]
    )
    # The first option is the empty choice, saying what was found.
    assert options(response.content.decode())[0] == ("", "找到 3 位，请选择")
    # A full ID number never appears, only its last four digits.
    assert staff.id_number not in response.content.decode()


def test_the_search_stays_inside_the_scope_and_one_township(world, namesakes, secretary_of_gaocun, client_as):
    staff, head, other = namesakes
    client = client_as(secretary_of_gaocun)
    assert sorted(found(client.get(reverse(URL), {"q": "张"}))) == sorted(
        [label(staff, "一般干部", "高村镇"), label(head, "站所负责人", "高村镇")]
    )
    assert found(client.get(reverse(URL), {"q": other.mobile})) == []
    own = client.get(reverse(URL), {"q": "张伟", "township": world.township.pk})
    assert len(found(own)) == 2


def test_a_township_outside_the_scope_gets_the_same_answer_as_one_that_does_not_exist(
    world, namesakes, secretary_of_gaocun, org_admin, client_as
):
    client = client_as(secretary_of_gaocun)
    outside = client.get(reverse(URL), {"q": "张伟", "township": world.other_township.pk})
    missing = client.get(reverse(URL), {"q": "张伟", "township": world.other_township.pk + 1000})
    assert outside.status_code == missing.status_code == 404
    assert page_content(outside.content.decode()) == page_content(missing.content.decode())
    assert "吕家坪" not in outside.content.decode()
    assert client.get(reverse(URL), {"q": "张伟", "township": "abc"}).status_code == 404
    # A village is no township; a city admin narrows the search to the township asked for.
    assert client_as(org_admin).get(reverse(URL), {"q": "张伟", "township": world.village.pk}).status_code == 404
    theirs = client_as(org_admin).get(reverse(URL), {"q": "张伟", "township": world.other_township.pk})
    assert found(theirs) == [label(namesakes[2], "一般干部", "吕家坪镇")]


def test_the_search_finds_by_name_mobile_and_the_last_digits_of_the_id_for_those_who_see_ids(
    world, namesakes, secretary_of_gaocun, client_as
):
    staff, head, _ = namesakes
    client = client_as(secretary_of_gaocun)
    assert found(client.get(reverse(URL), {"q": "伟"})) != []
    assert found(client.get(reverse(URL), {"q": head.mobile})) == [label(head, "站所负责人", "高村镇")]
    assert found(client.get(reverse(URL), {"q": last_four(staff)})) == [label(staff, "一般干部", "高村镇")]
    # Typed on a phone: full-width digits.
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in last_four(staff))
    assert found(client.get(reverse(URL), {"q": wide})) == [label(staff, "一般干部", "高村镇")]


def test_without_the_id_permission_an_id_is_found_only_by_the_whole_number(world, namesakes, hr_appraiser, client_as):
    staff, _head, _ = namesakes
    client = client_as(hr_appraiser)  # reads the roster, sees masked IDs
    for part in (last_four(staff), staff.id_number[-6:], staff.id_number[:17], staff.id_number[1:]):
        assert found(client.get(reverse(URL), {"q": part})) == [], part
    assert found(client.get(reverse(URL), {"q": staff.id_number})) == [label(staff, "一般干部", "高村镇")]
    assert found(client.get(reverse(URL), {"q": staff.id_number.lower()})) == [label(staff, "一般干部", "高村镇")]


def test_only_cadres_in_post_are_found_unless_the_record_holds_one_who_left(
    world, namesakes, secretary_of_gaocun, client_as
):
    staff, head, _ = namesakes
    staff.status, staff.left_on = "left", datetime.date(2026, 1, 31)
    staff.save()
    client = client_as(secretary_of_gaocun)
    assert found(client.get(reverse(URL), {"q": "张伟"})) == [label(head, "站所负责人", "高村镇")]
    kept = client.get(reverse(URL), {"q": "张伟", "keep": staff.pk})
    assert sorted(found(kept)) == sorted([label(staff, "一般干部", "高村镇"), label(head, "站所负责人", "高村镇")])
    # ``keep`` brings back no cadre outside the scope.
    stranger = factories.cadre(world.other_township, "张伟外")
    assert found(client.get(reverse(URL), {"q": "张伟", "keep": stranger.pk})) == [label(head, "站所负责人", "高村镇")]


def test_no_text_finds_nobody_and_a_long_list_is_cut_with_a_word_saying_so(world, org_admin, client_as):
    client = client_as(org_admin)
    for n in range(SEARCH_LIMIT + 5):
        factories.cadre(world.township, f"李{n:02d}")
    empty = client.get(reverse(URL))
    assert found(empty) == [] and options(empty.content.decode()) == [("", "请先在上方输入姓名或手机号查找")]
    many = client.get(reverse(URL), {"q": "李"})
    assert len(found(many)) == SEARCH_LIMIT
    assert (
        options(many.content.decode())[0][1]
        == f"找到 {SEARCH_LIMIT} 位以上，只列出前 {SEARCH_LIMIT} 位，请输入更多文字"
    )
    assert found(client.get(reverse(URL), {"q": "王"})) == []
    assert "没有找到" in client.get(reverse(URL), {"q": "王"}).content.decode()


def test_the_search_box_of_a_form_is_sent_by_its_own_name(world, namesakes, org_admin, client_as):
    response = client_as(org_admin).get(reverse(URL), {"cadre_q": namesakes[1].mobile})
    assert found(response) == [label(namesakes[1], "站所负责人", "高村镇")]


# --- The study form -----------------------------------------------------------------------------------------


@pytest.fixture
def skill(db):
    return factories.skill("JJ02", "柑桔栽培与管理")


def record(cadre, skill, **extra) -> dict:
    return {
        "cadre": cadre.pk if cadre is not None else "",
        "studied_on": "2026-03-02",
        "hours": "2",
        "skill": skill.pk,
        "mode": "classroom",
        **extra,
    }


def crowd(township, n: int = PLAIN_LIST_MAX) -> None:
    for k in range(n):
        factories.cadre(township, f"干部{k:02d}")


def test_a_few_cadres_are_a_plain_list_that_still_tells_namesakes_apart(
    world, namesakes, skill, secretary_of_gaocun, client_as
):
    staff, head, _ = namesakes
    html = client_as(secretary_of_gaocun).get(reverse("learning:study_create")).content.decode()
    assert 'name="cadre_q"' not in html
    offered = [text for value, text in options(html, "cadre") if value]
    assert sorted(offered) == sorted([label(staff, "一般干部", "高村镇"), label(head, "站所负责人", "高村镇")])


def test_many_cadres_are_searched_and_the_one_picked_is_saved(world, namesakes, skill, secretary_of_gaocun, client_as):
    _staff, head, _ = namesakes
    crowd(world.township)
    client = client_as(secretary_of_gaocun)
    html = client.get(reverse("learning:study_create")).content.decode()
    search_box = re.search(r'<input type="search" name="cadre_q"[^>]*>', html).group(0)
    assert f'hx-get="{reverse(URL)}"' in search_box and 'hx-target="#id_cadre"' in search_box
    assert [value for value, text in options(html, "cadre")] == [""]  # nothing listed before a search
    assert "<script>" not in html  # no inline script: the page's CSP allows none

    response = client.post(reverse("learning:study_create"), record(head, skill, cadre_q="张伟"))
    assert response.status_code == 302
    assert StudyRecord.objects.get().cadre == head


def test_the_server_decides_whatever_the_page_listed(world, namesakes, skill, secretary_of_gaocun, client_as):
    _staff, _head, other = namesakes
    crowd(world.township)
    gone = factories.cadre(world.township, "离岗者", status="left", left_on=datetime.date(2026, 1, 31))
    client = client_as(secretary_of_gaocun)
    for cadre in (other, gone):
        response = client.post(reverse("learning:study_create"), record(cadre, skill, cadre_q=cadre.name))
        assert response.status_code == 200 and "cadre" in response.context["form"].errors
    assert not StudyRecord.objects.exists()


def test_without_javascript_submitting_the_search_lists_what_it_found(
    world, namesakes, skill, secretary_of_gaocun, client_as
):
    _staff, head, _ = namesakes
    crowd(world.township)
    client = client_as(secretary_of_gaocun)
    response = client.post(reverse("learning:study_create"), record(None, skill, cadre_q=last_four(head)))
    assert response.status_code == 200 and "cadre" in response.context["form"].errors
    html = response.content.decode()
    assert [text for value, text in options(html, "cadre") if value] == [label(head, "站所负责人", "高村镇")]
    assert f'value="{last_four(head)}"' in html  # the search box keeps what was typed


def test_editing_keeps_the_cadre_the_record_holds_on_offer(world, namesakes, skill, secretary_of_gaocun, client_as):
    staff, _head, _ = namesakes
    crowd(world.township)
    done = StudyRecord.objects.create(
        cadre=staff, studied_on=datetime.date(2026, 3, 1), hours=2, skill=skill, mode="classroom"
    )
    staff.status, staff.left_on = "left", datetime.date(2026, 3, 31)
    staff.save()
    client = client_as(secretary_of_gaocun)
    url = reverse("learning:study_update", args=[done.pk])
    html = client.get(url).content.decode()
    assert [text for value, text in options(html, "cadre") if value] == [label(staff, "一般干部", "高村镇")]
    assert f"&quot;keep&quot;: {staff.pk}" in html  # the search box asks to keep it too
    response = client.post(url, record(staff, skill, hours="3"))
    assert response.status_code == 302
    done.refresh_from_db()
    assert done.hours == 3 and done.cadre == staff


# --- 保存并继续添加 ----------------------------------------------------------------------------------------------


def test_save_and_add_another_starts_the_next_record_of_the_same_session(world, namesakes, skill, org_admin, client_as):
    staff, head, _ = namesakes
    client = client_as(org_admin)
    url = reverse("learning:study_create") + f"?township={world.township.pk}"
    first = client.post(
        url, record(staff, skill, studied_on="2026-03-05", hours="1.5", mode="base_practice", _add_another="1")
    )
    assert first.status_code == 302
    assert first["Location"].startswith(reverse("learning:study_create") + "?")
    follow = client.get(first["Location"])
    assert "保存并继续添加" in follow.content.decode()
    form = follow.context["form"]
    assert form["studied_on"].value() == "2026-03-05" and form["mode"].value() == "base_practice"
    assert str(form["skill"].value()) == str(skill.pk) and str(form["hours"].value()) == "1.5"
    assert form["cadre"].value() in (None, "")  # the next cadre is still to be chosen
    assert follow.context["township"] == world.township

    second = client.post(
        first["Location"], {**record(head, skill), "studied_on": "2026-03-05", "mode": "base_practice"}
    )
    assert second.status_code == 302 and second["Location"] == reverse("learning:study_list")
    assert sorted(StudyRecord.objects.values_list("cadre__position", flat=True)) == ["staff", "station_head"]
    # Editing a record offers no second button.
    edited = client.get(reverse("learning:study_update", args=[StudyRecord.objects.first().pk]))
    assert "保存并继续添加" not in edited.content.decode()


def test_a_search_costs_the_same_queries_however_many_cadres_match(world, org_admin, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(org_admin)
    client.get(reverse("home"))

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(URL), {"q": "李"})
        return len(queries), len(response.content)

    for n in range(3):
        factories.cadre(world.township, f"李{n:02d}")
    few, _ = count()
    for n in range(3, 60):
        factories.cadre(world.other_township, f"李{n:02d}")
    many, size = count()
    assert many == few
    assert size < 3000  # twenty options: a light fragment for a slow network
