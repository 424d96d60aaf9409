"""A farmer asks for help on the public page from a phone, without signing in; the cadre it lands with signs in,
records the visit and closes it; the farmer's tracking page then shows it closed and takes a rating."""

from playwright.sync_api import expect

from skilled_township.certifications.models import Certificate, PublicProfile, ServiceRecord, ServiceRequest
from skilled_township.core import ratelimit

from .. import factories
from .conftest import PHONE, BrowserSession


def test_a_farmer_files_a_request_and_the_cadre_closes_it(browser, live_server, phone_session, e2e_world):
    for scope in ("service-request-ip", "service-request-track"):
        ratelimit.reset(scope, "127.0.0.1")
    ratelimit.reset("service-request-phone", "13912345678")
    gaocun = e2e_world["gaocun"]
    grafting = factories.skill("JJ02", "柑桔栽培与管理")
    cadre = factories.cadre(gaocun, "龙建国", mobile="13511112222")
    factories.cadre_user("cadre_gaocun", cadre)
    PublicProfile.objects.create(
        cadre=cadre, duties="柑桔嫁接上门指导", public_phone="13599990000", phone_consent_on="2026-01-05"
    )
    Certificate.objects.create(
        cadre=cadre,
        skill=grafting,
        level=2,
        number="JN-2026-000001",
        issuing_body="怀化市人社局",
        issued_on="2026-01-02",
    )

    farmer = phone_session
    page = farmer.page
    farmer.open("/directory/")
    page.get_by_placeholder("输入乡镇或县名搜索").fill("高村")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="高村镇").click()
    card = page.locator("[data-cadre]", has_text="龙建国")
    expect(card).to_contain_text("二级/技师")
    expect(card.get_by_role("link", name="拨打 13599990000")).to_have_attribute("href", "tel:13599990000")
    assert "13511112222" not in page.content()
    page.get_by_role("link", name="我要求助").click()
    page.get_by_label("您的称呼").fill("向阿婆")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("所在村").select_option(label="锦和村")
    page.get_by_label("需要哪方面的帮助").select_option(label="柑桔栽培与管理")
    page.get_by_label("具体需求").fill("柑桔树叶子发黄，请来看看。")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the request form scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="提交求助").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert ServiceRequest.objects.get(code=code).cadre == cadre
    page.get_by_role("link", name="查看进度").click()
    expect(page.get_by_test_id("request-status")).to_have_text("已分派")

    office = BrowserSession(browser, live_server, PHONE, "service-request-cadre")
    try:
        office.sign_in("cadre_gaocun")
        office.open_menu()
        office.page.locator("#main-nav").get_by_role("link", name="服务请求").click()
        office.page.locator("table tbody tr", has_text="柑桔栽培与管理").get_by_role("link").first.click()
        expect(office.page.locator("main")).to_contain_text("13912345678")  # the cadre calls before going
        office.page.get_by_role("link", name="记录上门服务并办结").click()
        office.page.get_by_label("服务内容").fill("上门查看柑桔黄叶")
        office.page.get_by_label("服务结果").fill("缺镁，已指导叶面喷施")
        office.page.get_by_role("button", name="确定").click()
        expect(office.page.locator(".alert-success")).to_be_visible()
        overflow = office.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the request page scrolls sideways by {overflow}px on a phone"
        assert not office.console_errors and not office.foreign_requests
    finally:
        office.close(failed=False)

    assert ServiceRecord.objects.get(request__code=code).outcome == "缺镁，已指导叶面喷施"
    page.reload()
    expect(page.get_by_test_id("request-status")).to_have_text("已办结")
    page.get_by_text("★★★★★", exact=True).click()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("rating")).to_contain_text("5 / 5")
    assert not farmer.console_errors and not farmer.foreign_requests
