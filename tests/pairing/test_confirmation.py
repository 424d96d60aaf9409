"""The household confirms a visit, never the cadre alone: by the code sent to the household's registered phone
(hashed, short-lived, a few tries, resending limited), or by the head's signature on the cadre's phone (the
weaker kind). No page or API call marks a visit confirmed any other way."""

import base64
import datetime
import io
import logging
import re

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw

from skilled_township.core import ratelimit
from skilled_township.pairing.models import Visit, VisitCode
from skilled_township.pairing.services import confirmation, sms

from ..generic import api_client
from . import visit_builders as builders

MEMORY = "skilled_township.pairing.services.sms.MemoryBackend"


@pytest.fixture
def outbox(settings):
    settings.SMS_BACKEND = MEMORY
    sms.MemoryBackend.outbox.clear()
    yield sms.MemoryBackend.outbox
    sms.MemoryBackend.outbox.clear()


@pytest.fixture
def visit(world):
    found = builders.visit(world)
    ratelimit.reset("visit-code", str(found.pk))
    yield found
    ratelimit.reset("visit-code", str(found.pk))


def sent_code(outbox) -> str:
    phone, message = outbox[-1]
    assert phone == builders.HOUSEHOLD_PHONE
    return re.search(r"验证码 (\d{6})", message).group(1)


def send(client, visit):
    return client.post(reverse("pairing:visit_send_code", args=[visit.pk]), follow=True)


def enter(client, visit, code):
    return client.post(reverse("pairing:visit_confirm_code", args=[visit.pk]), {"code": code}, follow=True)


def state(visit):
    visit.refresh_from_db()
    return visit.confirmation


def test_the_code_reaches_only_the_households_phone_and_confirms_the_visit(
    world, visit, outbox, cadre_of_gaocun, client_as
):
    client = client_as(cadre_of_gaocun)

    page = send(client, visit).content.decode()

    assert "验证码已发送到农户登记的手机 139****5678" in page
    code = sent_code(outbox)
    assert len(outbox) == 1 and code not in page
    stored = VisitCode.objects.get(visit=visit)
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    page = enter(client, visit, code).content.decode()
    assert state(visit) == "code" and visit.confirmed_at is not None
    assert "农户已用验证码确认这篇民情日志。" in page and "短信验证码确认" in page


def test_a_wrong_code_does_not_confirm_and_the_tries_run_out(world, visit, outbox, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    send(client, visit)
    code = sent_code(outbox)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    page = enter(client, visit, wrong).content.decode()
    assert "验证码不正确，还可以再试 4 次。" in page and state(visit) == "none"
    for _ in range(VisitCode.MAX_ATTEMPTS - 1):
        enter(client, visit, wrong)
    page = enter(client, visit, code).content.decode()

    assert "尝试次数已用完" in page
    assert state(visit) == "none"
    assert VisitCode.objects.get(visit=visit).attempts == VisitCode.MAX_ATTEMPTS


def test_an_expired_code_is_refused(world, visit, outbox, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    send(client, visit)
    code = sent_code(outbox)
    late = datetime.timedelta(minutes=VisitCode.VALID_MINUTES + 1)
    VisitCode.objects.filter(visit=visit).update(sent_at=VisitCode.objects.get(visit=visit).sent_at - late)

    page = enter(client, visit, code).content.decode()

    assert "验证码已过期（30 分钟内有效），请重新发送。" in page
    assert state(visit) == "none"


def test_a_code_typed_without_one_sent_or_an_earlier_code_after_a_resend_is_refused(
    world, visit, outbox, cadre_of_gaocun, client_as
):
    client = client_as(cadre_of_gaocun)
    assert "请先向农户发送验证码。" in enter(client, visit, "123456").content.decode()

    send(client, visit)
    first = sent_code(outbox)
    send(client, visit)
    second = sent_code(outbox)
    if first != second:
        enter(client, visit, first)
        assert state(visit) == "none"
    enter(client, visit, second)
    assert state(visit) == "code"


def test_resending_is_limited(world, visit, outbox, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    for _ in range(confirmation.RESEND_LIMIT):
        send(client, visit)

    page = send(client, visit).content.decode()

    assert "验证码发送过于频繁" in page
    assert len(outbox) == confirmation.RESEND_LIMIT


def test_no_code_goes_to_the_cadres_own_phone(world, outbox, cadre_of_gaocun, client_as):
    """A household registered with the cadre's own number would let the cadre confirm their own visit."""
    cadre = cadre_of_gaocun.cadre
    visit = builders.visit(world, pair=builders.pairing(world, "龙家", phone=cadre.mobile))

    page = send(client_as(cadre_of_gaocun), visit).content.decode()

    assert "就是结对干部本人的手机号码" in page
    assert outbox == [] and not VisitCode.objects.exists()


def test_the_default_backend_writes_the_message_to_the_log(world, visit, settings, caplog, secretary_of_gaocun):
    settings.SMS_BACKEND = ""
    with caplog.at_level(logging.INFO, logger="skilled_township.sms"):
        confirmation.send_code(visit, by=secretary_of_gaocun)

    (record,) = [r for r in caplog.records if r.name == "skilled_township.sms"]
    message = record.getMessage()
    assert message.startswith(f"SMS to {builders.HOUSEHOLD_PHONE}: 【民情日志】龙建国 于 2026-03-02 到您家走访。")
    code = re.search(r"验证码 (\d{6})", message).group(1)
    confirmation.confirm_with_code(visit, code, by=secretary_of_gaocun)
    assert state(visit) == "code"


def test_the_api_never_takes_confirmation_fields(world, visit, cadre_of_gaocun):
    client = api_client(cadre_of_gaocun)
    detail = reverse("api:visit-detail", args=[visit.pk])
    now = "2026-03-02T10:00:00+08:00"

    response = client.patch(detail, {"confirmation": "code", "confirmed_at": now}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"confirmation", "confirmed_at"}
    payload = {"pairing": visit.pairing_id, "visited_on": "2026-03-03", "content": "走访", "confirmation": "signature"}
    response = client.post(reverse("api:visit-list"), payload, format="json")
    assert response.status_code == 400 and "confirmation" in response.json()
    assert state(visit) == "none" and Visit.objects.count() == 1


def test_through_the_api_only_the_households_code_confirms(world, visit, outbox, cadre_of_gaocun):
    client = api_client(cadre_of_gaocun)
    confirm = reverse("api:visit-confirm", args=[visit.pk])

    assert client.post(confirm, {"code": "000000"}, format="json").status_code == 400
    assert client.post(reverse("api:visit-send-code", args=[visit.pk])).status_code == 200
    code = sent_code(outbox)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = client.post(confirm, {"code": wrong}, format="json")
    assert response.status_code == 400 and "还可以再试" in str(response.json())
    response = client.post(confirm, {"code": code}, format="json")
    assert response.status_code == 200 and response.json()["confirmation"] == "code"


def test_readers_may_not_send_or_enter_codes(world, visit, outbox, reviewer_a, client_as):
    client = client_as(reviewer_a)
    assert client.post(reverse("pairing:visit_send_code", args=[visit.pk])).status_code == 403
    assert client.post(reverse("pairing:visit_confirm_code", args=[visit.pk]), {"code": "1"}).status_code == 403
    assert outbox == []


def drawing(strokes=True, fmt="PNG") -> str:
    canvas = Image.new("RGBA", (300, 150), (0, 0, 0, 0))
    if strokes:
        ImageDraw.Draw(canvas).line([(20, 100), (120, 40), (260, 110)], fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    canvas.convert("RGB").save(out, fmt) if fmt != "PNG" else canvas.save(out, fmt)
    return f"data:image/png;base64,{base64.b64encode(out.getvalue()).decode()}"


def test_a_signature_confirms_as_the_weaker_kind(world, visit, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    url = reverse("pairing:visit_signature", args=[visit.pk])

    response = client.post(url, {"signature": drawing()}, follow=True)

    assert state(visit) == "signature"
    assert visit.signature.name.startswith("visit-signatures/")
    with visit.signature.open("rb") as stored, Image.open(stored) as opened:
        assert opened.format == "PNG"
    page = response.content.decode()
    assert "户主手写签名（较弱）" in page and "较弱的确认方式" in page
    # Once confirmed, neither a code nor another signature changes it.
    assert "这篇民情日志已经确认。" in client.post(url, {"signature": drawing()}).content.decode()


def test_a_blank_or_false_signature_is_refused(world, visit, cadre_of_gaocun, client_as):
    client = client_as(cadre_of_gaocun)
    url = reverse("pairing:visit_signature", args=[visit.pk])

    for posted, says in [
        ("", "请户主在签名框内签名。"),
        (drawing(strokes=False), "请户主在签名框内签名。"),
        (drawing(fmt="JPEG"), "签名图片无法识别"),
        ("data:image/png;base64,!!!", "签名图片无法识别"),
    ]:
        assert says in client.post(url, {"signature": posted}).content.decode()
    assert state(visit) == "none"


def test_an_unconfirmed_visit_counts_as_unconfirmed_on_the_list(world, visit, secretary_of_gaocun, client_as):
    signed = builders.visit(world, day=datetime.date(2026, 3, 3), content="签名的走访")
    confirmation.confirm_with_signature(signed, drawing(), by=secretary_of_gaocun)

    page = client_as(secretary_of_gaocun).get(reverse("pairing:visit_list") + "?confirmed=no").content.decode()

    assert visit.get_absolute_url() in page and signed.get_absolute_url() not in page


def test_a_cadre_of_another_township_cannot_confirm(world, visit, outbox, cadre_of_other_township, client_as):
    client = client_as(cadre_of_other_township)
    assert client.post(reverse("pairing:visit_send_code", args=[visit.pk])).status_code == 404
    assert client.post(reverse("pairing:visit_confirm_code", args=[visit.pk]), {"code": "1"}).status_code == 404
    assert api_client(cadre_of_other_township).post(reverse("api:visit-send-code", args=[visit.pk])).status_code == 404
    assert outbox == [] and state(visit) == "none"
