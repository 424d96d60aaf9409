"""Every door writes its author into the audit trail: the page (the signed-in user), an import (the uploader),
a background job (whoever asked for it) and a management command (no user, but the command named as source).
The API's writes are walked in tests/api/test_audit_authors.py."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from skilled_township.accounts.models import AuditEntry
from skilled_township.cadres.models import Cadre
from skilled_township.cadres.services.importing import COLUMNS
from skilled_township.core import generators
from skilled_township.core.models import GeneratedFile
from skilled_township.core.tasks import generate_file
from skilled_township.regions.models import Region
from skilled_township.skills.models import SkillCategory

from .. import factories


def _since(last: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))


def _last() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_an_import_is_audited_as_the_secretary_who_uploaded_it(world, secretary_of_gaocun, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    book = Workbook()
    sheet = book.active
    sheet.append([title for title, _field in COLUMNS])
    sheet.append(["高村镇", "导入干部", factories.resident_id(), "13800000009", "一般干部", "本科", "中共党员"])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_as(secretary_of_gaocun)
    last = _last()
    response = client.post(
        reverse("cadres:cadre_import"),
        {"file": SimpleUploadedFile("r.xlsx", buffer.getvalue())},
        REMOTE_ADDR="192.0.2.3",
    )
    assert response.status_code in (200, 302) and Cadre.objects.filter(name="导入干部").exists()
    entries = _since(last)
    assert [entry.action for entry in entries] == ["create"]
    assert {(e.user, e.username, e.source, e.ip) for e in entries} == {
        (secretary_of_gaocun, "secretary_gaocun", "web", "192.0.2.3")
    }


@generators.register("test_renames_a_category")
def _renames_a_category(job, report_progress):
    category = SkillCategory.objects.get(pk=job.params["category"])
    category.name = "改名后的类别"
    category.save()
    return "done.txt", b"done"


def test_a_job_is_audited_as_whoever_asked_for_it(world, org_admin):
    category = factories.skill_category()
    job = GeneratedFile.objects.create(
        kind="test_renames_a_category", params={"category": category.pk}, requested_by=org_admin
    )
    last = _last()
    assert generate_file(job.pk) == "done"
    entries = _since(last)
    assert [(e.action, e.user, e.username, e.source) for e in entries] == [("update", org_admin, "org_admin", "job")]


def test_a_management_command_is_audited_as_the_command(db, tmp_path):
    csv = tmp_path / "city.csv"
    csv.write_text("code,name,parent_code\n431200000000,怀化市,\n431202000000,鹤城区,431200000000\n", encoding="utf-8")
    last = _last()
    call_command("load_regions", str(csv), "--year", "2023", stdout=io.StringIO())
    entries = _since(last)
    assert Region.objects.count() == 2 and len(entries) == 2
    assert {(e.action, e.user, e.username, e.source) for e in entries} == {("create", None, "", "command")}
