"""The organisation department sees, on a phone, which secondments end within 60 days, and posts a first
secretary to a village."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from skilled_township.cadres.models import Secondment
from skilled_township.regions.models import Region

from .. import factories


def assert_fits(page) -> None:
    """Neither the page nor the table inside its scrolling box is wider than the phone."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the secondment list scrolls sideways by {overflow}px on a phone"
    box = page.locator(".table-responsive")
    inner = box.evaluate("box => box.scrollWidth - box.clientWidth")
    assert inner <= 1, f"the secondment table is {inner}px wider than a phone"


def test_an_admin_follows_the_ending_soon_notice_and_posts_a_first_secretary_on_a_phone(phone_session, e2e_world):
    session, page = phone_session, phone_session.page
    today = timezone.localdate()
    soon = Secondment.objects.create(
        cadre=factories.cadre(e2e_world["gaocun"], "龙科技"),
        kind="tech_deputy",
        sending_unit="湖南农业大学园艺园林学院柑桔研究所",
        start_date=today - datetime.timedelta(days=600),
        end_date=today + datetime.timedelta(days=30),
        team_members="刘红",
    )
    Secondment.objects.create(
        cadre=factories.cadre(e2e_world["lvjiaping"], "田科技"),
        kind="tech_deputy",
        sending_unit="怀化职业技术学院",
        start_date=today - datetime.timedelta(days=100),
    )
    newcomer = factories.cadre(e2e_world["gaocun"], "杨书记")

    session.sign_in("org_admin")
    notice = page.locator("[data-notice=secondments-ending]")
    expect(notice).to_contain_text("1名挂职干部的任期将在60天内届满")
    notice.click()

    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("龙科技")
    expect(rows.first.get_by_test_id("ending-soon")).to_have_text("还剩30天")
    assert_fits(page)

    # The whole list, then a first secretary registered from a cadre's page.
    session.open(f"/cadres/{newcomer.pk}/secondments/add/")
    page.select_option("select[name=kind]", label="第一书记")
    page.select_option("select[name=village]", label="锦和村")
    page.fill("input[name=sending_unit]", "怀化市农业农村局")
    page.fill("input[name=start_date]", today.isoformat())
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the secondment form scrolls sideways by {overflow}px on a phone"
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_test_id("secondment")).to_contain_text("驻村：锦和村")

    session.open("/cadres/secondments/")
    expect(page.locator("table tbody tr")).to_have_count(3)
    assert_fits(page)
    posted = Secondment.objects.get(cadre=newcomer)
    assert posted.village == Region.objects.get(name="锦和村") and soon.pk != posted.pk
