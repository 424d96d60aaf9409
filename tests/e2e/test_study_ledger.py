"""A township secretary logs a study record from a phone, in the field."""

from playwright.sync_api import expect

from skilled_township.accounts.roles import Role
from skilled_township.learning.models import StudyRecord

from .. import factories


def test_a_secretary_logs_a_study_record_on_a_phone(phone_session, e2e_world):
    session = phone_session
    factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, e2e_world["gaocun"])
    cadre = factories.cadre(e2e_world["gaocun"], "龙建国")
    factories.cadre(e2e_world["lvjiaping"], "外镇干部")
    factories.skill("JJ02", "柑桔栽培与管理")

    page = session.page
    session.sign_in("secretary_gaocun")
    session.open_menu()
    page.locator("#main-nav").get_by_role("link", name="学习台账").click()
    page.get_by_role("link", name="新增").click()

    cadre_select = page.locator("select[name=cadre]")
    options = cadre_select.locator("option").all_inner_texts()
    # Each cadre is named with position, township and the ID's last four digits (namesakes are told apart).
    ours = f"龙建国 · 一般干部 · 高村镇 · ****{cadre.id_number[-4:]}"
    assert ours in options and not any("外镇干部" in option for option in options)
    cadre_select.select_option(label=ours)
    page.fill("input[name=hours]", "2.5")
    page.select_option("select[name=skill]", label="柑桔栽培与管理")
    page.select_option("select[name=mode]", label="基地实践")
    page.fill("textarea[name=notes]", "在示范基地学习了柑桔修剪。")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the form scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("table tbody tr", has_text="龙建国")).to_contain_text("基地实践")
    record = StudyRecord.objects.get(cadre=cadre)
    assert str(record.hours) == "2.5" and record.notes == "在示范基地学习了柑桔修剪。"
    assert record.studied_on.isoformat() == page.evaluate(
        "new Date().toLocaleDateString('sv-SE', {timeZone: 'Asia/Shanghai'})"
    )
