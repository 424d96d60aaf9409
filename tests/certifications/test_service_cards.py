"""Service cards (便民服务卡): read back from the PDF as printed — the township, name, duties, skills with the
level of the best valid certificate, only the published phone, the slogan and the code of the verification page —
for cadres in post with a valid certificate; the township's batch six to an A4 page, made by a worker."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from skilled_township.cadres.models import Cadre
from skilled_township.certifications.services import cards, verification
from skilled_township.core.models import GeneratedFile
from skilled_township.core.tasks import generate_file

from .. import factories, objects, pdf_text
from . import certificates


@pytest.fixture
def pig_farming(db):
    return factories.skill("T02", "生猪养殖")


def test_a_cadres_card_prints_what_the_household_needs_and_nothing_private(
    world, secretary_of_gaocun, client_as, pig_farming
):
    cadre = objects.cadre(world)
    best = certificates.certificate(world, cadre, level=2, issued_on=datetime.date(2026, 2, 1))
    certificates.certificate(world, cadre, level=4)  # a lower one in the same skill
    certificates.certificate(world, cadre, pig_farming, level=5)
    certificates.revoked(world, cadre=cadre, skill=factories.skill("T03", "电子商务"), level=1)
    certificates.profile(cadre, phone="13912345678", duties="柑桔嫁接上门指导")

    response = client_as(secretary_of_gaocun).get(reverse("certifications:card_pdf", args=[cadre.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    text = pdf_text.text(content)
    for printed in (
        "便民服务卡",
        "高村镇",
        cadre.name,
        "柑桔嫁接上门指导",
        "柑桔栽培与管理",
        "二级/技师",
        "生猪养殖",
        "五级/初级工",
        "13912345678",
        "一个电话，上门服务",
        verification.grouped(best.verification_code),
    ):
        assert printed in text, printed
    assert "四级/中级工" not in text  # a skill's level is that of its best certificate
    assert "电子商务" not in text and "一级/高级技师" not in text  # revoked
    assert cadre.mobile not in text and cadre.id_number not in text and cadre.id_number[-4:] not in text
    # One A4 sheet of six copies, the Chinese font embedded.
    assert pdf_text.info(content)["Pages"] == "1" and pdf_text.is_a4(content)
    assert text.count(cadre.name) == cards.CARDS_PER_PAGE
    fonts = pdf_text.fonts(content)
    assert any("Noto-Sans-CJK-SC" in font["name"] for font in fonts)
    assert all(font["emb"] == "yes" for font in fonts)


def test_the_qr_code_opens_the_verification_page_of_the_best_certificate(world, settings, pig_farming):
    settings.SITE_URL = "https://township.example.gov.cn"
    cadre = objects.cadre(world)
    certificates.certificate(world, cadre, pig_farming, level=4)
    best = certificates.certificate(world, cadre, level=3)

    (card,), _left_out = cards.cards_for(Cadre.objects.filter(pk=cadre.pk))

    assert card.certificate == best
    assert card.verify_url == "https://township.example.gov.cn" + best.verification_path()
    assert [(line.skill, line.level_label) for line in card.skills] == [
        ("柑桔栽培与管理", "三级/高级工"),
        ("生猪养殖", "四级/中级工"),
    ]
    assert card.phone == ""  # no public profile: no phone at all


def test_a_phone_is_printed_only_with_consent_and_never_the_roster_mobile(world, cadre_of_gaocun, client_as):
    cadre = objects.cadre(world)
    certificates.certificate(world, cadre)
    certificates.profile(cadre, phone="")

    response = client_as(cadre_of_gaocun).get(reverse("certifications:my_card"))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text.text(response.content)
    assert cadre.name in text and "请通过乡镇政府联系" in text
    assert cadre.mobile not in text


def test_a_cadre_without_a_valid_certificate_is_told_why_there_is_no_card(world, cadre_of_gaocun, client_as):
    certificates.expired(world)

    response = client_as(cadre_of_gaocun).get(reverse("certifications:my_card"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "证书均已撤销或过期" in response.content.decode()


def township_of_cadres(world, pig_farming, certified: int):
    for n in range(certified):
        cadre = certificates.cadre(world, f"持证干部{n:02d}")
        certificates.certificate(world, cadre, pig_farming if n % 2 else None, level=1 + n % 5)
        certificates.profile(cadre, phone=f"1391234{n:04d}")
    certificates.cadre(world, "未鉴定干部")
    certificates.revoked(world, cadre=certificates.cadre(world, "证书被撤干部"))
    gone = certificates.cadre(world, "离岗干部", status="left", left_on=datetime.date(2026, 1, 31))
    certificates.certificate(world, gone)


def test_the_township_page_says_who_gets_a_card_and_who_is_left_out_and_why(
    world, secretary_of_gaocun, client_as, pig_farming
):
    township_of_cadres(world, pig_farming, certified=4)

    response = client_as(secretary_of_gaocun).get(reverse("certifications:cards"))

    body = response.content.decode()
    assert response.status_code == 200
    assert '<div class="fs-5" data-testid="card-count">4</div>' in body
    assert '<div class="fs-5" data-testid="left-out-count">3</div>' in body
    for reason in ("尚无技能证书：1", "证书均已撤销或过期：1", "不在岗（离岗）：1"):
        assert reason in body.replace(" ", "")
    assert "持证干部03" in body and "未鉴定干部" in body
    assert "1391234" not in body.split("公开电话")[0]  # (phones only in the table)


@pytest.mark.django_db(transaction=True)
def test_a_townships_batch_is_made_by_a_worker_six_cards_a_page(world, secretary_of_gaocun, client_as):
    pig_farming = factories.skill("T02", "生猪养殖")
    township_of_cadres(world, pig_farming, certified=13)
    client = client_as(secretary_of_gaocun)

    response = client.post(reverse("certifications:cards_township_pdf", args=[world.township.pk]))

    job = GeneratedFile.objects.get(requested_by=secretary_of_gaocun)
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert generate_file(job.pk) == "done"  # what the worker runs
    job.refresh_from_db()
    assert job.message == "13 张服务卡；3 名干部未制卡。"
    content = b"".join(client.get(reverse("files:download", args=[job.pk])).streaming_content)
    assert pdf_text.info(content)["Pages"] == "3" and pdf_text.is_a4(content)  # 13 cards, six a page
    text = pdf_text.text(content)
    assert all(f"持证干部{n:02d}" in text for n in range(13))
    assert all(f"1391234{n:04d}" in text for n in range(13))
    for left_out in ("未鉴定干部", "证书被撤干部", "离岗干部"):
        assert left_out not in text


def test_another_townships_secretary_cannot_have_its_cards_made(world, secretary_of_other_township, client_as):
    certificates.certificate(world)

    response = client_as(secretary_of_other_township).post(
        reverse("certifications:cards_township_pdf", args=[world.township.pk])
    )

    assert response.status_code == 404
    assert not GeneratedFile.objects.exists()
