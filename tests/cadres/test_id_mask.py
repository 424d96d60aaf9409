"""The ID mask holds: a user who may not see full resident ID numbers finds a cadre by the whole number only,
never by its last digits, and is shown the birth year, not the birth date, on the page, in the export and
through the API."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from skilled_township.core.resident_id import check_digit

from .. import factories
from ..generic import api_client

FIRST17 = "43122619870314002"
NUMBER = FIRST17 + check_digit(FIRST17)
MASKED_READERS = ("reviewer_a", "leader", "hr_appraiser")


@pytest.fixture
def cadre(world):
    return factories.cadre(world.township, "麻秀英", id_number=NUMBER)


def roster_names(client, query):
    response = client.get(reverse("cadres:cadre_list"), {"q": query})
    assert response.status_code == 200
    return [row.record.name for row in response.context["table"].page.object_list]


def exported_names(client, query):
    response = client.get(reverse("cadres:cadre_export"), {"q": query})
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]


def api_names(user, query):
    response = api_client(user).get(reverse("api:cadre-list"), {"q": query})
    assert response.status_code == 200
    return [row["name"] for row in response.json()["results"]]


@pytest.mark.parametrize("reader", MASKED_READERS)
def test_an_id_is_found_by_the_whole_number_only_without_the_permission(request, reader, cadre, client_as):
    user = request.getfixturevalue(reader)
    client = client_as(user)
    for part in (NUMBER[-4:], NUMBER[-17:], NUMBER[:17]):
        assert roster_names(client, part) == [], part
        assert exported_names(client, part) == [], part
        assert api_names(user, part) == [], part
    # Typed with full-width digits, spaces and a lower-case x, the whole number still finds them.
    typed = " ".join(NUMBER[i : i + 6] for i in range(0, 18, 6)).translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    for query in (NUMBER, typed.lower()):
        assert roster_names(client, query) == ["麻秀英"]
        assert exported_names(client, query) == ["麻秀英"]
        assert api_names(user, query) == ["麻秀英"]


def test_a_secretary_who_sees_full_numbers_still_finds_by_the_last_digits(secretary_of_gaocun, cadre, client_as):
    client = client_as(secretary_of_gaocun)
    assert roster_names(client, NUMBER[-4:]) == ["麻秀英"]
    assert exported_names(client, NUMBER[-6:]) == ["麻秀英"]
    assert api_names(secretary_of_gaocun, NUMBER[-4:]) == ["麻秀英"]


@pytest.mark.parametrize("reader", MASKED_READERS)
def test_the_birth_date_is_shown_as_the_year_only_without_the_permission(request, reader, cadre, client_as):
    user = request.getfixturevalue(reader)
    page = client_as(user).get(cadre.get_absolute_url()).content.decode()
    assert "4312**********" in page
    assert "1987-03-14" not in page and "03-14" not in page
    assert 'data-testid="born">1987<' in page
    row = api_client(user).get(reverse("api:cadre-detail", args=[cadre.pk])).json()
    assert row["birth_date"] is None and row["birth_year"] == 1987
    assert row["id_number"] == "4312**********" + NUMBER[-4:]
    export = client_as(user).get(reverse("cadres:cadre_export")).content
    cells = [c for r in load_workbook(io.BytesIO(export)).active.iter_rows(values_only=True) for c in r]
    assert NUMBER not in cells and not any("0314" in str(c) or "03-14" in str(c) for c in cells)


def test_the_roster_keeper_sees_the_whole_birth_date(secretary_of_gaocun, cadre, client_as):
    page = client_as(secretary_of_gaocun).get(cadre.get_absolute_url()).content.decode()
    assert NUMBER in page and 'data-testid="born">1987-03-14<' in page
    row = api_client(secretary_of_gaocun).get(reverse("api:cadre-detail", args=[cadre.pk])).json()
    assert row["birth_date"] == "1987-03-14" and row["id_number"] == NUMBER
