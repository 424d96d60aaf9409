"""The secondment list (挂职干部): scope, terms ending within 60 days, the village of a first secretary, a term
longer than the policy, its export and API, and the notice on the organisation department's home page."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from skilled_township.cadres.models import Secondment

from .. import factories
from ..content import page_content
from ..generic import api_client

LIST = reverse("cadres:secondment_list")


def today() -> datetime.date:
    return timezone.localdate()


def seconded(township, name, *, kind="tech_deputy", ends_in=None, start=None, village=None, **extra):
    """A secondment of a new cadre of ``township``; ``ends_in`` days from today sets its last day."""
    start = start or today() - datetime.timedelta(days=200)
    end = today() + datetime.timedelta(days=ends_in) if ends_in is not None else None
    return Secondment.objects.create(
        cadre=factories.cadre(township, name),
        kind=kind,
        village=village,
        sending_unit=extra.pop("sending_unit", "怀化职业技术学院"),
        start_date=start,
        end_date=end,
        **extra,
    )


def shown(client, params=None) -> str:
    response = client.get(LIST, params or {})
    assert response.status_code == 200
    return page_content(response.content.decode())


def rows_marked_ending_soon(client, params=None) -> int:
    return client.get(LIST, params or {}).content.decode().count('data-testid="ending-soon"')


# --- The list -----------------------------------------------------------------------------------------------


@pytest.fixture
def three_townships(world):
    """Secondments of 高村镇, of 吕家坪镇 (same county) and of a township in another county."""
    other_county_township = factories.region("431228100000", "芷江镇", world.other_county)
    return {
        "gaocun": seconded(world.township, "高村科技"),
        "lvjiaping": seconded(world.other_township, "吕家坪科技"),
        "zhijiang": seconded(other_county_township, "芷江科技"),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("secretary_of_gaocun", {"gaocun"}),
        ("secretary_of_other_township", {"lvjiaping"}),
        ("org_admin", {"gaocun", "lvjiaping", "zhijiang"}),
        ("org_admin_of_other_county", {"zhijiang"}),
        ("leader", {"gaocun", "lvjiaping", "zhijiang"}),
    ],
)
def test_the_list_shows_exactly_the_secondments_in_scope(persona, expected, three_townships, request, client_as):
    page = shown(client_as(request.getfixturevalue(persona)))
    for key, secondment in three_townships.items():
        assert (secondment.cadre.get_absolute_url() in page) is (key in expected), key


def test_a_cadre_cannot_open_the_list(world, cadre_of_gaocun, client_as):
    seconded(world.township, "高村科技")
    assert client_as(cadre_of_gaocun).get(LIST).status_code == 403


def test_terms_ending_within_60_days_are_marked_and_filtered(world, org_admin, client_as):
    marked = {days: seconded(world.township, f"干部{days}", ends_in=days) for days in (0, 59, 60)}
    unmarked = {days: seconded(world.township, f"干部{days}", ends_in=days) for days in (61, -1)}
    client = client_as(org_admin)

    page = client.get(LIST).content.decode()
    assert page.count('data-testid="ending-soon"') == 3
    assert "还剩59天" in page and "还剩60天" in page and "今天期满" in page
    assert "还剩61天" not in page
    assert "已期满" in page  # the term that ended yesterday

    soon = shown(client, {"status": "ending_soon"})
    for secondment in marked.values():
        assert secondment.cadre.get_absolute_url() in soon
    for secondment in unmarked.values():
        assert secondment.cadre.get_absolute_url() not in soon

    ended = shown(client, {"status": "ended"})
    assert unmarked[-1].cadre.get_absolute_url() in ended
    assert marked[0].cadre.get_absolute_url() not in ended


def test_the_status_of_a_term_on_hand_made_dates(world):
    day = datetime.date(2026, 5, 1)
    secondment = Secondment(
        cadre=factories.cadre(world.township, "王科技"),
        kind="tech_deputy",
        start_date=datetime.date(2025, 1, 1),
        end_date=day + datetime.timedelta(days=60),
    )
    assert secondment.status_on(day) == "ending_soon"
    assert secondment.status_on(day - datetime.timedelta(days=1)) == "active"  # 61 days left
    assert secondment.status_on(day + datetime.timedelta(days=1)) == "ending_soon"  # 59 days left
    assert secondment.status_on(secondment.end_date) == "ending_soon"
    assert secondment.status_on(secondment.end_date + datetime.timedelta(days=1)) == "ended"
    assert secondment.status_on(datetime.date(2024, 12, 31)) == "upcoming"


def test_running_terms_come_first_the_soonest_ending_on_top(world, org_admin, client_as):
    later = seconded(world.township, "一年后", ends_in=365)
    ended_long_ago = seconded(world.township, "早已期满", ends_in=-300)
    soon = seconded(world.township, "快到期", ends_in=10)
    just_ended = seconded(world.township, "刚期满", ends_in=-3)
    page = client_as(org_admin).get(LIST).content.decode()
    order = [page.index(s.cadre.get_absolute_url()) for s in (soon, later, just_ended, ended_long_ago)]
    assert order == sorted(order)


def test_the_list_filters_by_kind_and_township(world, org_admin, client_as):
    deputy = seconded(world.township, "高村科技")
    first = seconded(world.township, "高村书记", kind="first_secretary", village=world.village)
    elsewhere = seconded(world.other_township, "吕家坪科技")
    client = client_as(org_admin)
    page = shown(client, {"kind": "first_secretary"})
    assert first.cadre.get_absolute_url() in page and deputy.cadre.get_absolute_url() not in page
    assert "锦和村" in page  # the village a first secretary serves
    page = shown(client, {"township": world.other_township.pk})
    assert elsewhere.cadre.get_absolute_url() in page and deputy.cadre.get_absolute_url() not in page


def list_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_5_and_60_secondments(world, org_admin, client_as):
    def add(count, start):
        for n in range(start, start + count):
            first = n % 2 == 0
            seconded(
                world.township if n % 3 else world.other_township,
                f"挂职{n:03d}",
                kind="first_secretary" if first else "tech_deputy",
                village=(world.village if n % 3 else world.other_village) if first else None,
                ends_in=(n * 13) % 150 - 20,
            )

    client = client_as(org_admin)
    add(5, 0)
    at_5, soon_5 = list_queries(client), list_queries(client, {"status": "ending_soon", "kind": "tech_deputy"})
    add(55, 5)
    at_60, soon_60 = list_queries(client), list_queries(client, {"status": "ending_soon", "kind": "tech_deputy"})
    print(f"secondment list queries: {at_5} at 5 secondments, {at_60} at 60")
    assert at_5 == at_60
    assert soon_5 == soon_60


def test_the_list_is_linked_from_the_menu_of_those_who_see_the_roster(
    world, org_admin, secretary_of_gaocun, leader, cadre_of_gaocun, client_as
):
    for user in (org_admin, secretary_of_gaocun, leader):
        assert f'href="{LIST}"' in client_as(user).get(reverse("cadres:cadre_list")).content.decode()
    assert f'href="{LIST}"' not in client_as(cadre_of_gaocun).get(reverse("learning:mine")).content.decode()


# --- Export -------------------------------------------------------------------------------------------------


def export_rows(client, params=None) -> list[tuple]:
    response = client.get(reverse("cadres:secondment_export"), params or {})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


def test_the_export_lists_the_filtered_secondments_of_the_scope_only(
    world, secretary_of_gaocun, secretary_of_other_township, client_as
):
    soon = seconded(world.township, "高村书记", kind="first_secretary", village=world.village, ends_in=30)
    seconded(world.township, "高村科技", ends_in=300)
    seconded(world.other_township, "吕家坪科技", ends_in=30)

    rows = export_rows(client_as(secretary_of_gaocun), {"status": "ending_soon"})
    header, data = rows[0], rows[1:]
    assert [row[header.index("姓名")] for row in data] == [soon.cadre.name]
    assert data[0][header.index("驻村")] == "锦和村"
    assert data[0][header.index("任期")] == "即将期满"
    assert data[0][header.index("剩余天数")] == 30

    other = export_rows(client_as(secretary_of_other_township))
    names = {row[2] for row in other[1:]}
    assert names == {"吕家坪科技"}
    assert not any("高村" in str(cell) for row in other for cell in row if cell is not None)


# --- The village of a first secretary -----------------------------------------------------------------------


def post_secondment(client, cadre, **data):
    payload = {"kind": "first_secretary", "sending_unit": "市委组织部", "start_date": "2026-03-01", **data}
    return client.post(reverse("cadres:secondment_create", args=[cadre.pk]), payload)


def test_a_first_secretary_needs_a_village_of_the_cadres_township(world, secretary_of_gaocun, org_admin, client_as):
    person = factories.cadre(world.township, "龙书记")

    response = post_secondment(client_as(secretary_of_gaocun), person)
    assert response.status_code == 200
    assert "第一书记须填写驻村" in response.content.decode()

    # A village the admin may see, but of another township: refused, saying which township it must be in.
    response = post_secondment(client_as(org_admin), person, village=world.other_village.pk)
    assert response.status_code == 200
    assert "所选的村不在该干部所在的乡镇（高村镇）" in response.content.decode()
    assert not person.secondments.exists()

    response = post_secondment(client_as(secretary_of_gaocun), person, village=world.village.pk)
    assert response.status_code == 302
    assert person.secondments.get().village == world.village


def test_the_village_select_lists_the_villages_of_the_cadres_township(world, org_admin, client_as):
    person = factories.cadre(world.township, "龙书记")
    page = client_as(org_admin).get(reverse("cadres:secondment_create", args=[person.pk])).content.decode()
    assert f'value="{world.village.pk}"' in page
    assert f'value="{world.other_village.pk}"' not in page


def test_a_tech_deputy_has_no_village(world, secretary_of_gaocun, client_as):
    person = factories.cadre(world.township, "王科技")
    response = post_secondment(client_as(secretary_of_gaocun), person, kind="tech_deputy", village=world.village.pk)
    assert response.status_code == 200
    assert "科技副镇长派驻乡镇，不驻村" in response.content.decode()
    assert not person.secondments.exists()


def test_a_secretary_cannot_name_a_village_outside_their_township(world, secretary_of_gaocun, client_as):
    person = factories.cadre(world.township, "龙书记")
    response = post_secondment(client_as(secretary_of_gaocun), person, village=world.other_village.pk)
    assert response.status_code == 200
    assert not person.secondments.exists()


def test_a_first_secretary_entered_before_villages_were_asked_for_shows_as_not_recorded(world, org_admin, client_as):
    legacy = seconded(world.township, "老书记", kind="first_secretary", ends_in=100)  # saved without clean()
    client = client_as(org_admin)
    assert "未登记" in shown(client, {"kind": "first_secretary"})
    detail = client.get(legacy.cadre.get_absolute_url()).content.decode()
    assert "未登记" in detail
    # The next edit asks for the village.
    response = client.post(
        reverse("cadres:secondment_update", args=[legacy.pk]),
        {
            "kind": "first_secretary",
            "sending_unit": "市委组织部",
            "start_date": legacy.start_date.isoformat(),
            "end_date": legacy.end_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "第一书记须填写驻村" in response.content.decode()


def test_the_village_rule_through_the_api(world, secretary_of_gaocun, org_admin):
    person = factories.cadre(world.township, "龙书记")
    url = reverse("api:secondment-list")
    base = {"cadre": person.pk, "kind": "first_secretary", "sending_unit": "市委组织部", "start_date": "2026-03-01"}
    client = api_client(secretary_of_gaocun)

    response = client.post(url, base, format="json")
    assert response.status_code == 400
    assert "第一书记须填写驻村" in response.json()["village"][0]

    response = api_client(org_admin).post(url, {**base, "village": world.other_village.pk}, format="json")
    assert response.status_code == 400
    assert "高村镇" in response.json()["village"][0]

    response = client.post(url, {**base, "kind": "tech_deputy", "village": world.village.pk}, format="json")
    assert response.status_code == 400
    assert "不驻村" in response.json()["village"][0]

    response = client.post(url, {**base, "village": world.village.pk}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["village"], body["village_name"], body["township"]) == (world.village.pk, "锦和村", world.township.pk)


# --- A term longer than the policy --------------------------------------------------------------------------


def test_a_term_longer_than_the_policy_needs_a_reason_on_the_page(world, secretary_of_gaocun, client_as):
    person = factories.cadre(world.township, "龙书记")
    client = client_as(secretary_of_gaocun)
    # One year for a first secretary: 2026-03-01 to 2027-02-28. A day more needs a reason.
    longer = {"village": world.village.pk, "end_date": "2027-03-01"}
    response = post_secondment(client, person, **longer)
    assert response.status_code == 200
    page = response.content.decode()
    assert "任期超过规定的1年（应于 2027-02-28 结束）：请填写超期理由" in page
    assert not person.secondments.exists()

    response = post_secondment(client, person, **longer, longer_term_reason="   ")
    assert response.status_code == 200

    response = post_secondment(client, person, **longer, longer_term_reason="村集体产业项目尚未验收，留任三个月")
    assert response.status_code == 302
    assert person.secondments.get().longer_term_reason == "村集体产业项目尚未验收，留任三个月"


def test_a_term_within_the_policy_needs_no_reason(world, secretary_of_gaocun, client_as):
    person = factories.cadre(world.township, "王科技")
    response = post_secondment(
        client_as(secretary_of_gaocun), person, kind="tech_deputy", end_date="2028-02-29"
    )  # two years from 2026-03-01 ends on 2028-02-29
    assert response.status_code == 302


def test_a_term_longer_than_the_policy_needs_a_reason_in_the_api(world, secretary_of_gaocun):
    person = factories.cadre(world.township, "王科技")
    client = api_client(secretary_of_gaocun)
    payload = {
        "cadre": person.pk,
        "kind": "tech_deputy",
        "sending_unit": "湖南农业大学",
        "start_date": "2026-03-01",
        "end_date": "2028-06-30",
    }
    response = client.post(reverse("api:secondment-list"), payload, format="json")
    assert response.status_code == 400
    assert "任期超过规定的2年" in response.json()["longer_term_reason"][0]

    response = client.post(
        reverse("api:secondment-list"), {**payload, "longer_term_reason": "示范基地二期建设"}, format="json"
    )
    assert response.status_code == 201
    assert Secondment.objects.get(pk=response.json()["id"]).longer_term_reason == "示范基地二期建设"

    # Lengthening a term within the policy through an update asks for the reason too.
    within = {key: value for key, value in payload.items() if key != "end_date"}
    created = client.post(reverse("api:secondment-list"), within, format="json")
    assert created.status_code == 201 and created.json()["end_date"] == "2028-02-29"
    response = client.patch(
        reverse("api:secondment-detail", args=[created.json()["id"]]), {"end_date": "2029-01-01"}, format="json"
    )
    assert response.status_code == 400 and "longer_term_reason" in response.json()
    assert Secondment.objects.get(pk=created.json()["id"]).end_date == datetime.date(2028, 2, 29)


def test_the_model_refuses_a_longer_term_without_a_reason(world):
    secondment = Secondment(
        cadre=factories.cadre(world.township, "王科技"),
        kind="tech_deputy",
        sending_unit="农科院",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2028, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        secondment.full_clean()
    assert set(error.value.message_dict) == {"longer_term_reason"}


# --- API: status and scope ----------------------------------------------------------------------------------


def test_the_api_gives_the_status_and_filters_by_it(world, secretary_of_gaocun):
    soon = seconded(world.township, "快到期", ends_in=60)
    seconded(world.township, "还早", ends_in=61)
    client = api_client(secretary_of_gaocun)
    body = client.get(reverse("api:secondment-list"), {"status": "ending_soon"}).json()
    assert [row["id"] for row in body["results"]] == [soon.pk]
    assert (body["results"][0]["status"], body["results"][0]["days_left"]) == ("ending_soon", 60)


def test_another_townships_secretary_cannot_reach_them_through_the_api(
    world, secretary_of_other_township, secretary_of_gaocun
):
    mine = seconded(world.township, "高村书记", kind="first_secretary", village=world.village, ends_in=30)
    client = api_client(secretary_of_other_township)
    listed = client.get(reverse("api:secondment-list"), {"status": "ending_soon"}).json()
    assert mine.pk not in [row["id"] for row in listed["results"]]
    assert client.get(reverse("api:secondment-detail", args=[mine.pk])).status_code == 404
    response = client.patch(reverse("api:secondment-detail", args=[mine.pk]), {"sending_unit": "x"}, format="json")
    assert response.status_code == 404
    # Nor name a village of 高村镇 for one of their own.
    theirs = factories.cadre(world.other_township, "吕家坪书记")
    payload = {
        "cadre": theirs.pk,
        "kind": "first_secretary",
        "village": world.village.pk,
        "sending_unit": "市委组织部",
        "start_date": "2026-03-01",
    }
    response = client.post(reverse("api:secondment-list"), payload, format="json")
    assert response.status_code == 400 and "village" in response.json()


# --- The organisation department's home page ---------------------------------------------------------------


def test_the_home_page_flags_terms_ending_within_60_days(
    world, org_admin, secretary_of_other_township, leader, client_as
):
    seconded(world.township, "快到期", ends_in=5)
    seconded(world.township, "满60天", ends_in=60)
    seconded(world.township, "还早", ends_in=61)
    page = client_as(org_admin).get(reverse("home")).content.decode()
    assert 'data-notice="secondments-ending"' in page
    assert "2名挂职干部的任期将在60天内届满" in page
    assert f'href="{LIST}?status=ending_soon"' in page
    # Not for a township that has none, nor for those who only read.
    for user in (secretary_of_other_township, leader):
        assert 'data-notice="secondments-ending"' not in client_as(user).get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("kind", "start", "village"), [("first_secretary", "9999-12-31", True), ("tech_deputy", "9998-06-01", False)]
)
def test_a_term_starting_in_the_calendars_last_years_is_no_server_error(
    world, secretary_of_gaocun, client_as, kind, start, village
):
    """The term the policy sets would end after the year 9999: it has no end to check a longer term against."""
    person = factories.cadre(world.township, "龙书记")
    client = client_as(secretary_of_gaocun)
    response = post_secondment(
        client, person, kind=kind, start_date=start, end_date="9999-12-31", village=world.village.pk if village else ""
    )
    assert response.status_code == 302, response.context["form"].errors
    secondment = person.secondments.get()
    assert secondment.term_end() == datetime.date.max and not secondment.exceeds_policy()
    for url in (LIST, reverse("cadres:secondment_update", args=[secondment.pk])):
        assert client.get(url).status_code == 200
