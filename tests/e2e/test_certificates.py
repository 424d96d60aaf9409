"""On a 375 px phone an HR appraiser records a passed appraisal and lands on the new certificate; the certificate
list, the talent pool and the compliance pages stay readable (no sideways scrolling, no header broken over lines)."""

import json
import re

from playwright.sync_api import expect

from skilled_township.accounts.roles import Role
from skilled_township.certifications.models import Certificate

from .. import factories
from .test_phone_tables import LAYOUT_PROBLEMS


def test_an_appraiser_certifies_a_cadre_on_a_phone(phone_session, e2e_world):
    session, page = phone_session, phone_session.page
    skill = factories.skill("JJ02", "柑桔栽培与管理")
    cadre = factories.cadre(e2e_world["gaocun"], "龙建国")
    factories.cadre(e2e_world["gaocun"], "欧阳晓明")
    factories.user("hr_appraiser", Role.HR_APPRAISER, e2e_world["city"])
    session.sign_in("hr_appraiser")

    session.open("/certifications/appraisals/add/")
    page.select_option("select[name=cadre]", str(cadre.pk))
    page.select_option("select[name=skill]", str(skill.pk))
    page.select_option("select[name=method]", "combined")
    page.fill("input[name=theory_score]", "82")
    page.fill("input[name=practice_score]", "90.5")
    page.select_option("select[name=result]", "passed")
    page.select_option("select[name=level]", "3")
    page.locator("main form").get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(r"/certifications/certificates/\d+/$"))
    number = Certificate.objects.get(cadre=cadre).number
    assert re.fullmatch(r"JN-\d{4}-000001", number)
    expect(page.locator("h1")).to_contain_text(number)
    expect(page.get_by_test_id("appraisal")).to_contain_text("90.5")
    assert page.evaluate(LAYOUT_PROBLEMS) == []

    found = {}
    for path in [
        "/certifications/certificates/",
        "/certifications/appraisals/",
        "/certifications/talent-pool/",
        "/certifications/compliance/?region=431226000000",
        "/certifications/compliance/uncertified/",
    ]:
        session.open(path)
        problems = page.evaluate(LAYOUT_PROBLEMS)
        if problems:
            found[path] = problems
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    session.open("/certifications/talent-pool/")
    expect(page.locator("main table tbody")).to_contain_text("龙建国")
    assert session.console_errors == [] and session.foreign_requests == []
