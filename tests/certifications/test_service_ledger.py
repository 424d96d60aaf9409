"""The service ledger: the township logs a service, a cadre reads their own, the workbook holds the rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from skilled_township.certifications.models import ServiceRecord

from .. import factories, objects
from ..content import fetch_export, workbook_cells
from .service_builders import certificate, owner, service_record

pytestmark = pytest.mark.django_db


def entry(world, **extra):
    return {
        "cadre": owner(world).pk,
        "served_on": timezone.localdate().isoformat(),
        "skill": objects.skill(world).pk,
        "village": world.village.pk,
        "recipient": "锦和村滕大爷",
        "content": "果园修剪",
        "outcome": "已修剪二十株",
        **extra,
    }


def test_the_secretary_logs_a_service_citing_the_cadres_certificate(world, personas, client_as):
    held = certificate(owner(world), objects.skill(world), level=3)
    client = client_as(personas["secretary"])
    response = client.post(reverse("certifications:ledger_create"), entry(world))
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert record.certificate == held and record.request is None


def test_a_future_day_or_a_cadre_of_another_township_is_refused(world, personas, client_as):
    client = client_as(personas["secretary"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(reverse("certifications:ledger_create"), entry(world, served_on=tomorrow))
    assert response.status_code == 200 and "不能晚于今天" in response.content.decode()
    outsider = factories.cadre(world.other_township, "外镇干部")
    assert client.post(reverse("certifications:ledger_create"), entry(world, cadre=outsider.pk)).status_code == 200
    village = client.post(reverse("certifications:ledger_create"), entry(world, village=world.other_village.pk))
    assert village.status_code == 200
    assert not ServiceRecord.objects.exists()


def test_a_cadre_reads_only_their_own_and_the_month_filter_narrows(world, personas, client_as):
    mine = service_record(world, recipient="我的服务对象")
    service_record(world, cadre=factories.cadre(world.township, "另一干部"), recipient="别人的服务对象")
    client = client_as(personas["cadre"])
    page = client.get(reverse("certifications:ledger_list")).content.decode()
    assert "我的服务对象" in page and "别人的服务对象" not in page and "我的服务台账" in page
    cells = workbook_cells(fetch_export(client, reverse("certifications:ledger_export")))
    assert "我的服务对象" in cells and "别人的服务对象" not in cells
    secretary = client_as(personas["secretary"])
    month = mine.served_on.strftime("%Y-%m")
    assert "我的服务对象" in secretary.get(reverse("certifications:ledger_list"), {"month": month}).content.decode()
    assert (
        "我的服务对象"
        not in secretary.get(reverse("certifications:ledger_list"), {"month": "2001-01"}).content.decode()
    )


def test_the_api_logs_a_service_only_for_an_in_post_cadre_of_the_village(world, personas):
    client = APIClient()
    client.force_authenticate(personas["secretary"])
    url = reverse("api:service-record-list")
    assert client.post(url, entry(world, village=world.other_village.pk)).status_code == 400
    created = client.post(url, entry(world))
    assert created.status_code == 201 and created.json()["certificate"] is None
    cadre_client = APIClient()
    cadre_client.force_authenticate(personas["cadre"])
    assert cadre_client.post(url, entry(world)).status_code == 403
    assert [row["id"] for row in cadre_client.get(url).json()["results"]] == [created.json()["id"]]
