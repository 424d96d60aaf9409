"""The pairing list and the 民情日志 as Excel files: the rows the list shows under the same filters, IDs masked,
scoped to the user (another township's secretary gets none of 高村镇's rows), and the same few queries however
long the list."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from skilled_township.pairing.models import Household, Pairing, Visit, VisitAmendment
from skilled_township.pairing.services import pairings

from .. import factories, objects
from . import visit_builders as visits
from .builders import household, income, paired
from .test_my_households import many_pairings

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAIRING_HEADER = (
    "乡镇",
    "村",
    "户主姓名",
    "身份证号码",
    "结对干部",
    "结对日期",
    "结束日期",
    "目标状态",
    "收入差距（元）",
    "接续的结对",
)
VISIT_HEADER = (
    "走访日期",
    "乡镇",
    "村",
    "户主姓名",
    "身份证号码",
    "干部",
    "类型",
    "户主确认",
    "确认时间",
    "更正次数",
)


def workbook_rows(response) -> tuple[tuple, list[dict]]:
    """The header and the rows (header → value) of a downloaded workbook's one sheet."""
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename=")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    header, *rows = book.active.iter_rows(values_only=True)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


# --- Pairings --------------------------------------------------------------------------------------------------


@pytest.fixture
def paired_households(world):
    """In 高村镇: one pairing above the village's line, one ended, one handed over from a cadre who left; in
    吕家坪镇, one pairing."""
    me = objects.cadre(world)
    leaving = factories.cadre(world.township, "离岗干部")
    reached = paired(household(world.village, "杨秀英"), me, started_on=datetime.date(2025, 3, 1))
    income(reached.household, 2025, "12500")
    ended = paired(household(world.village, "已结束户"), me, started_on=datetime.date(2025, 1, 1))
    pairings.end(ended, ended_on=datetime.date(2025, 12, 1), reason="迁出")
    before = paired(household(world.village, "=HYPERLINK(1)"), leaving, started_on=datetime.date(2025, 3, 1))
    (handed,) = pairings.handover([before], to=me, on=datetime.date(2026, 2, 1))
    elsewhere = factories.cadre(world.other_township, "吕家坪干部")
    theirs = paired(household(world.other_village, "外乡户"), elsewhere, started_on=datetime.date(2025, 5, 1))
    return {"reached": reached, "ended": ended, "handed": handed, "theirs": theirs}


def test_the_pairing_export_holds_the_lists_rows_with_masked_ids_and_each_handover(
    world, paired_households, secretary_of_gaocun, client_as
):
    response = client_as(secretary_of_gaocun).get(reverse("pairing:pairing_export"))

    header, rows = workbook_rows(response)
    assert header == PAIRING_HEADER
    by_head = {row["户主姓名"]: row for row in rows}
    reached = paired_households["reached"].household
    assert by_head["杨秀英"] == {
        "乡镇": "高村镇",
        "村": "锦和村",
        "户主姓名": "杨秀英",
        "身份证号码": reached.masked_id_number,
        "结对干部": "龙建国",
        "结对日期": "2025-03-01",
        "结束日期": None,
        "目标状态": "达标",
        "收入差距（元）": -500,
        "接续的结对": None,
    }
    assert by_head["已结束户"]["结束日期"] == "2025-12-01"
    # The handed-over household twice: the leaving cadre's pairing, ended, and the one continuing it.
    handed = [row for row in rows if row["户主姓名"] == "'=HYPERLINK(1)"]
    assert sorted((row["结对干部"], row["接续的结对"]) for row in handed) == [
        ("离岗干部", None),
        ("龙建国", "离岗干部（2025-03-01 至 2026-02-01）"),
    ]
    assert {row["目标状态"] for row in handed} == {"未录入"}
    assert "外乡户" not in by_head
    every_cell = {str(value) for row in rows for value in row.values()}
    assert not {h.id_number for h in Household.objects.all()} & every_cell


def test_the_pairing_export_takes_the_lists_filters(world, paired_households, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    for query, expected in (
        ({"status": "active"}, ["'=HYPERLINK(1)", "杨秀英"]),
        ({"status": "ended"}, ["'=HYPERLINK(1)", "已结束户"]),
        ({"target": "reached"}, ["杨秀英"]),
        ({"cadre_name": "离岗"}, ["'=HYPERLINK(1)"]),
        ({"head_name": "杨"}, ["杨秀英"]),
    ):
        _header, rows = workbook_rows(client.get(reverse("pairing:pairing_export"), query))
        assert sorted(row["户主姓名"] for row in rows) == expected, query
        # The list page shows the same pairings under the same filters.
        listed = client.get(reverse("pairing:pairing_list"), query).context["table"].data
        assert len(listed) == len(rows), query


def test_another_townships_secretary_exports_none_of_our_pairings(
    world, paired_households, secretary_of_other_township, org_admin_of_other_county, client_as
):
    _header, rows = workbook_rows(client_as(secretary_of_other_township).get(reverse("pairing:pairing_export")))
    assert [(row["乡镇"], row["户主姓名"]) for row in rows] == [("吕家坪镇", "外乡户")]
    _header, rows = workbook_rows(client_as(org_admin_of_other_county).get(reverse("pairing:pairing_export")))
    assert rows == []


def test_the_pairing_list_links_its_export_with_the_filters_in_force(world, secretary_of_gaocun, client_as):
    page = client_as(secretary_of_gaocun).get(reverse("pairing:pairing_list"), {"status": "active"})
    assert f'href="{reverse("pairing:pairing_export")}?status=active"' in page.content.decode()


# --- The 民情日志 -----------------------------------------------------------------------------------------------


@pytest.fixture
def diary(world):
    """The 高村镇 cadre's two visits (one confirmed and corrected twice), a colleague's, and one in 吕家坪镇."""
    objects.cadre(world)  # the ``cadre`` persona's roster entry: the township's first
    colleague = factories.cadre(world.township, "龙晓梅")
    plain = visits.visit(world, day=datetime.date(2026, 3, 2))
    confirmed = visits.confirmed_visit(world)
    for reason in ("日期记错", "内容补充"):
        VisitAmendment.objects.create(visit=confirmed, amended_by=visits.recorder(world), reason=reason, changes={})
    theirs = visits.visit(world, day=datetime.date(2026, 3, 4), pair=visits.pairing(world, "蒋小花", cadre=colleague))
    elsewhere = factories.cadre(world.other_township, "吕家坪干部")
    outside = visits.visit(
        world,
        day=datetime.date(2026, 3, 5),
        pair=visits.pairing(world, "外乡户", village=world.other_village, cadre=elsewhere),
    )
    return {"plain": plain, "confirmed": confirmed, "theirs": theirs, "outside": outside}


def test_the_visit_export_has_date_cadre_household_kind_confirmation_and_corrections(
    world, diary, secretary_of_gaocun, client_as
):
    header, rows = workbook_rows(client_as(secretary_of_gaocun).get(reverse("pairing:visit_export")))

    assert header == VISIT_HEADER
    confirmed = diary["confirmed"]
    assert [(row["走访日期"], row["户主姓名"], row["干部"]) for row in rows] == [
        ("2026-03-09", "杨秀英", "龙建国"),
        ("2026-03-04", "蒋小花", "龙晓梅"),
        ("2026-03-02", "杨秀英", "龙建国"),
    ]
    assert rows[0] == {
        "走访日期": "2026-03-09",
        "乡镇": "高村镇",
        "村": "锦和村",
        "户主姓名": "杨秀英",
        "身份证号码": confirmed.household.masked_id_number,
        "干部": "龙建国",
        "类型": "技术指导",
        "户主确认": "短信验证码确认",
        "确认时间": timezone.localtime(confirmed.confirmed_at).strftime("%Y-%m-%d %H:%M"),
        "更正次数": 2,
    }
    plain = rows[2]
    assert (plain["类型"], plain["户主确认"], plain["确认时间"], plain["更正次数"]) == ("走访", "未确认", None, 0)


def test_the_visit_export_takes_the_lists_filters(world, diary, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    for query, expected in (
        ({"confirmed": "no"}, ["2026-03-04", "2026-03-02"]),
        ({"confirmed": "yes"}, ["2026-03-09"]),
        ({"kind": "technical"}, ["2026-03-09"]),
        ({"cadre_name": "晓梅"}, ["2026-03-04"]),
        ({"month": "2026-04"}, []),
    ):
        _header, rows = workbook_rows(client.get(reverse("pairing:visit_export"), query))
        assert [row["走访日期"] for row in rows] == expected, query


def test_a_cadre_exports_their_own_diary_only(world, diary, cadre_of_gaocun, cadre_of_other_township, client_as):
    _header, rows = workbook_rows(client_as(cadre_of_gaocun).get(reverse("pairing:visit_export")))
    assert [(row["走访日期"], row["干部"]) for row in rows] == [("2026-03-09", "龙建国"), ("2026-03-02", "龙建国")]
    # A filter by another cadre's name is not theirs to use: the diary stays their own.
    client = client_as(cadre_of_gaocun)
    _header, rows = workbook_rows(client.get(reverse("pairing:visit_export"), {"cadre_name": "晓梅"}))
    assert {row["干部"] for row in rows} == {"龙建国"}
    _header, rows = workbook_rows(client_as(cadre_of_other_township).get(reverse("pairing:visit_export")))
    assert rows == []
    page = client_as(cadre_of_gaocun).get(reverse("pairing:visit_list"), {"confirmed": "no"}).content.decode()
    assert f'href="{reverse("pairing:visit_export")}?confirmed=no"' in page


def test_another_townships_secretary_exports_none_of_our_visits(world, diary, secretary_of_other_township, client_as):
    _header, rows = workbook_rows(client_as(secretary_of_other_township).get(reverse("pairing:visit_export")))
    assert [(row["乡镇"], row["户主姓名"]) for row in rows] == [("吕家坪镇", "外乡户")]


# --- Query counts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["pairing:pairing_export", "pairing:visit_export"])
def test_an_export_costs_the_same_queries_with_10_pairings_as_with_100(url_name, world, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    me = objects.cadre(world)
    many_pairings(world, me, 10, 0)
    first = Visit.objects.order_by("id").first()
    VisitAmendment.objects.create(visit=first, amended_by=visits.recorder(world), reason="补充", changes={})
    client.get(reverse(url_name))
    with CaptureQueriesContext(connection) as few:
        small = client.get(reverse(url_name))
    many_pairings(world, me, 90, 10)
    with CaptureQueriesContext(connection) as many:
        large = client.get(reverse(url_name))
    print(f"\n{url_name}: 10 pairings {len(few)} queries; 100 pairings {len(many)} queries")
    assert len(many) == len(few)
    rows_per_pairing = 2 if url_name == "pairing:visit_export" else 1
    assert len(workbook_rows(small)[1]) == 10 * rows_per_pairing
    assert len(workbook_rows(large)[1]) == 100 * rows_per_pairing
    assert Pairing.objects.count() == 100
