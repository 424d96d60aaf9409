"""A secretary opens a cadre's account and prints the first password; the cadre signs in on a phone, sets a
password of their own and logs a study session for themselves."""

from playwright.sync_api import expect

from skilled_township.accounts.roles import Role
from skilled_township.learning.models import StudyRecord

from .. import factories
from .conftest import PHONE, BrowserSession


def test_a_cadre_gets_an_account_and_logs_study_on_a_phone(browser, live_server, phone_session, e2e_world):
    factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, e2e_world["gaocun"])
    cadre = factories.cadre(e2e_world["gaocun"], "龙建国")
    factories.cadre(e2e_world["gaocun"], "田秀英", male=False)
    factories.skill("JJ02", "柑桔栽培与管理")

    office = BrowserSession(browser, live_server, PHONE, "cadre-account-office")
    try:
        office.sign_in("secretary_gaocun")
        office.open("/cadres/")
        office.page.get_by_test_id("open-accounts").click()
        office.page.get_by_label("龙建国").check()
        office.page.get_by_role("button", name="为所选干部开通").click()
        row = office.page.get_by_test_id("issued-accounts").locator("tbody tr")
        expect(row).to_have_count(1)
        name, username, password = (cell.strip() for cell in row.locator("td").all_inner_texts())
        assert name == "龙建国" and username == f"c{cadre.pk}"
        overflow = office.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the printed list scrolls sideways by {overflow}px on a phone"
    finally:
        office.close(failed=False)

    session = phone_session
    page = session.page
    session.sign_in(username, password)
    expect(page.get_by_test_id("must-change-password")).to_be_visible()
    page.fill("input[name=old_password]", password)
    page.fill("input[name=new_password1]", "Long-jian-guo-7")
    page.fill("input[name=new_password2]", "Long-jian-guo-7")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="返回首页").click()

    expect(page.get_by_role("heading", name="我的学习")).to_be_visible()
    page.get_by_test_id("log-study").click()
    assert page.locator("select[name=cadre]").count() == 0
    page.fill("input[name=hours]", "1.5")
    page.select_option("select[name=skill]", label="柑桔栽培与管理")
    page.select_option("select[name=mode]", label="个人自学")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_test_id("month")).to_contain_text("柑桔栽培与管理")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"my learning scrolls sideways by {overflow}px on a phone"
    assert StudyRecord.objects.get().cadre == cadre
    session.open_menu()
    menu = page.locator("#main-nav .dropdown-item").all_inner_texts()
    assert "干部名册" not in menu and "我的学习" in menu
    assert not session.console_errors and not session.foreign_requests
