"""The demand-gap page draws its chart from vendored ECharts, under the Content-Security-Policy."""

from django.utils import timezone
from playwright.sync_api import expect

from skilled_township.accounts.roles import Role
from skilled_township.skills.models import Demand

from .. import factories


def test_the_gap_chart_renders(session, e2e_world):
    factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, e2e_world["gaocun"])
    village = e2e_world["gaocun"].children.get()
    for code, name, people in (("JJ11", "生猪养殖", 6), ("JJ02", "柑桔栽培与管理", 3)):
        Demand.objects.create(
            village=village,
            skill=factories.skill(code, name),
            source="visit",
            recorded_on=timezone.localdate(),
            headcount=people,
        )
    session.sign_in("secretary_gaocun")
    session.open("/learning/demand-gap/")
    expect(session.page.locator("#gap-table tbody tr").first).to_contain_text("生猪养殖")
    expect(session.page.locator("#gap-chart canvas")).to_be_visible()
    assert not [e for e in session.console_errors if "Content Security Policy" in e], session.console_errors
    assert session.console_errors == []
    assert session.foreign_requests == []
