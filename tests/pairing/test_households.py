"""Registering households: the resident ID normalised and checked, duplicates caught with a clear message that
names the existing household only where the user may see it, namesakes in one village let in only on purpose,
one income a household a year, the ID masked except for those who register households, and a list whose
number of queries does not grow with the households."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from skilled_township.pairing.models import Household, HouseholdIncome, MemberSkill

from .. import factories, objects
from . import household_builders as built

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def id_with_x() -> str:
    """A valid resident ID whose check digit is X."""
    while True:
        number = factories.resident_id(born="19660606")
        if number.endswith("X"):
            return number


def form(world, **changes):
    return {
        "village": world.village.pk,
        "head_name": "向福贵",
        "id_number": factories.resident_id(born="19650505"),
        "phone": "13800001111",
        "members": 4,
        "labour_members": 2,
        "main_industry": "柑桔",
        **changes,
    }


def test_an_id_typed_in_full_width_digits_with_a_lowercase_x_is_stored_as_the_canonical_number(
    world, secretary_of_gaocun, client_as
):
    number = id_with_x()
    typed = " " + number[:-1].translate(FULL_WIDTH) + "x "
    response = client_as(secretary_of_gaocun).post(reverse("pairing:household_create"), form(world, id_number=typed))
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "pairing:household_detail", args=[household.pk]
    )
    assert household.id_number == number


@pytest.mark.parametrize(
    ("typed", "message"),
    [("43122619650505001", "18位"), ("431226196505050010", "校验位"), ("431226196513050019", "出生日期")],
)
def test_a_wrong_id_is_refused_saying_what_is_wrong(world, secretary_of_gaocun, client_as, typed, message):
    response = client_as(secretary_of_gaocun).post(reverse("pairing:household_create"), form(world, id_number=typed))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Household.objects.exists()


def test_an_id_registered_in_the_users_township_is_refused_naming_where(world, secretary_of_gaocun, client_as):
    existing = built.household(world, "龙长生")
    data = form(world, id_number=existing.id_number.lower())
    page = client_as(secretary_of_gaocun).post(reverse("pairing:household_create"), data).content.decode()
    assert "已登记为高村镇锦和村的农户“龙长生”" in page
    assert Household.objects.count() == 1


def test_an_id_registered_in_another_township_is_refused_without_saying_where(world, secretary_of_gaocun, client_as):
    elsewhere = built.household(world, "吕老四", village=world.other_village, phone="13955556666", note="外出务工")
    data = form(world, id_number=elsewhere.id_number)
    page = client_as(secretary_of_gaocun).post(reverse("pairing:household_create"), data).content.decode()
    assert "该身份证号码已在其他乡镇登记为农户，不能重复登记。" in page
    for secret in ("吕家坪", "吕老四", elsewhere.phone, "外出务工", elsewhere.masked_id_number):
        assert secret not in page, secret
    assert Household.objects.count() == 1


def test_the_same_head_name_in_the_same_village_needs_the_confirmation(world, secretary_of_gaocun, client_as):
    existing = built.household(world, "杨桂英")
    client = client_as(secretary_of_gaocun)
    refused = client.post(reverse("pairing:household_create"), form(world, head_name=" 杨桂英 "))
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "本村已登记户主同名的农户“杨桂英”" in page and existing.masked_id_number in page
    assert "同村同名，确认是另一户" in page
    assert Household.objects.count() == 1

    confirmed = client.post(reverse("pairing:household_create"), form(world, head_name="杨桂英", confirm_namesake="on"))
    assert confirmed.status_code == 302
    assert Household.objects.filter(village=world.village, head_name="杨桂英").count() == 2


def test_the_same_head_name_in_another_village_needs_no_confirmation(world, org_admin, client_as):
    built.household(world, "杨桂英", village=world.other_village)
    response = client_as(org_admin).post(reverse("pairing:household_create"), form(world, head_name="杨桂英"))
    assert response.status_code == 302


def test_editing_a_household_does_not_find_it_a_duplicate_of_itself(world, secretary_of_gaocun, client_as):
    household = built.household(world)
    data = form(world, head_name=household.head_name, id_number=household.id_number, members=5)
    response = client_as(secretary_of_gaocun).post(reverse("pairing:household_update", args=[household.pk]), data)
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.members == 5


def test_a_village_of_another_township_is_not_offered_nor_accepted(world, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    page = client.get(reverse("pairing:household_create")).content.decode()
    assert "锦和村" in page and "吕家坪村" not in page
    refused = client.post(reverse("pairing:household_create"), form(world, village=world.other_village.pk))
    assert refused.status_code == 200
    # A township is no village.
    refused = client.post(reverse("pairing:household_create"), form(world, village=world.township.pk))
    assert refused.status_code == 200
    assert not Household.objects.exists()


def test_labour_members_cannot_outnumber_the_household(world, secretary_of_gaocun, client_as):
    data = form(world, members=2, labour_members=3)
    page = client_as(secretary_of_gaocun).post(reverse("pairing:household_create"), data).content.decode()
    assert "劳动力人数不能多于家庭人口。" in page
    assert not Household.objects.exists()


def test_one_income_a_household_a_year_in_yuan_never_negative(world, secretary_of_gaocun, client_as):
    household = built.household(world)
    client = client_as(secretary_of_gaocun)
    url = reverse("pairing:income_create", args=[household.pk])
    assert client.post(url, {"year": 2025, "per_capita_net_income": "9876.50"}).status_code == 302
    assert HouseholdIncome.objects.get().per_capita_net_income == Decimal("9876.50")
    again = client.post(url, {"year": 2025, "per_capita_net_income": "10000"})
    assert "该户 2025 年的人均纯收入已登记，请编辑原记录。" in again.content.decode()
    negative = client.post(url, {"year": 2024, "per_capita_net_income": "-1"})
    assert negative.status_code == 200
    assert HouseholdIncome.objects.count() == 1


def test_the_service_refuses_a_second_income_of_a_year(world):
    from django.core.exceptions import ValidationError

    from skilled_township.pairing.services.households import save_income

    household = built.household(world)
    built.income(world, of=household)
    with pytest.raises(ValidationError, match="2025"):
        save_income(HouseholdIncome(household=household, year=2025, per_capita_net_income=Decimal("1")))


def test_the_page_shows_incomes_against_the_village_line_and_the_full_id_only_to_keepers(
    world, secretary_of_gaocun, reviewer_a, client_as
):
    household = built.household(world)
    built.income(world, year=2025, amount="9000", of=household)  # the village's line (world.income) is 12000
    built.income(world, year=2024, amount="8000", of=household)  # no line that year
    skilled = built.member(world, "滕小军", of=household)
    built.member_skill(world, of=skilled, year=2024)
    url = reverse("pairing:household_detail", args=[household.pk])
    page = client_as(secretary_of_gaocun).get(url).content.decode()
    assert household.id_number in page
    assert "12000.00" in page and "-3000.00" in page and "未录入" in page
    assert "滕小军" in page and objects.skill(world).name in page
    page = client_as(reviewer_a).get(url).content.decode()
    assert household.id_number not in page and household.masked_id_number in page
    assert reverse("pairing:household_update", args=[household.pk]) not in page


def test_a_member_skill_is_recorded_once_a_year_and_a_member_of_another_household_is_not_found(
    world, secretary_of_gaocun, client_as
):
    household = built.household(world)
    member = built.member(world, of=household)
    other = built.member(world, "别家人", of=built.household(world, "别家", village=world.village))
    client = client_as(secretary_of_gaocun)
    url = reverse("pairing:member_skill_create", args=[household.pk, member.pk])
    skill = objects.skill(world)
    assert client.post(url, {"year": 2025, "skill": skill.pk}).status_code == 302
    again = client.post(url, {"year": 2025, "skill": skill.pk})
    assert "该成员 2025 年已登记此技能。" in again.content.decode()
    assert MemberSkill.objects.count() == 1
    assert client.get(reverse("pairing:member_skill_create", args=[household.pk, other.pk])).status_code == 404
    assert client.get(reverse("pairing:member_update", args=[household.pk, other.pk])).status_code == 404


def test_members_are_added_edited_and_removed(world, secretary_of_gaocun, client_as):
    household = built.household(world)
    client = client_as(secretary_of_gaocun)
    data = {"name": "滕金花", "relation": "配偶", "birth_year": 1972, "labour_capable": "on"}
    assert client.post(reverse("pairing:member_create", args=[household.pk]), data).status_code == 302
    member = household.people.get()
    assert member.labour_capable
    data = {**data, "labour_capable": ""}
    client.post(reverse("pairing:member_update", args=[household.pk, member.pk]), data)
    member.refresh_from_db()
    assert not member.labour_capable
    client.post(reverse("pairing:member_delete", args=[household.pk, member.pk]))
    assert not household.people.exists()


def test_the_list_filters_and_masks_the_id(world, secretary_of_gaocun, client_as):
    poor = built.household(world, "龙福贵", registered_poor=True, registered_poor_year=2016)
    built.household(world, "田发财")
    built.household(world, "外乡人", village=world.other_village)
    client = client_as(secretary_of_gaocun)
    page = client.get(reverse("pairing:household_list")).content.decode()
    assert "龙福贵" in page and "田发财" in page and "外乡人" not in page
    assert poor.masked_id_number in page and poor.id_number not in page
    page = client.get(reverse("pairing:household_list"), {"registered_poor": "true"}).content.decode()
    assert "龙福贵" in page and "田发财" not in page
    page = client.get(reverse("pairing:household_list"), {"q": "发财"}).content.decode()
    assert "田发财" in page and "龙福贵" not in page
    page = client.get(reverse("pairing:household_list"), {"paired": "false"}).content.decode()
    assert "龙福贵" in page
    page = client.get(reverse("pairing:household_list"), {"paired": "true"}).content.decode()
    assert "龙福贵" not in page


def test_the_export_masks_every_id_and_keeps_formulas_as_text(world, org_admin, client_as):
    household = built.household(world, "=HYPERLINK(1)")
    response = client_as(org_admin).get(reverse("pairing:household_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][2] == "'=HYPERLINK(1)"
    assert rows[1][3] == household.masked_id_number
    assert household.id_number not in response.content.decode("latin-1")


def numbered_id(n: int) -> str:
    """The n-th of many distinct valid resident IDs (400 a day of birth from 1950-01-01)."""
    from skilled_township.core.resident_id import check_digit

    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=n // 400)
    first17 = f"431226{born:%Y%m%d}{(n % 400) * 2:03d}"
    return first17 + check_digit(first17)


def _households(world, count: int, start: int = 0) -> None:
    from skilled_township.cadres.models import Cadre

    cadre = Cadre.objects.filter(name="结对干部").first() or factories.cadre(world.township, "结对干部")
    rows = [
        Household(
            village=world.village if n % 2 else world.other_village,
            head_name=f"户主{n}",
            id_number=numbered_id(start + n),
            members=3,
            paired_cadre=cadre if n % 3 == 0 else None,
        )
        for n in range(count)
    ]
    Household.objects.bulk_create(rows)
    assert Cadre.objects.exists()


def _list_queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("pairing:household_list"), query).status_code == 200
    return len(queries)


def test_the_list_runs_as_many_queries_for_a_thousand_households_as_for_ten(world, org_admin, client_as):
    client = client_as(org_admin)
    _households(world, 10)
    few = _list_queries(client), _list_queries(client, township=world.township.pk, paired="true")
    _households(world, 990, start=10)
    many = _list_queries(client), _list_queries(client, township=world.township.pk, paired="true")
    assert many == few
    print(f"household list queries at 10 and 1,000 households: {few} {many}")


def test_a_confirmed_namesake_is_not_asked_about_again_on_every_edit(world, secretary_of_gaocun, client_as):
    first = built.household(world, "杨桂英")
    built.household(world, "杨桂英", village=world.village)
    data = form(world, head_name="杨桂英", id_number=first.id_number, members=6)
    response = client_as(secretary_of_gaocun).post(reverse("pairing:household_update", args=[first.pk]), data)
    assert response.status_code == 302
