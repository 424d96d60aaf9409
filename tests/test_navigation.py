"""The menu: grouped by area, each role sees exactly the pages it may open, the current page is marked."""

import re

import pytest
from django.urls import reverse

from skilled_township.core.navigation import MenuGroup, MenuItem, declared_items, menu_for

NAV_LINK = re.compile(r'<a class="dropdown-item[^"]*" href="([^"]+)"')


def nav_hrefs(html: str) -> list[str]:
    """The page links of the main menu, in the order they are shown (the account menu's are left out)."""
    nav = html[html.index('id="main-nav"') : html.index('data-group="account"')]
    return NAV_LINK.findall(nav)


def test_groups_are_shown_in_their_fixed_order_with_the_items_each_app_placed_there(world, org_admin):
    menu = menu_for(org_admin)
    assert [section["group"] for section in menu] == [
        MenuGroup.REGIONS,
        MenuGroup.CADRES,
        MenuGroup.LEARNING,
        MenuGroup.TRAINING,
        MenuGroup.CERTIFICATES,
        MenuGroup.PAIRING,
        MenuGroup.ASSESSMENT,
    ]
    assert [str(section["label"]) for section in menu] == [
        "区划与账号",
        "干部",
        "学习",
        "培训",
        "证书",
        "结对帮扶",
        "考核",
    ]
    assert {section["group"]: [item.url_name for item in section["items"]] for section in menu} == {
        # Regions and accounts come from two apps into one group.
        MenuGroup.REGIONS: ["regions:region_tree", "regions:pilot_list", "accounts:user_list", "accounts:audit_list"],
        MenuGroup.CADRES: [
            "cadres:cadre_list",
            "cadres:secondment_list",
            "cadres:transfer_list",
            "cadres:education",
            "cadres:target_list",
        ],
        # The catalogue, the year's required skills and villagers' demand decide what cadres learn.
        MenuGroup.LEARNING: [
            "skills:skill_list",
            "skills:required_list",
            "skills:demand_list",
            "learning:plan_overview",
            "learning:study_list",
            "learning:report_list",
            "learning:monthly",
            "learning:demand_gap",
            "learning:rule_list",
        ],
        MenuGroup.TRAINING: [
            "training:session_list",
            "training:calendar",
            "training:plan_list",
            "training:progress",
            "training:base_list",
            "training:allocation_list",
            "training:disbursement_list",
            "training:fund_summary",
        ],
        MenuGroup.CERTIFICATES: [
            "certifications:appraisal_list",
            "certifications:certificate_list",
            "certifications:compliance",
            "certifications:talent_pool",
            "certifications:cards",
            "certifications:request_list",
            "certifications:ledger_list",
            "certifications:profile_list",
        ],
        # The village income line is the target of the assisted households.
        MenuGroup.PAIRING: [
            "regions:income_list",
            "pairing:household_list",
            "pairing:skill_share",
            "pairing:pairing_list",
            "pairing:handover_list",
            "pairing:at_risk",
            "pairing:target_summary",
            "pairing:visit_list",
            "pairing:norm_report",
            "pairing:norm_list",
        ],
        # Score sheets are the reviewers'.
        MenuGroup.ASSESSMENT: [
            "assessment:round_list",
            "assessment:grade_list",
            "assessment:appeal_list",
            "assessment:star_list",
            "assessment:deputy_list",
        ],
    }


def test_a_group_without_an_item_the_role_may_open_is_not_shown(world, hr_appraiser, secretary_of_gaocun):
    appraiser_groups = [section["group"] for section in menu_for(hr_appraiser)]
    assert MenuGroup.REGIONS in appraiser_groups  # the region tree and pilots are open to every role
    assert MenuGroup.TRAINING not in appraiser_groups
    secretary = {section["group"]: section["items"] for section in menu_for(secretary_of_gaocun)}
    assert [item.url_name for item in secretary[MenuGroup.REGIONS]] == ["regions:region_tree", "regions:pilot_list"]
    assert MenuGroup.ASSESSMENT not in appraiser_groups and MenuGroup.REPORTS not in secretary
    # A secretary reads the rounds (and their township's published result), but scores nothing.
    assert [item.url_name for item in secretary[MenuGroup.ASSESSMENT]] == [
        "assessment:round_list",
        "assessment:grade_list",
        "assessment:star_list",
        "assessment:deputy_list",
    ]


def test_every_role_is_shown_exactly_the_items_it_may_open_and_each_opens(world, personas, client_as):
    everything = list(declared_items())
    for role, user in personas.items():
        client = client_as(user)
        html = client.get(reverse("home"), follow=True).content.decode()
        if user is None:
            assert 'id="main-nav"' not in html and menu_for(None) == []
            continue
        allowed = [item.url for item in everything if user.has_role_perm(item.permission)]
        shown = nav_hrefs(html)
        assert sorted(shown) == sorted(allowed), role
        refused = {item.url for item in everything} - set(allowed)
        assert not refused & set(shown), role
        for url in shown:
            assert client.get(url, follow=True).status_code == 200, (role, url)


def test_the_secretary_sees_no_account_administration(world, secretary_of_gaocun, leader, client_as):
    for user in (secretary_of_gaocun, leader):
        shown = nav_hrefs(client_as(user).get(reverse("home")).content.decode())
        assert reverse("regions:pilot_list") in shown
        assert reverse("accounts:user_list") not in shown and reverse("accounts:audit_list") not in shown


def test_the_current_page_and_its_group_are_marked(world, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    ledger = reverse("learning:study_list")
    html = client.get(ledger).content.decode()
    assert re.search(rf'class="dropdown-item active" href="{ledger}"\s+aria-current="page"', html)
    assert html.count('aria-current="page"') == 1
    learning_toggle = re.search(r'data-group="learning">.*?<button[^>]*class="([^"]*)"', html, re.S)
    cadres_toggle = re.search(r'data-group="cadres">.*?<button[^>]*class="([^"]*)"', html, re.S)
    assert "active" in learning_toggle.group(1).split() and "active" not in cadres_toggle.group(1).split()

    # A page opened from a list keeps the list's item marked, as the place the user is in, not as the page.
    form = client.get(reverse("learning:study_create")).content.decode()
    assert re.search(rf'class="dropdown-item active" href="{ledger}"\s+aria-current="true"', form)
    assert 'aria-current="page"' not in form


def test_phones_get_an_off_canvas_menu_and_the_account_menu_on_both_layouts(world, secretary_of_gaocun, client_as):
    page = client_as(secretary_of_gaocun).get(reverse("home")).content.decode()
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert 'data-bs-toggle="offcanvas" data-bs-target="#main-nav"' in page
    assert 'class="offcanvas offcanvas-end" tabindex="-1" id="main-nav"' in page
    account = page[page.index('data-group="account"') :]
    assert 'id="language-switcher"' in account
    assert reverse("accounts:password_change") in account and reverse("accounts:logout") in account
    assert "<script>" not in page  # no inline script: the CSP allows only the vendored files


def test_signed_out_visitors_get_the_language_switch_but_no_menu(db, client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'id="language-switcher"' in page and 'id="main-nav"' not in page


def test_a_menu_item_must_name_one_of_the_groups():
    with pytest.raises(ValueError, match="unknown group"):
        MenuItem("x", "home", "regions.view", group="somewhere")
    with pytest.raises(TypeError):
        MenuItem("x", "home", "regions.view")


def test_date_filters_offer_the_date_picker_and_regions_show_with_their_county(world, org_admin, client_as):
    client = client_as(org_admin)
    audit = client.get(reverse("accounts:audit_list")).content.decode()
    assert audit.count('type="date"') == 2  # 起始日期 and 截止日期
    account_form = client.get(reverse("accounts:user_create")).content.decode()
    assert "麻阳苗族自治县 高村镇" in account_form


def test_the_home_page_groups_its_cards_by_area_like_the_menu(world, org_admin, client_as):
    page = client_as(org_admin).get(reverse("home"))
    headings = re.findall(
        r'<h2 class="h6 text-body-secondary mb-2" id="area-[a-z_]+">([^<]+)</h2>', page.content.decode()
    )
    assert headings == [str(section["label"]) for section in menu_for(org_admin)]
    assert reverse("cadres:cadre_list") in page.content.decode().split('id="area-cadres"')[1].split("<section")[0]
