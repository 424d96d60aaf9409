"""A cadre logs a visit on a phone, the household reads back the code its phone received, and the visit shows as
confirmed by the household."""

import datetime
import re

from playwright.sync_api import expect

from skilled_township.pairing.models import Household, Pairing, Visit
from skilled_township.pairing.services import sms

from .. import factories


def test_a_cadre_logs_a_visit_and_the_household_confirms_it_with_the_code(phone_session, e2e_world, settings):
    settings.SMS_BACKEND = "skilled_township.pairing.services.sms.MemoryBackend"
    sms.MemoryBackend.outbox.clear()
    session, page = phone_session, phone_session.page
    gaocun = e2e_world["gaocun"]
    cadre = factories.cadre(gaocun, "龙建国")
    factories.cadre_user("cadre_gaocun", cadre)
    household = Household.objects.create(
        village=gaocun.children.get(name="锦和村"),
        head_name="杨秀英",
        id_number=factories.resident_id(),
        phone="13912345678",
        members=4,
        labour_members=2,
        paired_cadre=cadre,
    )
    Pairing.objects.create(cadre=cadre, household=household, started_on=datetime.date(2025, 1, 1))
    session.context.grant_permissions(["geolocation"], origin=session.base)
    session.context.set_geolocation({"latitude": 27.866012, "longitude": 109.802345})

    session.sign_in("cadre_gaocun")
    session.open_menu()
    page.locator("#main-nav").get_by_role("link", name="民情日志").click()
    expect(page.locator("h1")).to_have_text("我的民情日志")
    page.get_by_role("link", name="新增").click()
    expect(page.locator("select[name=pairing] option:checked")).to_have_text("杨秀英（锦和村）")
    page.select_option("select[name=kind]", label="技术指导")
    page.fill("textarea[name=content]", "指导柑桔冬季清园")
    page.fill("textarea[name=problems]", "缺少有机肥")
    page.get_by_test_id("gps-fill").click()
    expect(page.locator("input[name=latitude]")).to_have_value("27.866012")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the visit form scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.get_by_test_id("confirmation")).to_contain_text("未确认")
    page.get_by_test_id("send-code").click()
    expect(page.locator(".alert-success")).to_contain_text("139****5678")
    phone, message = sms.MemoryBackend.outbox[-1]
    assert phone == "13912345678"
    code = re.search(r"验证码 (\d{6})", message).group(1)
    page.fill("input[name=code]", code)
    page.get_by_test_id("confirm-code").click()

    expect(page.locator(".alert-success")).to_contain_text("农户已用验证码确认")
    expect(page.get_by_test_id("confirmation").locator("[data-confirmation=code]")).to_have_text("短信验证码确认")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the visit page scrolls sideways by {overflow}px on a phone"
    visit = Visit.objects.get()
    assert (visit.confirmation, visit.kind, visit.content) == ("code", "technical", "指导柑桔冬季清园")
    assert (str(visit.latitude), str(visit.longitude)) == ("27.866012", "109.802345")
    session.open_menu()
    page.locator("#main-nav").get_by_role("link", name="民情日志").click()
    expect(page.locator("table tbody tr", has_text="杨秀英").locator("[data-confirmation=code]")).to_be_visible()
    assert not session.console_errors and not session.foreign_requests
    sms.MemoryBackend.outbox.clear()


def test_without_signal_the_head_signs_on_the_cadres_phone_and_the_visit_shows_the_weaker_kind(
    phone_session, e2e_world
):
    session, page = phone_session, phone_session.page
    gaocun = e2e_world["gaocun"]
    cadre = factories.cadre(gaocun, "龙建国")
    factories.cadre_user("cadre_gaocun", cadre)
    household = Household.objects.create(
        village=gaocun.children.get(name="锦和村"),
        head_name="杨秀英",
        id_number=factories.resident_id(),
        members=3,
        paired_cadre=cadre,
    )
    pairing = Pairing.objects.create(cadre=cadre, household=household, started_on=datetime.date(2025, 1, 1))
    visit = Visit.objects.create(
        pairing=pairing,
        cadre=cadre,
        household=household,
        visited_on=datetime.date(2026, 3, 2),
        content="了解柑桔销售情况",
        recorded_by=factories.user("recorder", "township_secretary", gaocun),
    )

    session.sign_in("cadre_gaocun")
    session.open(visit.get_absolute_url())
    expect(page.get_by_test_id("send-code")).to_have_count(0)  # no phone registered: signature only
    page.get_by_test_id("sign").click()
    page.get_by_role("button", name="确认签名").click()
    expect(page.get_by_test_id("signature-error")).to_contain_text("请户主在签名框内签名")
    # A finger on the pad: the pointer events a phone's touch screen sends.
    pad = page.get_by_test_id("signature-pad")
    box = pad.bounding_box()
    stroke = [(30, 120), (90, 40), (150, 140), (220, 60), (300, 110)]
    for n, (x, y) in enumerate(stroke):
        kind = "pointerdown" if n == 0 else "pointermove"
        at = {"clientX": box["x"] + x, "clientY": box["y"] + y, "pointerId": 1, "pointerType": "touch"}
        pad.dispatch_event(kind, {**at, "bubbles": True, "cancelable": True})
    pad.dispatch_event("pointerup", {"pointerId": 1, "pointerType": "touch", "bubbles": True})
    page.get_by_role("button", name="确认签名").click()

    expect(page.get_by_test_id("confirmation").locator("[data-confirmation=signature]")).to_have_text(
        "户主手写签名（较弱）"
    )
    expect(page.get_by_test_id("confirmation").get_by_role("img")).to_be_visible()
    visit.refresh_from_db()
    assert visit.confirmation == "signature" and visit.signature
    assert not session.console_errors and not session.foreign_requests
