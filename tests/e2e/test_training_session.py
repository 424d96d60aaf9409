"""A township secretary schedules a session on a phone, ticks who came, and the cadres' ledgers show the hours."""

from playwright.sync_api import expect

from skilled_township.accounts.roles import Role
from skilled_township.learning.models import StudyRecord
from skilled_township.training.models import TrainingPlan

from .. import factories


def test_a_secretary_schedules_a_session_ticks_attendance_and_the_ledgers_show_the_hours(phone_session, e2e_world):
    session = phone_session
    page = session.page
    gaocun = e2e_world["gaocun"]
    factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, gaocun)
    longjianguo = factories.cadre(gaocun, "龙建国")
    zhangmin = factories.cadre(gaocun, "张敏")
    factories.cadre(gaocun, "缺席者")
    factories.skill("JJ02", "柑桔栽培与管理")
    today = page.evaluate("new Date().toLocaleDateString('sv-SE', {timeZone: 'Asia/Shanghai'})")
    TrainingPlan.objects.create(
        township=gaocun,
        year=int(today[:4]),
        content="柑桔栽培",
        target_trainees="全体镇干部",
        goals="人人会修剪",
        planned_sessions=6,
    )

    session.sign_in("secretary_gaocun")
    session.open_menu()
    page.locator("#main-nav").get_by_role("link", name="培训课次").click()
    page.get_by_role("link", name="新增").click()
    page.fill("input[name=date]", today)
    page.fill("input[name=start_time]", "00:00")
    page.fill("input[name=end_time]", "02:30")
    page.fill("input[name=hours]", "2.5")
    page.select_option("select[name=mode]", label="基地实践")
    page.fill("input[name=topic]", "柑桔春季修剪")
    page.select_option("select[name=skill]", label="柑桔栽培与管理")
    page.select_option("select[name=instructor_kind]", label="外请专家")
    page.fill("input[name=instructor_name]", "唐研究员")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the session form scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.get_by_test_id("checkin-qr").locator("svg")).to_be_visible()
    page.get_by_test_id("take-attendance").click()
    page.get_by_label("龙建国 · 一般干部").check()
    page.get_by_label("张敏 · 一般干部").check()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the attendance page scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="保存出勤").click()

    expect(page.locator(".alert-success")).to_contain_text("新增 2 人")
    expect(page.get_by_test_id("attendance")).to_contain_text("张敏")
    session.open_menu()
    page.locator("#main-nav").get_by_role("link", name="学习台账").click()
    for name in ("龙建国", "张敏"):
        row = page.locator("table tbody tr", has_text=name)
        expect(row).to_contain_text("2.5")
        expect(row).to_contain_text("柑桔春季修剪")
    expect(page.locator("table tbody tr", has_text="缺席者")).to_have_count(0)
    hours = {r.cadre.name: str(r.hours) for r in StudyRecord.objects.select_related("cadre")}
    assert hours == {longjianguo.name: "2.5", zhangmin.name: "2.5"}
    assert not session.console_errors and not session.foreign_requests
