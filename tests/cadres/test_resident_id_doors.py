"""A resident ID gives the same verdict, and the same gender and birth date, whichever way a cadre comes in:
the model itself, the roster form, the API and the Excel import."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from skilled_township.cadres.models import Cadre
from skilled_township.cadres.services.importing import import_cadres

from .test_import_export import roster_file, row

GOOD = "43122619760229004x"  # born on a leap day, female, the check digit X typed in lower case
BAD = "431226197602290010"  # the check digit is wrong
FIELDS = {
    "name": "龙英",
    "mobile": "13912345678",
    "position": "staff",
    "education": "3",
    "political_status": "party_member",
    "status": "in_post",
}


def through_the_model(world, user, number):
    cadre = Cadre(township=world.township, id_number=number, **FIELDS)
    try:
        cadre.full_clean()
    except ValidationError as error:
        return error.message_dict
    cadre.save()
    return None


def through_the_form(world, user, number, client):
    client.force_login(user)
    data = {**FIELDS, "township": world.township.pk, "id_number": number}
    response = client.post(reverse("cadres:cadre_create"), data)
    if response.status_code == 302:
        return None
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def through_the_api(world, user, number):
    api = APIClient()
    api.force_authenticate(user=user)
    data = {**FIELDS, "township": world.township.pk, "id_number": number}
    response = api.post("/api/v1/cadres/", data, format="json")
    if response.status_code == 201:
        return None
    return {name: [str(message) for message in messages] for name, messages in response.data.items()}


def through_the_import(world, user, number):
    result = import_cadres(roster_file([row(name=FIELDS["name"], number=number, education="大专")]), by=user)
    if result.ok:
        return None
    # The report reads "身份证号码：<message>", one line per problem.
    return {"id_number": [message.split("：", 1)[1] for error in result.errors for message in error.messages]}


DOORS = ["model", "form", "api", "import"]


def enter(door, world, user, number, client):
    if door == "form":
        return through_the_form(world, user, number, client)
    return {"model": through_the_model, "api": through_the_api, "import": through_the_import}[door](world, user, number)


def test_a_bad_id_gets_the_same_single_error_through_every_door(world, org_admin, client):
    verdicts = {door: enter(door, world, org_admin, BAD, client) for door in DOORS}
    assert verdicts["model"] == {"id_number": ["身份证号码校验位错误，请核对。"]}
    assert all(verdict == verdicts["model"] for verdict in verdicts.values()), verdicts
    assert not Cadre.objects.exists()


@pytest.mark.parametrize("door", DOORS)
def test_a_good_id_gives_the_same_cadre_through_every_door(world, org_admin, client, door):
    assert enter(door, world, org_admin, GOOD, client) is None
    cadre = Cadre.objects.get()
    assert cadre.id_number == GOOD.upper()
    assert (cadre.gender, cadre.birth_date) == ("F", datetime.date(1976, 2, 29))
