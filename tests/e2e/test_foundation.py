"""An organisation-department admin signs in, adds a pilot township, switches language, signs out."""

from playwright.sync_api import expect

from skilled_township.regions.models import PilotTownship

from .conftest import ACCOUNT_MENU


def test_admin_adds_a_pilot_township_switches_language_and_signs_out(session, e2e_world):
    page = session.page
    session.sign_in("org_admin")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_test_id("current-user")).to_contain_text("org_admin")

    session.open_menu("区划与账号")
    page.locator("#main-nav").get_by_role("link", name="试点乡镇").click()
    expect(page.get_by_role("heading", name="试点乡镇")).to_be_visible()
    page.get_by_role("link", name="新增").click()

    page.select_option("select[name=township]", label="麻阳苗族自治县 吕家坪镇（431226102000）")
    page.fill("input[name=batch]", "2")
    page.fill("input[name=start_year]", "2026")
    page.fill("input[name=lead_industry]", "生猪养殖")
    page.get_by_role("button", name="保存").click()

    expect(page.locator(".alert-success")).to_contain_text("吕家坪镇")
    assert PilotTownship.objects.filter(township=e2e_world["lvjiaping"], lead_industry="生猪养殖").exists()
    session.open_menu("区划与账号")
    page.locator("#main-nav").get_by_role("link", name="试点乡镇").click()
    row = page.locator("table tbody tr", has_text="吕家坪镇")
    expect(row).to_contain_text("生猪养殖")
    expect(row).to_contain_text("第二批")

    if session.is_phone:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px on a phone"

    session.open_menu(ACCOUNT_MENU)
    page.locator("#language-switcher").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Pilot townships")).to_be_visible()
    session.open_menu("Regions & accounts")
    expect(page.locator("#main-nav").get_by_role("link", name="Pilot townships")).to_be_visible()

    session.open_menu(ACCOUNT_MENU)
    page.locator("#language-switcher").get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    session.open_menu(ACCOUNT_MENU)
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(session.base + "/accounts/login/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()

    assert not [e for e in session.console_errors if "Content Security Policy" in e], session.console_errors
    assert session.foreign_requests == []


def test_a_wrong_password_shows_the_error_in_chinese(session, e2e_world):
    session.sign_in("org_admin", "Wrong-pass-1")
    expect(session.page.locator(".alert-danger, .invalid-feedback, .alert-block")).to_contain_text("用户名或密码错误")
