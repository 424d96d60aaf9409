"""A reviewer scores a township on a phone and submits; the organisation department enters the satisfaction
survey, closes the round and publishes it; the results page shows the township's total and grade."""

from playwright.sync_api import expect

from skilled_township.accounts.roles import Role
from skilled_township.assessment.services import assignments, rounds, scoring

from .. import factories
from ..assessment.builders import full_marks


def test_a_reviewer_scores_and_submits_the_admin_closes_and_publishes_and_the_grade_shows(phone_session, e2e_world):
    session, page = phone_session, phone_session.page
    admin, gaocun = e2e_world["org_admin"], e2e_world["gaocun"]
    reviewer_a = factories.user("reviewer_a", Role.REVIEWER, e2e_world["city"])
    reviewer_b = factories.user("reviewer_b", Role.REVIEWER, e2e_world["city"])
    round = rounds.create_round(e2e_world["city"], 2025, by=admin)
    for reviewer in (reviewer_a, reviewer_b):
        assignments.assign(round, gaocun, reviewer, by=admin)
    round = rounds.open_scoring(round, by=admin)
    other = round.assignments.get(reviewer=reviewer_b)
    scoring.save_sheet(other, full_marks(other), version=0, by=reviewer_b, submit=True)

    # The reviewer: 90% of each maximum, in half points (79.5 in all), on a phone.
    session.sign_in("reviewer_a")
    session.open_menu()
    page.locator("#main-nav").get_by_role("link", name="我的评分表").click()
    page.get_by_role("link", name="高村镇").click()
    expect(page.get_by_test_id("figure-operating_bases")).to_be_visible()
    inputs = page.locator("input[name^=points_]")
    for index in range(inputs.count()):
        field = inputs.nth(index)
        maximum = float(field.get_attribute("max"))
        field.fill(str(int(maximum * 0.9 * 2) / 2))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the score sheet scrolls sideways by {overflow}px on a phone"
    page.get_by_test_id("submit-sheet").click()
    expect(page.get_by_test_id("sheet-status")).to_have_text("已提交")

    # The organisation department: the survey (10 × (45 + 0.5 × 5) / 50 = 9.5), close, publish.
    session.context.clear_cookies()
    session.sign_in("org_admin")
    session.open(round.get_absolute_url())
    page.get_by_role("link", name="录入满意度测评").click()
    expect(page.get_by_test_id("formula")).to_contain_text("0.5 × 基本满意人数")
    page.fill("input[name=conducted_on]", "2025-12-01")
    page.fill("input[name=respondents]", "50")
    page.fill("input[name=satisfied]", "45")
    page.fill("input[name=basically_satisfied]", "5")
    page.fill("input[name=dissatisfied]", "0")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_test_id("close-round").click()
    expect(page.get_by_test_id("round-status")).to_have_text("已结束")
    page.get_by_test_id("publish-round").click()
    expect(page.get_by_test_id("round-status")).to_have_text("已发布")

    page.get_by_role("link", name="考核结果").click()
    page.get_by_role("link", name="高村镇").click()
    expect(page.get_by_test_id("total")).to_have_text("89.00")
    expect(page.get_by_test_id("grade")).to_have_text("良好")
    assert not session.console_errors and not session.foreign_requests
