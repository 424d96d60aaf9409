"""The menu holds forty entries: one navbar row of dropdowns on a desktop, an off-canvas panel on a phone.

The pages to come (more of the regions, cadres, learning and the assessment, and the reports) are stood in for by
extra menu items added to the live server's menu, so every group is filled the way it will be.
"""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

from skilled_township.accounts.roles import Role
from skilled_township.core import navigation
from skilled_township.core.navigation import MenuGroup, MenuItem

from .. import factories
from .conftest import ACCOUNT_MENU, BrowserSession

#: Pages of the apps to come, by group; each opens a page every role may see, so the links work.
COMING = {
    MenuGroup.REGIONS: ["区划代码导入"],
    MenuGroup.CADRES: ["挂职科技副镇长", "干部年度述职"],
    MenuGroup.LEARNING: ["述学记录"],
    MenuGroup.REPORTS: ["年度评估报告", "全市评估报告"],
}
OPEN_TO_ALL = ("regions:region_tree", "regions:pilot_list", "skills:skill_list", "cadres:cadre_list")
#: Pages only the organisation department may open: a secretary must not be shown them.
ADMIN_ONLY = {MenuGroup.ASSESSMENT: ["考核结果", "干部等次", "学用之星"], MenuGroup.REPORTS: ["指标看板"]}


def coming_items() -> list[MenuItem]:
    items = [
        MenuItem(label, OPEN_TO_ALL[n % len(OPEN_TO_ALL)], "regions.view", group=group)
        for n, (group, label) in enumerate((g, label) for g, labels in COMING.items() for label in labels)
    ]
    items += [
        MenuItem(label, "accounts:user_list", "accounts.manage", group=group)
        for group, labels in ADMIN_ONLY.items()
        for label in labels
    ]
    return items


@pytest.fixture
def full_menu(monkeypatch):
    declared = navigation.declared_items
    monkeypatch.setattr(navigation, "declared_items", lambda: [*declared(), *coming_items()])


def expected_links(user, language: str = "zh-hans") -> list[tuple[str, str]]:
    with translation.override(language):
        return [(str(item.label), item.url) for section in navigation.menu_for(user) for item in section["items"]]


def shown_links(page) -> list[tuple[str, str]]:
    """(label, address) of every page link of the menu, the account menu left out."""
    links = page.locator("#main-nav .menu-group:not([data-group=account]) a").evaluate_all(
        "links => links.map(a => [a.textContent.trim(), a.getAttribute('href')])"
    )
    return [(label, href) for label, href in links]


def navbar_height(page) -> float:
    return page.evaluate("document.querySelector('nav.navbar').getBoundingClientRect().height")


@pytest.fixture(params=["org_admin", "secretary"])
def person(request, e2e_world):
    if request.param == "secretary":
        return factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, e2e_world["gaocun"])
    return e2e_world["org_admin"]


def test_forty_entries_fit_and_every_one_the_role_may_open_is_reachable(full_menu, person, session):
    expected = expected_links(person)
    assert len(expected) >= 40
    page = session.page
    session.sign_in(person.username)
    expect(page.locator("nav.navbar .navbar-brand")).to_be_visible()
    height = navbar_height(page)
    assert height < 70, f"the navbar wraps: {height}px high"
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

    assert shown_links(page) == expected  # nothing the role may not open, in the menu's order
    if session.is_phone:
        every_link_in_the_off_canvas_panel(session, person)
    else:
        every_link_in_the_dropdowns(session, person)
    assert session.console_errors == [] and session.foreign_requests == []


def every_link_in_the_dropdowns(session, person):
    page = session.page
    tops = page.locator("nav.navbar .navbar-brand, #main-nav .dropdown-toggle:visible").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2))"
    )
    assert len(tops) == len(navigation.menu_for(person)) + 2  # the brand, each group, the account menu
    assert max(tops) - min(tops) <= 4, f"the menu takes more than one row: {tops}"
    for section in navigation.menu_for(person):
        page.locator(f'#main-nav [data-group="{section["group"]}"] > .dropdown-toggle').click()
        menu = page.locator(f'#main-nav [data-group="{section["group"]}"] > .dropdown-menu')
        for item in section["items"]:
            expect(menu.get_by_role("link", name=str(item.label), exact=True)).to_be_visible()
        page.keyboard.press("Escape")
        expect(menu).to_be_hidden()

    session.open_menu(ACCOUNT_MENU)
    expect(page.get_by_role("link", name="修改密码")).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    expect(page.locator("#language-switcher").get_by_role("button", name="English")).to_be_visible()


def every_link_in_the_off_canvas_panel(session, person):
    page = session.page
    session.open_menu()
    panel = page.locator("#main-nav").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 375
    for section in navigation.menu_for(person):
        group = page.locator(f'#main-nav [data-group="{section["group"]}"]')
        expect(group.get_by_role("heading", name=str(section["label"]), exact=True)).to_be_visible()
        for item in section["items"]:
            link = group.get_by_role("link", name=str(item.label), exact=True)
            expect(link).to_be_visible()
            box = link.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 200, (str(item.label), box)  # a thumb's target

    expect(page.get_by_role("link", name="修改密码")).to_be_visible()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    page.locator("#main-nav").get_by_role("link", name="学习台账", exact=True).click()
    expect(page.get_by_role("heading", name="学习台账")).to_be_visible()
    session.open_menu()
    expect(page.locator("#main-nav [aria-current=page]")).to_have_text("学习台账")


def test_english_labels_fit_one_row_at_the_narrowest_desktop_width(full_menu, e2e_world, browser, live_server):
    admin = e2e_world["org_admin"]
    session = BrowserSession(browser, live_server, {"viewport": {"width": 992, "height": 800}}, "menu-992-en")
    failed = True
    try:
        page = session.page
        session.sign_in(admin.username)
        session.open_menu(ACCOUNT_MENU)
        page.locator("#language-switcher").get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert navbar_height(page) < 70
        assert shown_links(page) == expected_links(admin, "en")
        assert page.evaluate("document.documentElement.scrollWidth") <= 992
        account = page.get_by_test_id("account-menu").bounding_box()
        assert account["x"] + account["width"] <= 992
        failed = False
    finally:
        session.close(failed)
