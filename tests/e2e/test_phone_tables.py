"""At 375 px the ledger and the plan pages keep their essential columns readable: no header broken over lines,
no column one character a line, no table scrolling sideways, and a month field wide enough for its month."""

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from skilled_township.accounts.roles import Role
from skilled_township.learning.models import PlanRule, StudyRecord, StudyReport
from skilled_township.learning.services import plans
from skilled_township.skills.models import Demand, TownshipRequiredSkill

from .. import factories

#: Headers that break over lines, cells one character a line, tables wider than their box, month fields
#: narrower than the longest month they may show ("September 2026"), and how far the page scrolls sideways.
LAYOUT_PROBLEMS = """() => {
  const visible = (el) => el.offsetParent !== null && el.textContent.trim() !== "";
  // The lines a cell's text takes: the distinct tops of the boxes its characters are laid out in.
  const lines = (el) => {
    const tops = new Set();
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        if (!node.data[i].trim()) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        for (const rect of range.getClientRects()) tops.add(Math.round(rect.top));
      }
    }
    return Math.max(1, tops.size);
  };
  const problems = [];
  for (const th of document.querySelectorAll("main table th")) {
    if (visible(th) && lines(th) > 1) problems.push("header over " + lines(th) + " lines: " + th.textContent.trim());
  }
  for (const td of document.querySelectorAll("main table td")) {
    const text = td.textContent.trim();
    if (visible(td) && text.length > 1 && text.length / lines(td) < 2) problems.push("one character a line: " + text);
  }
  for (const box of document.querySelectorAll("main .table-responsive")) {
    const wider = box.scrollWidth - box.clientWidth;
    if (wider > 1) problems.push("table scrolls sideways by " + wider);
  }
  const canvas = document.createElement("canvas").getContext("2d");
  for (const input of document.querySelectorAll("main input[type=month]")) {
    if (!input.offsetParent) continue;
    const style = getComputedStyle(input);
    canvas.font = style.font;
    const needed = canvas.measureText("September 2026").width + 24;  // the text and the calendar button
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (room < needed) problems.push("month field " + Math.round(room) + "px for " + Math.round(needed) + "px");
  }
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  if (overflow > 1) problems.push("page scrolls sideways by " + overflow);
  return problems;
}"""


@pytest.fixture
def township_in_use(e2e_world):
    """高村镇 with a plan rule per category, required and elective skills, plans, a month of study and 述学."""
    today = timezone.localdate()
    economy = factories.skill_category("economy", "发展经济", 1)
    stability = factories.skill_category("stability", "维护社会稳定", 2)
    names = ["柑桔栽培与管理", "生猪养殖", "芷江鸭养殖", "农村电子商务"]
    skills = [factories.skill(f"JJ{n:02d}", name, economy) for n, name in enumerate(names)]
    skills.append(factories.skill("WW01", "矛盾纠纷调解与信访接待", stability))
    rule = PlanRule.objects.create(region=e2e_world["city"], year=today.year, min_electives=2)
    plans.set_category_minimums(rule, {economy: 1, stability: 1})
    TownshipRequiredSkill.objects.create(township=e2e_world["gaocun"], year=today.year, skill=skills[0])
    cadres = [
        factories.cadre(e2e_world["gaocun"], name)
        for name in ["龙建国", "欧阳晓明", "张伟", "张伟", "田志强", "马小兵", "向晓东", "杨秀英"]
    ]
    for n, cadre in enumerate(cadres):
        StudyRecord.objects.create(
            cadre=cadre,
            studied_on=today,
            hours=Decimal("12.5"),
            skill=skills[n % 5],
            mode="base_practice",
            notes="在示范基地学习了柑桔春季修剪和病虫害绿色防控。",
        )
        StudyReport.objects.create(
            cadre=cadre, month=today.replace(day=1), learned="柑桔修剪", applied="帮三户村民修剪果树", review="写得实在"
        )
        if n % 2:
            plans.save_plan(cadre, today.year, [(skills[1], 2), (skills[4], 3)])
    village = e2e_world["gaocun"].children.first()
    Demand.objects.create(village=village, skill=skills[1], source="visit", recorded_on=today, headcount=12)
    return {"cadres": cadres, "month": f"{today:%Y-%m}", "year": today.year}


def test_the_ledger_and_plan_pages_stay_readable_on_a_phone(phone_session, e2e_world, township_in_use):
    session = phone_session
    factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, e2e_world["gaocun"])
    month, year = township_in_use["month"], township_in_use["year"]
    planned = township_in_use["cadres"][1]
    pages = {
        "secretary_gaocun": [
            f"/learning/study/?month={month}",
            "/learning/plans/",
            f"/learning/plans/{planned.pk}/{year}/",
            f"/learning/monthly/?month={month}",
            f"/learning/reports/?month={month}",
            "/learning/study/session/",
            "/learning/demand-gap/",
        ],
        "org_admin": ["/learning/rules/", f"/learning/study/?month={month}", "/learning/demand-gap/"],
    }
    found = {}
    for username, paths in pages.items():
        session.context.clear_cookies()
        session.sign_in(username)
        for path in paths:
            session.open(path)
            problems = session.page.evaluate(LAYOUT_PROBLEMS)
            if problems:
                found[f"{username} {path}"] = problems
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_ledgers_month_filter_and_columns_on_a_phone(phone_session, e2e_world, township_in_use):
    session = phone_session
    factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, e2e_world["gaocun"])
    session.sign_in("secretary_gaocun")
    session.open(f"/learning/study/?month={township_in_use['month']}")
    page = session.page
    assert page.locator("input[name=month]").input_value() == township_in_use["month"]
    headers = [text.strip() for text in page.locator("main table thead th:visible").all_inner_texts()]
    # The essential columns; the mode from a larger phone up, the township and notes from a tablet up.
    assert headers == ["学习日期", "干部", "技能", "学时", ""]
    first = page.locator("main table tbody tr").first.locator("td:visible").all_inner_texts()
    assert first[0] == timezone.localdate().isoformat() and first[3] == "12.5"
