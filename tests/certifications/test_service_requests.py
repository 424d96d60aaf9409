"""The township's side of service requests (queue, overdue flag, reassigning, cancelling) and the cadre's
(closing a request into the service ledger), on the pages and through the API."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry
from skilled_township.certifications.models import ServiceRecord, ServiceRequest

from .. import factories, objects
from .service_builders import backdate, certificate, owner, service_request

pytestmark = pytest.mark.django_db


def test_closing_records_the_visit_and_creates_the_service_record(world, personas, client_as):
    cadre = owner(world)
    today = timezone.localdate()
    certificate(cadre, objects.skill(world), level=4)
    best = certificate(cadre, objects.skill(world), level=2)
    certificate(
        cadre,
        objects.skill(world),
        level=1,
        issued_on=today - datetime.timedelta(days=900),
        expires_on=today - datetime.timedelta(days=1),
    )
    request = service_request(world)
    client = client_as(personas["cadre"])
    response = client.post(
        reverse("certifications:request_close", args=[request.pk]),
        {"served_on": today.isoformat(), "content": "上门查看柑桔黄叶", "outcome": "缺镁，已指导施肥"},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    record = ServiceRecord.objects.get(request=request)
    assert request.status == ServiceRequest.Status.CLOSED and request.closed_at is not None
    assert (record.cadre, record.skill, record.certificate) == (request.cadre, request.skill, best)
    assert (record.village, record.recipient, record.outcome) == (world.village, "向阿婆", "缺镁，已指导施肥")
    # Closed once: a second time is refused and nothing more is written.
    again = client.post(
        reverse("certifications:request_close", args=[request.pk]),
        {"served_on": today.isoformat(), "content": "再次", "outcome": "再次"},
    )
    assert again.status_code == 200 and "尚未办结" in again.content.decode()
    assert ServiceRecord.objects.count() == 1


def test_a_future_visit_or_someone_elses_request_is_refused(world, personas, client_as):
    other = factories.cadre(world.township, "另一干部")
    mine, theirs = service_request(world), service_request(world, cadre=other)
    client = client_as(personas["cadre"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("certifications:request_close", args=[mine.pk]), {"served_on": tomorrow, "content": "x", "outcome": "y"}
    )
    assert response.status_code == 200 and "不能晚于今天" in response.content.decode()
    # A cadre does not see requests given to somebody else.
    assert client.get(reverse("certifications:request_close", args=[theirs.pk])).status_code == 404
    assert not ServiceRecord.objects.exists()
    mine.refresh_from_db()
    assert mine.status == ServiceRequest.Status.ASSIGNED


def test_the_secretary_reassigns_with_a_reason_and_the_change_is_audited(world, personas, client_as):
    request = service_request(world)
    other = factories.cadre(world.township, "杨秀英")
    outsider = factories.cadre(world.other_township, "外镇干部")
    client = client_as(personas["secretary"])
    url = reverse("certifications:request_reassign", args=[request.pk])
    form = client.get(url).content.decode()
    assert "杨秀英" in form and "外镇干部" not in form
    refused = client.post(url, {"cadre": outsider.pk, "reason": "就近"})
    assert refused.status_code == 200
    assert client.post(url, {"cadre": other.pk, "reason": ""}).status_code == 200
    request.refresh_from_db()
    assert request.cadre == owner(world)
    assert client.post(url, {"cadre": other.pk, "reason": "原承办人外出学习"}).status_code == 302
    request.refresh_from_db()
    assert request.cadre == other and "原承办人外出学习" in request.routing_note and "杨秀英" in request.routing_note
    entry = AuditEntry.objects.filter(object_id=str(request.pk), action="update").latest("pk")
    assert entry.user == personas["secretary"] and "cadre" in entry.changes


@pytest.mark.parametrize("role", ["cadre", "hr_appraiser", "reviewer", "leader"])
def test_only_the_township_reassigns(world, personas, client_as, role):
    request = service_request(world)
    other = factories.cadre(world.township, "杨秀英")
    response = client_as(personas[role]).post(
        reverse("certifications:request_reassign", args=[request.pk]), {"cadre": other.pk, "reason": "试试"}
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.cadre == owner(world)


def test_a_secretary_of_another_township_cannot_reach_the_request(world, personas, client_as):
    request = service_request(world)
    client = client_as(personas["other_secretary"])
    assert client.get(reverse("certifications:request_detail", args=[request.pk])).status_code == 404
    assert client.post(reverse("certifications:request_cancel", args=[request.pk]), {"reason": "x"}).status_code == 404
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.ASSIGNED


def test_a_queued_request_is_assigned_from_the_queue_and_a_request_can_be_cancelled(world, personas, client_as):
    queued = service_request(world, status="queued", cadre=None, assigned_at=None)
    client = client_as(personas["secretary"])
    queue = client.get(reverse("certifications:request_list"), {"status": "queued"}).content.decode()
    assert reverse("certifications:request_detail", args=[queued.pk]) in queue
    client.post(
        reverse("certifications:request_reassign", args=[queued.pk]),
        {"cadre": owner(world).pk, "reason": "无人持证，安排懂行的干部"},
    )
    queued.refresh_from_db()
    assert queued.status == ServiceRequest.Status.ASSIGNED and queued.assigned_at is not None
    assert client.post(reverse("certifications:request_cancel", args=[queued.pk]), {"reason": ""}).status_code == 200
    assert (
        client.post(
            reverse("certifications:request_cancel", args=[queued.pk]), {"reason": "群众已自行解决"}
        ).status_code
        == 302
    )
    queued.refresh_from_db()
    assert queued.status == ServiceRequest.Status.CANCELLED and "群众已自行解决" in queued.routing_note


def test_requests_open_more_than_three_days_are_flagged_on_the_list_and_the_home_page(world, personas, client_as):
    late = service_request(world)
    backdate(late, ServiceRequest.OVERDUE_DAYS + 1)
    recent = service_request(world)
    backdate(recent, ServiceRequest.OVERDUE_DAYS - 1)
    closed_late = service_request(world, status="closed")
    backdate(closed_late, 10)
    client = client_as(personas["secretary"])
    home = client.get(reverse("home")).content.decode()
    assert 'data-notice="service-requests-overdue"' in home and "1件服务请求超过3天未办结" in home
    flagged = client.get(reverse("certifications:request_list"), {"overdue": "true"}).content.decode()
    assert reverse("certifications:request_detail", args=[late.pk]) in flagged
    assert reverse("certifications:request_detail", args=[recent.pk]) not in flagged
    assert reverse("certifications:request_detail", args=[closed_late.pk]) not in flagged
    assert flagged.count("data-overdue") == 1
    # Not the secretary of another township.
    other_home = client_as(personas["other_secretary"]).get(reverse("home")).content.decode()
    assert "service-requests-overdue" not in other_home


def test_a_cadre_lists_only_the_requests_given_to_them(world, personas, client_as):
    mine = service_request(world)
    theirs = service_request(world, cadre=factories.cadre(world.township, "另一干部"))
    page = client_as(personas["cadre"]).get(reverse("certifications:request_list")).content.decode()
    assert reverse("certifications:request_detail", args=[mine.pk]) in page
    assert reverse("certifications:request_detail", args=[theirs.pk]) not in page
    assert "我的服务请求" in page


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_reassigns_and_closes_through_the_same_rules(world, personas):
    request = service_request(world)
    other = factories.cadre(world.township, "杨秀英")
    outsider = factories.cadre(world.other_township, "外镇干部")
    url = reverse("api:service-request-reassign", args=[request.pk])
    assert api(personas["secretary"]).post(url, {"cadre": outsider.pk, "reason": "x"}).status_code == 400
    assert api(personas["cadre"]).post(url, {"cadre": other.pk, "reason": "x"}).status_code == 403
    done = api(personas["secretary"]).post(url, {"cadre": other.pk, "reason": "就近"})
    assert done.status_code == 200 and done.json()["cadre"] == other.pk
    # Now given to 杨秀英: the cadre persona may no longer see it, let alone close it.
    close = reverse("api:service-request-close", args=[request.pk])
    body = {"served_on": timezone.localdate().isoformat(), "content": "上门", "outcome": "解决"}
    assert api(personas["cadre"]).post(close, body).status_code == 404
    assert api(personas["secretary"]).post(close, body).status_code == 403
    theirs = factories.cadre_user("cadre_yang", other)
    closed = api(theirs).post(close, body)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert ServiceRecord.objects.get(request=request).cadre == other
