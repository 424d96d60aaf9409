"""The education structure drills down from the city to a township, and its tables stay readable on a phone:
the essential columns fit the screen and no header breaks into one character per line."""

from playwright.sync_api import expect

from skilled_township.cadres.models import Education

from .. import factories

#: Columns that must stay on screen at 375 px, per table.
ESSENTIAL = {
    "education-table": ["干部群体", "人数", "达标", "比例", "目标"],
    "children-table": ["#", "差额", "未达标群体"],
}


def roster(e2e_world):
    for township in (e2e_world["gaocun"], e2e_world["lvjiaping"]):
        for n, (position, education) in enumerate(
            [
                ("party_secretary", Education.JUNIOR_COLLEGE),
                ("leadership", Education.SENIOR_HIGH),
                ("staff", Education.BACHELOR),
                ("village_secretary", Education.JUNIOR_HIGH),
            ]
        ):
            factories.cadre(township, f"{township.name}{n}", position=position, education=education)
    factories.cadre(e2e_world["gaocun"], "村干部", position="village_cadre", education=1, reserve_level="village")


def check_tables(session, ids):
    page = session.page
    for table_id in ids:
        table = page.locator(f"#{table_id}")
        expect(table).to_be_visible()
        headers = table.locator("thead th:visible")
        texts = [text.strip() for text in headers.all_inner_texts()]
        if table_id == "children-table":
            assert texts[1] in ("县（市、区）", "乡镇")
        for name in ESSENTIAL[table_id]:
            assert name in texts, f"{table_id}: {name} not shown among {texts}"
        # One line per header: no header as tall as two lines of its text.
        for box in headers.evaluate_all(
            "cells => cells.map(c => ({text: c.innerText, h: c.getBoundingClientRect().height,"
            " line: parseFloat(getComputedStyle(c).lineHeight) || 1.5 * parseFloat(getComputedStyle(c).fontSize)}))"
        ):
            assert box["h"] < 1.9 * box["line"] + 8, f"{table_id}: header {box['text']} wraps ({box})"
        # The names (groups, regions) keep at least four characters on a line.
        for width in table.locator("tbody .name-cell").evaluate_all(
            "cells => cells.map(c => c.getBoundingClientRect().width / parseFloat(getComputedStyle(c).fontSize))"
        ):
            assert width >= 4, f"{table_id}: a name column {width:.1f} characters wide"
        # The table fits its card: nothing to scroll sideways to read.
        overflow = table.evaluate("t => t.scrollWidth - t.parentElement.clientWidth")
        assert overflow <= 1, f"{table_id} needs {overflow}px of sideways scrolling"
    if session.is_phone:
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1


def test_the_education_structure_drills_down_and_reads_on_a_phone(session, e2e_world):
    roster(e2e_world)
    page = session.page
    session.sign_in("org_admin")
    session.open("/cadres/education/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("怀化市")
    check_tables(session, ["education-table", "children-table"])

    page.locator("#children-table").get_by_role("link", name="麻阳苗族自治县").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("麻阳苗族自治县")
    check_tables(session, ["education-table", "children-table"])
    expect(page.locator("#children-table tbody tr")).to_have_count(2)
    # 高村镇 has a village reserve (初中) more short than 吕家坪镇: it comes first.
    expect(page.locator("#children-table tbody tr").first).to_contain_text("高村镇")

    page.locator("#children-table").get_by_role("link", name="高村镇").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("高村镇")
    check_tables(session, ["education-table"])
    expect(page.locator("#children-table")).to_have_count(0)
    row = page.locator('#education-table tr[data-group="party_secretary"]')
    expect(row).to_contain_text("0.0%")
    expect(row).to_contain_text("未达标")

    page.get_by_test_id("trail").get_by_role("link", name="怀化市").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("怀化市")
    assert session.console_errors == []
    assert session.foreign_requests == []
