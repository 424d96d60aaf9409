"""A cadre on a phone opens 我的帮扶户 from the menu, reads their household's card, opens the household and starts
a visit log on it: cards fit 375 px, nothing scrolls sideways."""

import datetime

from playwright.sync_api import expect

from skilled_township.pairing.models import Household
from skilled_township.pairing.services import pairings
from skilled_township.regions.models import Region

from .. import factories


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_a_cadre_reads_their_households_on_a_phone_and_logs_a_visit(phone_session, e2e_world):
    village = Region.objects.get(code="431226101201")
    cadre = factories.cadre(e2e_world["gaocun"], "龙建国")
    factories.cadre_user("cadre_gaocun", cadre)
    household = Household.objects.create(
        village=village, head_name="杨秀英", id_number=factories.resident_id(), members=5, labour_members=2
    )
    pairing = pairings.pair(household, cadre, started_on=datetime.date(2025, 3, 1))

    session = phone_session
    page = session.page
    session.sign_in("cadre_gaocun")
    session.open_menu()
    page.locator("#main-nav").get_by_role("link", name="我的帮扶户", exact=True).click()
    expect(page.get_by_role("heading", name="我的帮扶户")).to_be_visible()

    card = page.get_by_test_id("household-card")
    expect(card).to_have_count(1)
    expect(card).to_be_visible()
    expect(card).to_contain_text("锦和村")
    expect(card).to_contain_text("5 口人")
    expect(card).to_contain_text("未录入")
    expect(card).to_contain_text("还没有走访")
    expect(page.get_by_test_id("household-table")).to_be_hidden()
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert overflow(page) <= 1, "我的帮扶户 scrolls sideways on a phone"

    card.get_by_role("link", name="杨秀英").click()
    expect(page.get_by_role("heading", name="杨秀英")).to_be_visible()
    expect(page.get_by_test_id("id-number")).to_have_text(household.masked_id_number)
    assert overflow(page) <= 1, "the household's page scrolls sideways on a phone"

    page.get_by_test_id("log-visit").click()
    expect(page.locator("select[name=pairing]")).to_have_value(str(pairing.pk))
    assert not session.console_errors and not session.foreign_requests
