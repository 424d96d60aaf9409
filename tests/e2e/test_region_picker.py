"""A city-wide admin records villagers' demand on a phone: first the township, then one of its villages."""

from playwright.sync_api import expect

from skilled_township.skills.models import Demand

from .. import factories


def test_an_admin_picks_a_township_then_one_of_its_villages_on_a_phone(phone_session, e2e_world):
    session, page = phone_session, phone_session.page
    gaocun, lvjiaping = e2e_world["gaocun"], e2e_world["lvjiaping"]
    factories.region("431226101202", "楠木桥村", gaocun)
    factories.region("431226102202", "新寨村", lvjiaping)
    factories.skill("JJ02", "柑桔栽培与管理")

    session.sign_in("org_admin")
    session.open_menu()
    page.locator("#main-nav").get_by_role("link", name="群众需求").click()
    page.get_by_role("link", name="新增").click()

    village = page.locator("select[name=village]")
    expect(village.locator("option")).to_have_count(1)  # nothing to pick before the township
    page.select_option("select[name=township]", label="吕家坪镇")
    expect(village.locator("option")).to_have_text(["- 请选择 -", "吕家坪村", "新寨村"])
    page.select_option("select[name=township]", label="高村镇")
    expect(village.locator("option")).to_have_text(["- 请选择 -", "锦和村", "楠木桥村"])
    village.select_option(label="楠木桥村")
    page.fill("input[name=household_name]", "杨大伯")
    page.select_option("select[name=skill]", label="柑桔栽培与管理")
    page.fill("input[name=headcount]", "3")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the form scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="保存").click()

    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("table tbody tr", has_text="杨大伯")).to_contain_text("楠木桥村")
    demand = Demand.objects.get(household_name="杨大伯")
    assert (demand.village.name, demand.headcount) == ("楠木桥村", 3)
    assert session.console_errors == []
    assert session.foreign_requests == []
