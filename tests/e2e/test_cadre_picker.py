"""A secretary of a large township logs study on a phone: two 张伟 of the township, told apart by the ID's last
four digits, found by typing."""

from playwright.sync_api import expect

from skilled_township.accounts.roles import Role
from skilled_township.cadres.models import Position
from skilled_township.cadres.widgets import PLAIN_LIST_MAX
from skilled_township.learning.models import StudyRecord

from .. import factories


def test_a_secretary_types_a_name_and_picks_the_right_namesake_on_a_phone(phone_session, e2e_world):
    session, page = phone_session, phone_session.page
    gaocun = e2e_world["gaocun"]
    factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, gaocun)
    for k in range(PLAIN_LIST_MAX):  # too many cadres for a plain list
        factories.cadre(gaocun, f"干部{k:02d}")
    factories.cadre(gaocun, "张伟")
    wanted = factories.cadre(gaocun, "张伟", position=Position.STATION_HEAD)
    factories.cadre(e2e_world["lvjiaping"], "张伟")  # another township's: never offered
    factories.skill("JJ02", "柑桔栽培与管理")
    digits = wanted.id_number[-4:]

    session.sign_in("secretary_gaocun")
    session.open_menu()
    page.locator("#main-nav").get_by_role("link", name="学习台账").click()
    page.get_by_role("link", name="新增").click()

    cadre = page.locator("select[name=cadre]")
    expect(cadre.locator("option")).to_have_count(1)  # nothing listed before a search
    page.get_by_role("searchbox", name="搜索干部").press_sequentially("张伟", delay=50)
    expect(cadre.locator("option")).to_have_count(3)
    labels = cadre.locator("option").all_inner_texts()
    assert labels[0] == "找到 2 位，请选择"
    assert all("高村镇" in label for label in labels[1:]), labels
    cadre.select_option(label=f"张伟 · 站所负责人 · 高村镇 · ****{digits}")
    page.fill("input[name=hours]", "2")
    page.select_option("select[name=skill]", label="柑桔栽培与管理")
    page.select_option("select[name=mode]", label="课堂教学")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the form scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.locator(".alert-success")).to_be_visible()
    assert StudyRecord.objects.get().cadre == wanted
    assert session.console_errors == []
    assert session.foreign_requests == []
