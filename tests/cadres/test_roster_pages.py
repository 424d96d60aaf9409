import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skilled_township.cadres.models import Cadre
from skilled_township.certifications.models import Certificate
from skilled_township.core import resident_id

from .. import factories


def bulk_cadres(township, count: int, start: int = 0) -> None:
    rows = []
    for n in range(start, start + count):
        first17 = f"{township.code[:6]}{datetime.date(1970 + n % 30, 1 + n % 12, 1 + n % 28):%Y%m%d}{n % 1000:03d}"
        number = first17 + resident_id.check_digit(first17)
        rows.append(
            Cadre(
                township=township,
                name=f"干部{n:04d}",
                id_number=number,
                gender=resident_id.gender(number),
                birth_date=resident_id.birth_date(number),
                mobile="13800000000",
                position="staff",
                education=3,
            )
        )
    Cadre.objects.bulk_create(rows)


def list_queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cadres:cadre_list"), params or {})
    assert response.status_code == 200
    return len(queries)


def test_the_roster_page_costs_the_same_queries_for_10_and_1000_cadres(world, org_admin, client_as):
    client = client_as(org_admin)
    bulk_cadres(world.township, 10)
    at_10 = list_queries(client)
    filtered_10 = list_queries(client, {"has_certificate": "false", "q": "干部", "education": "3"})
    bulk_cadres(world.township, 990, start=10)
    at_1000 = list_queries(client)
    filtered_1000 = list_queries(client, {"has_certificate": "false", "q": "干部", "education": "3"})
    print(f"cadre list queries: {at_10} at 10 cadres, {at_1000} at 1,000 cadres")
    assert at_10 == at_1000
    assert filtered_10 == filtered_1000


def test_the_list_masks_ids_and_filters(world, org_admin, client_as):
    certified = factories.cadre(world.township, "持证人")
    factories.cadre(world.township, "无证人")
    skill = factories.skill("T01", "柑桔栽培与管理")
    Certificate.objects.create(cadre=certified, skill=skill, level=4, number="C-1")
    client = client_as(org_admin)
    page = client.get(reverse("cadres:cadre_list")).content.decode()
    assert certified.id_number not in page and certified.masked_id_number in page
    rows = list(client.get(reverse("cadres:cadre_list"), {"has_certificate": "true"}).context["table"].data)
    assert [c.name for c in rows] == ["持证人"]
    rows = list(client.get(reverse("cadres:cadre_list"), {"skill": skill.pk}).context["table"].data)
    assert [c.name for c in rows] == ["持证人"]
    rows = list(client.get(reverse("cadres:cadre_list"), {"q": certified.id_number[-4:]}).context["table"].data)
    assert certified in rows


def test_full_id_only_for_those_who_keep_the_roster(world, secretary_of_gaocun, hr_appraiser, leader, client_as):
    person = factories.cadre(world.township)
    url = reverse("cadres:cadre_detail", args=[person.pk])
    assert person.id_number in client_as(secretary_of_gaocun).get(url).content.decode()
    for reader in (hr_appraiser, leader):
        page = client_as(reader).get(url).content.decode()
        assert person.id_number not in page and person.masked_id_number in page


def test_the_form_derives_gender_and_birth_date_and_cannot_place_a_cadre_elsewhere(
    world, secretary_of_gaocun, client_as
):
    number = factories.resident_id(born="19900704", male=False)
    data = {
        "name": "舒兰",
        "id_number": number.lower(),
        "mobile": "13912345678",
        "position": "staff",
        "education": "3",
        "political_status": "party_member",
        "status": "in_post",
    }
    client = client_as(secretary_of_gaocun)
    refused = client.post(reverse("cadres:cadre_create"), {**data, "township": world.other_township.pk})
    assert "township" in refused.context["form"].errors
    response = client.post(reverse("cadres:cadre_create"), {**data, "township": world.township.pk})
    assert response.status_code == 302
    person = Cadre.objects.get(id_number=number)
    assert (person.gender, person.birth_date) == ("F", datetime.date(1990, 7, 4))


def test_a_secondment_is_recorded_under_the_cadre(world, secretary_of_gaocun, client_as):
    person = factories.cadre(world.township)
    response = client_as(secretary_of_gaocun).post(
        reverse("cadres:secondment_create", args=[person.pk]),
        {
            "kind": "tech_deputy",
            "sending_unit": "湖南农业大学",
            "start_date": "2025-09-01",
            "team_members": "刘红\n蒋涛",
        },
    )
    assert response.status_code == 302
    secondment = person.secondments.get()
    assert secondment.end_date == datetime.date(2027, 8, 31)
