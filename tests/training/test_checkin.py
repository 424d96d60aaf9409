"""QR self check-in: only in the session's window (30 minutes before the start until its end), never for a future
or past session, never for another township's cadre; each refusal says why."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from skilled_township.core import ratelimit
from skilled_township.learning.models import StudyRecord
from skilled_township.training import services
from skilled_township.training.models import Attendance
from skilled_township.training.views import CLAIM_ATTEMPTS

from .. import factories, objects
from . import builders


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def session_today(world):
    today = timezone.localdate()
    plan = builders.plan(world)
    plan.year = today.year
    plan.save()
    session = builders.session(world, day=today, topic="今日培训")
    session.start_time, session.end_time = datetime.time(10, 0), datetime.time(12, 0)
    session.save()
    return session


def refusal(session, cadre, now):
    with pytest.raises(ValidationError) as refused:
        services.check_in(session, cadre, now)
    return refused.value.messages[0]


def test_check_in_before_the_window_is_refused(world, session_today):
    message = refusal(session_today, objects.cadre(world), at(session_today.date, 9, 29))
    assert message == "签到从 09:30（开课前 30 分钟）开始，请稍后再来。"
    assert not Attendance.objects.exists()


def test_check_in_after_the_end_is_refused(world, session_today):
    message = refusal(session_today, objects.cadre(world), at(session_today.date, 12, 1))
    assert message == "这次培训已于 12:00 结束，签到已关闭。"


def test_check_in_for_a_future_or_past_session_is_refused(world, session_today):
    cadre = objects.cadre(world)
    day_before = session_today.date - datetime.timedelta(days=1)
    assert "还没到签到的日子" in refusal(session_today, cadre, at(day_before, 10, 30))
    day_after = session_today.date + datetime.timedelta(days=1)
    assert "结束，不能再签到" in refusal(session_today, cadre, at(day_after, 10, 30))


def test_a_cadre_of_another_township_cannot_check_in(world, session_today):
    outsider = factories.cadre(world.other_township, "外镇干部")
    message = refusal(session_today, outsider, at(session_today.date, 10, 30))
    assert message == "这次培训不是您所在乡镇的，不能签到。"


def test_in_the_window_a_cadre_checks_in_and_the_hours_reach_their_ledger(world, session_today):
    cadre = objects.cadre(world)
    services.check_in(session_today, cadre, at(session_today.date, 9, 30))
    record = StudyRecord.objects.get(cadre=cadre)
    assert (record.studied_on, record.hours) == (session_today.date, Decimal("2.0"))
    assert Attendance.objects.get().method == "self"


def test_the_check_in_page_says_why_it_refuses(world, cadre_of_other_township, cadre_of_gaocun, client_as):
    past = builders.session(world)  # 2026-03-02
    url = reverse("training:checkin", args=[past.checkin_token])
    page = client_as(cadre_of_gaocun).get(url).content.decode()
    assert "这次培训已于 2026-03-02 结束，不能再签到。" in page
    client_as(cadre_of_gaocun).post(url, {"action": "self"})
    assert not Attendance.objects.exists()


def test_a_claim_by_name_and_last_four_digits_waits_for_the_secretary(
    world, session_today, secretary_of_gaocun, client_as
):
    cadre = objects.cadre(world)
    now = at(session_today.date, 10, 15)
    with pytest.raises(ValidationError):
        services.claim_check_in(session_today, cadre.name, "0000" if cadre.id_number[-4:] != "0000" else "1111", now)
    claim = services.claim_check_in(session_today, cadre.name, cadre.id_number[-4:], now)
    assert claim.status == "claimed" and not StudyRecord.objects.exists()

    client = client_as(secretary_of_gaocun)
    detail = client.get(session_today.get_absolute_url()).content.decode()
    assert "待确认的签到" in detail and "<svg" in detail  # the QR code, drawn on the server
    client.post(reverse("training:claim_decision", args=[claim.pk]), {"decision": "confirm"})
    claim.refresh_from_db()
    assert claim.status == "confirmed" and StudyRecord.objects.get(cadre=cadre).hours == Decimal("2.0")


def test_a_claim_typed_with_full_width_digits_or_a_lowercase_x_is_read_as_the_id(world, session_today):
    cadre = factories.cadre(world.township, "李四", id_number="43122619880512058X")
    now = at(session_today.date, 10, 15)
    claim = services.claim_check_in(session_today, " 李四 ", "０５８x", now)
    assert claim.cadre == cadre and claim.status == "claimed"


def test_name_and_digit_claims_from_one_device_are_limited(world, session_today, client):
    # The window open now, whenever the test runs.
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(midnight + datetime.timedelta(minutes=30), now - datetime.timedelta(minutes=10))
    end = min(midnight + datetime.timedelta(hours=23, minutes=59, seconds=59), now + datetime.timedelta(minutes=30))
    session_today.start_time, session_today.end_time = start.time(), end.time()
    session_today.save()
    url = reverse("training:checkin", args=[session_today.checkin_token])
    ratelimit.reset("checkin-claim", f"{session_today.pk}:127.0.0.1")
    for _ in range(CLAIM_ATTEMPTS):
        response = client.post(url, {"name": "某某", "id_last4": "1234"})
        assert response.status_code == 200
    response = client.post(url, {"name": "某某", "id_last4": "1234"})
    assert response.status_code == 429
    assert "尝试次数过多" in response.content.decode()
    assert not Attendance.objects.exists()
