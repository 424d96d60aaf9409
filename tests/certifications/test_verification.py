"""Public verification of a certificate by its code: the whole record (so an edited printout cannot pass for a
real one), its state (valid, revoked with reason and date, expired, unknown), codes typed as people type them,
nothing personal beyond the holder's name and masked ID, and lookups of unknown codes limited per address."""

from __future__ import annotations

import random

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from skilled_township.certifications.services import verification
from skilled_township.core import ratelimit

from .. import objects
from . import certificates


@pytest.fixture
def address():
    """A client address of this test alone: the rate limit's counts live in the shared cache."""
    ip = f"198.51.100.{random.randint(1, 254)}"
    ratelimit.reset(verification.RATE_SCOPE, ip)
    yield ip
    ratelimit.reset(verification.RATE_SCOPE, ip)


@pytest.fixture
def api():
    return APIClient()


def personal_data_absent(body: str, cadre, profile=None) -> None:
    assert cadre.id_number not in body
    assert cadre.mobile not in body
    assert cadre.birth_date.strftime("%Y%m%d") not in body and cadre.birth_date.strftime("%Y-%m-%d") not in body
    if profile is not None:
        assert profile.public_phone not in body


def test_a_valid_certificate_shows_its_whole_record_and_nothing_else_personal(world, client, api, address):
    certificate = certificates.certificate(world, level=3)
    cadre = certificate.cadre
    profile = certificates.profile(cadre, phone="13912345678")

    response = client.get(certificate.verification_path(), REMOTE_ADDR=address)

    assert response.status_code == 200
    body = response.content.decode()
    masked = cadre.id_number[:4] + "*" * 10 + cadre.id_number[-4:]
    for shown in (
        "有效",
        certificate.number,
        cadre.name,
        masked,
        "柑桔栽培与管理",
        "三级/高级工",
        "2026-01-10",
        certificates.ISSUER,
        "长期有效",
        "高村镇",
    ):
        assert shown in body, shown
    assert "已撤销" not in body and "已过期" not in body
    personal_data_absent(body, cadre, profile)

    data = api.get(reverse("api:verify", args=[certificate.verification_code]), REMOTE_ADDR=address).json()
    assert data == {
        "code": certificate.verification_code,
        "state": "valid",
        "state_label": "有效",
        "number": certificate.number,
        "holder": cadre.name,
        "masked_id": masked,
        "township": "高村镇",
        "skill": "柑桔栽培与管理",
        "skill_code": "T01",
        "level": 3,
        "level_label": "三级/高级工",
        "issued_on": "2026-01-10",
        "expires_on": None,
        "issuing_body": certificates.ISSUER,
        "revoked_on": None,
        "revocation_reason": "",
    }
    personal_data_absent(str(data), cadre, profile)


def test_a_revoked_certificate_says_so_with_its_reason_and_date(world, client, api, address):
    certificate = certificates.revoked(world)

    body = client.get(certificate.verification_path(), REMOTE_ADDR=address).content.decode()

    assert "已撤销" in body and "鉴定材料弄虚作假" in body and "2026-03-02" in body
    assert certificate.number in body
    data = api.get(reverse("api:verify", args=[certificate.verification_code]), REMOTE_ADDR=address).json()
    assert (data["state"], data["revocation_reason"], data["revoked_on"]) == (
        "revoked",
        "鉴定材料弄虚作假",
        "2026-03-02",
    )


def test_an_expired_certificate_says_so(world, client, api, address):
    certificate = certificates.expired(world)

    body = client.get(certificate.verification_path(), REMOTE_ADDR=address).content.decode()

    assert "已过期" in body and "2025-01-09" in body and "四级/中级工" in body
    data = api.get(reverse("api:verify", args=[certificate.verification_code]), REMOTE_ADDR=address).json()
    assert (data["state"], data["expires_on"]) == ("expired", "2025-01-09")


def test_an_unknown_code_is_no_certificate(world, client, api, address):
    certificates.certificate(world)

    response = client.get(reverse("public:verify", args=["ABCDEFGHJKMNPQRS"]), REMOTE_ADDR=address)

    assert response.status_code == 404
    assert "查无此证" in response.content.decode()
    answer = api.get(reverse("api:verify", args=["ABCDEFGHJKMNPQRS"]), REMOTE_ADDR=address)
    assert answer.status_code == 404
    assert answer.json() == {"detail": "查无此证。"}


def test_codes_are_read_as_people_type_them(world, client, api, address):
    certificate = certificates.certificate(world)
    code = certificate.verification_code
    typed = "-".join(code[i : i + 4] for i in range(0, 16, 4)).lower()  # as printed on the card, in lower case
    canonical = reverse("public:verify", args=[code])

    assert client.get(reverse("public:verify", args=[typed]), REMOTE_ADDR=address).url == canonical
    # The form: spaces, dashes, full-width letters.
    spaced = " ".join(code[i : i + 4] for i in range(0, 16, 4)).lower()
    assert client.get(reverse("public:verify_form"), {"code": spaced}, REMOTE_ADDR=address).url == canonical
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code)
    assert client.get(reverse("public:verify_form"), {"code": full_width}, REMOTE_ADDR=address).url == canonical
    answer = api.get(reverse("api:verify", args=[typed]), REMOTE_ADDR=address)
    assert answer.status_code == 200 and answer.json()["number"] == certificate.number


def test_the_form_says_what_is_wrong_with_a_code_that_cannot_be_one(world, client, address):
    response = client.get(reverse("public:verify_form"), {"code": "0O1I-ABCD"}, REMOTE_ADDR=address)

    assert response.status_code == 200
    assert "查验码应为16位字母和数字" in response.content.decode()


def test_unknown_codes_are_limited_per_address_and_then_every_lookup_is_refused(world, client, api, address):
    certificate = certificates.certificate(world)
    unknown = "ABCDEFGHJKMNPQRS"
    for _ in range(verification.MISSES_ALLOWED):
        assert client.get(reverse("public:verify", args=[unknown]), REMOTE_ADDR=address).status_code == 404
    # Valid codes do not count: whoever holds a card may look it up as often as they like.
    assert client.get(certificate.verification_path(), REMOTE_ADDR=address).status_code == 200

    refused = client.get(reverse("public:verify", args=[unknown]), REMOTE_ADDR=address)
    assert refused.status_code == 429 and "查询过于频繁" in refused.content.decode()
    # Past the limit a hit looks like a miss: a lucky guess cannot be told apart.
    assert client.get(certificate.verification_path(), REMOTE_ADDR=address).status_code == 429
    assert api.get(reverse("api:verify", args=[certificate.verification_code]), REMOTE_ADDR=address).status_code == 429
    # Another address is not affected.
    other = "203.0.113.77"
    ratelimit.reset(verification.RATE_SCOPE, other)
    assert client.get(certificate.verification_path(), REMOTE_ADDR=other).status_code == 200
    ratelimit.reset(verification.RATE_SCOPE, other)


def test_the_printed_link_uses_the_sites_address_when_set(world, settings, rf):
    certificate = certificates.certificate(world)
    path = f"/verify/{certificate.verification_code}/"
    assert certificate.verification_path() == path

    settings.SITE_URL = ""
    root = verification.site_root(rf.get("/", SERVER_NAME="127.0.0.1"))
    assert verification.verification_url(certificate, root) == "http://127.0.0.1" + path
    settings.SITE_URL = "https://township.example.gov.cn"
    assert verification.verification_url(certificate, root) == "https://township.example.gov.cn" + path


def test_verification_needs_no_sign_in_and_is_the_same_for_everyone(world, personas, client_as, address):
    certificate = certificates.certificate(world, cadre=objects.cadre(world))
    bodies = set()
    for role in ("anonymous", "org_admin", "other_secretary", "other_cadre"):
        response = client_as(personas[role]).get(certificate.verification_path(), REMOTE_ADDR=address)
        assert response.status_code == 200
        main = response.content.decode().split("<main")[1].split("</main>")[0]
        bodies.add(main.split("csrfmiddlewaretoken")[0])
    assert len(bodies) == 1
