"""A villager checks a cadre's certificate on a phone: types the code from the card as it reads, in lower case
with spaces, and sees the record as the issuing body keeps it; a revoked certificate says why."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from skilled_township.certifications.models import Certificate

from .. import factories


def test_a_villager_types_a_code_from_a_card_and_sees_the_record(phone_session, e2e_world):
    session = phone_session
    page = session.page
    cadre = factories.cadre(e2e_world["gaocun"], "龙建国")
    skill = factories.skill("JJ02", "柑桔栽培与管理")
    valid = Certificate.objects.create(
        cadre=cadre,
        skill=skill,
        level=3,
        number="JN-2026-000123",
        issuing_body="怀化市人力资源和社会保障局",
        issued_on=datetime.date(2026, 1, 10),
    )
    revoked = Certificate.objects.create(
        cadre=cadre,
        skill=factories.skill("JJ03", "生猪养殖"),
        level=4,
        number="JN-2026-000124",
        issuing_body="怀化市人力资源和社会保障局",
        issued_on=datetime.date(2026, 1, 10),
        status="revoked",
        revoked_at=timezone.now(),
        revocation_reason="鉴定材料弄虚作假",
    )

    session.open("/verify/")
    code = valid.verification_code
    page.fill("input[name=code]", " ".join(code[i : i + 4] for i in range(0, 16, 4)).lower())
    page.get_by_role("button", name="查验").click()

    expect(page.get_by_test_id("state")).to_contain_text("有效")
    record = page.get_by_test_id("record")
    for shown in (
        "JN-2026-000123",
        "龙建国",
        cadre.id_number[:4] + "**********" + cadre.id_number[-4:],
        "柑桔栽培与管理",
        "三级/高级工",
        "怀化市人力资源和社会保障局",
    ):
        expect(record).to_contain_text(shown)
    assert cadre.id_number not in page.content() and cadre.mobile not in page.content()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the verification page scrolls sideways by {overflow}px on a phone"

    session.open(revoked.verification_path())
    expect(page.get_by_test_id("state")).to_contain_text("已撤销")
    expect(page.get_by_test_id("state")).to_contain_text("鉴定材料弄虚作假")
    assert session.console_errors == [] and session.foreign_requests == []
