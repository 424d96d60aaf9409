"""On a phone, a long list export first says how many rows match and prepares the file only when asked: the page
fits 375 px, opening it queues nothing, and 生成文件 leads to the file's page."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from skilled_township.core.models import GeneratedFile

from .. import factories


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_a_long_roster_export_is_confirmed_on_a_phone(phone_session, e2e_world, settings):
    settings.EXPORT_INLINE_ROWS = 1
    for name in ("龙建国", "杨晓梅", "舒文"):
        factories.cadre(e2e_world["gaocun"], name)

    session = phone_session
    page = session.page
    session.sign_in("org_admin")
    session.open(reverse("cadres:cadre_list"))
    page.get_by_role("link", name="导出 Excel").click()
    expect(page.get_by_role("heading", name="导出 Excel")).to_be_visible()
    expect(page.get_by_test_id("export-count")).to_have_text("符合筛选条件的共 3 行。")
    assert overflow(page) <= 1, "the export's confirmation scrolls sideways on a phone"
    assert GeneratedFile.objects.count() == 0

    page.get_by_role("button", name="生成文件").click()
    expect(page).to_have_url(re.compile(r"/files/\d+/$"))
    expect(page.get_by_role("alert")).to_contain_text("共 3 行，文件正在后台生成")
    assert GeneratedFile.objects.count() == 1
    assert overflow(page) <= 1
