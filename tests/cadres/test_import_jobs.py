"""Big roster files go to a background job (the ``GeneratedFile`` pattern): the page shows progress, then the
outcome in one sentence and the row report — the uploaded rows with an 错误 column — which a small import with
errors offers too. The job imports as its uploader, with what they may do when it runs; nothing is written
unless every row is valid, and a write that fails leaves nothing behind. Bulk writes keep one audit entry per
cadre with its fields.

The job runs here in the test process (``core.tasks.generate_file``, as the worker would call it); a real worker
runs one in test_import_worker.py."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from skilled_township.accounts.models import AuditEntry, User
from skilled_township.accounts.roles import Role
from skilled_township.cadres.models import Cadre
from skilled_township.cadres.services import import_jobs
from skilled_township.cadres.services.importing import PROGRESS_CHECKED, PROGRESS_READ, import_cadres
from skilled_township.core.models import GeneratedFile
from skilled_township.core.tasks import generate_file

from .. import factories
from .clerk_rows import HEADER, clerk_id, clerk_rows, upload, xlsx_bytes
from .test_import_realistic import plant_faults

BIG = 20  # rows above which a file goes to the background, for these tests (300 by default)


@pytest.fixture
def big_files_from(settings):
    settings.CADRE_IMPORT_BACKGROUND_ROWS = BIG


def post_file(client, rows, header=HEADER):
    return client.post(reverse("cadres:cadre_import"), {"file": upload(header, rows)})


def queued_job(response) -> GeneratedFile:
    assert response.status_code == 302, response.content.decode()[:500]
    match = re.fullmatch(r"/cadres/import/(\d+)/", response["Location"])
    assert match, response["Location"]
    return GeneratedFile.objects.get(pk=int(match.group(1)))


def job_page(client, job) -> str:
    response = client.get(reverse("cadres:cadre_import_job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def report_rows(client, file_id: int) -> list[tuple]:
    response = client.get(reverse("files:download", args=[file_id]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(book.worksheets[0].iter_rows(values_only=True))


def cadre_entries():
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Cadre))


def test_a_big_file_is_imported_by_a_background_job_whose_page_shows_the_outcome(
    world, secretary_of_gaocun, client_as, big_files_from
):
    client = client_as(secretary_of_gaocun)
    rows, expected = clerk_rows(BIG + 10)

    job = queued_job(post_file(client, rows))

    page = job_page(client, job)
    assert f"正在校验并导入 {BIG + 10} 行" in page and 'hx-trigger="every 2s"' in page
    assert Cadre.objects.count() == 0
    stored_upload = job.params["upload"]
    assert default_storage.exists(stored_upload)

    assert generate_file(job.pk) == "done"

    job.refresh_from_db()
    assert (job.status, job.progress) == ("done", 100)
    assert job.message == f"共 {BIG + 10} 行：新增 {BIG + 10}、更新 0、未变 0。"
    page = job_page(client, job)
    assert job.message in page and "every 2s" not in page
    assert reverse("files:download", args=[job.pk]) in page
    assert not default_storage.exists(stored_upload)  # the upload is not kept once read
    assert sorted(Cadre.objects.values_list("id_number", flat=True)) == sorted(e["id_number"] for e in expected)
    assert {(e.user, e.source) for e in cadre_entries()} == {(secretary_of_gaocun, "job")}

    report = report_rows(client, job.pk)
    assert report[0] == (*HEADER, "错误") and len(report) == BIG + 11
    assert {row[-1] for row in report[1:]} == {None}


def test_the_import_reports_its_progress_while_it_checks_the_rows(world, secretary_of_gaocun):
    rows, _expected = clerk_rows(200)
    seen: list[int] = []

    result = import_cadres(upload(HEADER, rows), by=secretary_of_gaocun, progress=seen.append)

    assert result.created == 200
    assert seen[0] == PROGRESS_READ and seen[-1] == PROGRESS_CHECKED
    assert seen == sorted(seen) and len(set(seen)) >= 5 and max(seen) < 100


def test_a_running_import_s_page_shows_its_progress_and_polls(world, secretary_of_gaocun, client_as):
    job = GeneratedFile.objects.create(
        kind=import_jobs.IMPORT_KIND,
        params={"rows": 4200},
        requested_by=secretary_of_gaocun,
        status="running",
        progress=40,
    )
    page = job_page(client_as(secretary_of_gaocun), job)
    assert "正在校验并导入 4200 行" in page and "40%" in page and 'hx-trigger="every 2s"' in page


def test_one_bad_row_in_a_big_file_writes_nothing_and_the_report_gives_every_error_of_each_row(
    world, secretary_of_gaocun, client_as, big_files_from
):
    client = client_as(secretary_of_gaocun)
    rows, _expected = clerk_rows(130)
    faults = plant_faults(rows)
    job = queued_job(post_file(client, rows))

    assert generate_file(job.pk) == "done"

    assert Cadre.objects.count() == 0 and not cadre_entries().exists()
    job.refresh_from_db()
    assert job.message == "共 130 行，6 行有错误，未导入任何数据。"
    page = job_page(client, job)
    assert job.message in page and "请改正后重新上传。" in page
    assert "与第 111 行重复" in page  # the first errors are listed on the page too
    report = report_rows(client, job.pk)
    assert report[0] == (*HEADER, "错误")
    errors = {number: row[-1] for number, row in enumerate(report, start=1) if number > 1 and row[-1]}
    assert errors == {number: "；".join(messages) for number, messages in faults.items()}
    assert report[10][6] == rows[9][6]  # the row as uploaded, its wrong check digit included


def test_a_small_import_with_errors_offers_the_row_report_which_imports_once_corrected(
    world, secretary_of_gaocun, client_as
):
    client = client_as(secretary_of_gaocun)
    rows, _expected = clerk_rows(5)
    rows[1][7] = "12345"
    rows[1][9] = "幼儿园"
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    note = book.active.cell(row=5, column=15, value='=HYPERLINK("http://example.com")')
    note.data_type = "s"  # typed as text (a text-formatted cell): it only looks like a formula
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(reverse("cadres:cadre_import"), {"file": SimpleUploadedFile("r.xlsx", buffer.getvalue())})

    page = response.content.decode()
    assert "共 5 行，1 行有错误，未导入任何数据。" in page
    link = re.search(r'href="/files/(\d+)/download/"[^>]*data-testid="import-report"', page)
    assert link, page
    report_id = int(link.group(1))
    report = report_rows(client, report_id)
    assert report[2][-1] == "学历：“幼儿园”不是有效的选项。；手机号码：请输入11位手机号码（1开头）。"
    assert [row[-1] for row in report[1:] if row is not report[2]] == [None] * 4
    assert report[4][14] == note.value  # still text: the spreadsheet never runs it

    corrected = [list(row) for row in report]
    corrected[2][7], corrected[2][9] = "13900000001", "本科"
    response = client.post(
        reverse("cadres:cadre_import"),
        {"file": upload(corrected[0], corrected[1:], name="report.xlsx")},
    )
    page = response.content.decode()
    assert "共 5 行：新增 5、更新 0、未变 0。" in page and "以下列未导入" not in page
    assert Cadre.objects.get(mobile="13900000001").education == 4


def test_a_job_imports_with_what_its_uploader_may_do_when_it_runs(
    world, secretary_of_gaocun, client_as, big_files_from
):
    client = client_as(secretary_of_gaocun)
    rows, _expected = clerk_rows(BIG + 1)
    no_longer = queued_job(post_file(client, rows))
    moved = queued_job(post_file(client, rows))

    secretary_of_gaocun.role = Role.REVIEWER
    secretary_of_gaocun.save()
    assert generate_file(no_longer.pk) == "failed"
    no_longer.refresh_from_db()
    assert no_longer.message == "您没有导入干部名册的权限。"
    assert not default_storage.exists(no_longer.params["upload"])

    secretary_of_gaocun.role, secretary_of_gaocun.scope = Role.TOWNSHIP_SECRETARY, world.other_township
    secretary_of_gaocun.save()
    assert generate_file(moved.pk) == "done"
    moved.refresh_from_db()
    assert moved.message == f"共 {BIG + 1} 行，{BIG + 1} 行有错误，未导入任何数据。"
    assert "乡镇：" in moved.result["errors"][0]["messages"][0]  # 高村镇 is no longer in their scope
    assert Cadre.objects.count() == 0

    page = job_page(client, no_longer)
    assert "导入未完成，未导入任何数据。" in page and "您没有导入干部名册的权限。" in page


def test_a_write_that_fails_halfway_leaves_nothing_saved(world, secretary_of_gaocun):
    """The file is written in batches; when one fails (here someone registers one of its ID numbers while it is
    being checked), the batches before it are undone with it."""
    rows, _expected = clerk_rows(1010)  # more rows than one INSERT takes
    last = clerk_id(1009)

    def meanwhile(percent):
        if percent == PROGRESS_CHECKED:
            factories.cadre(world.other_township, "抢先登记", id_number=last)

    result = import_cadres(upload(HEADER, rows), by=secretary_of_gaocun, progress=meanwhile)

    assert result.refusal == "导入期间名册有了其他改动，未导入任何数据。请重新上传。"
    assert (result.created, result.updated) == (0, 0)
    assert list(Cadre.objects.values_list("name", flat=True)) == ["抢先登记"]
    assert cadre_entries().count() == 1


def test_a_bulk_import_audits_every_cadre_it_creates_or_changes_with_its_fields(world, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    rows, _expected = clerk_rows(40)
    client.post(reverse("cadres:cadre_import"), {"file": upload(HEADER, rows)}, REMOTE_ADDR="192.0.2.8")

    created = list(cadre_entries())
    cadres = {str(c.pk): c for c in Cadre.objects.all()}
    assert len(created) == 40 and {e.object_id for e in created} == set(cadres)
    assert {(e.action, e.user, e.source, e.ip, e.region_code) for e in created} == {
        ("create", secretary_of_gaocun, "web", "192.0.2.8", world.township.code)
    }
    first = Cadre.objects.get(id_number=clerk_id(0))  # 阿依古丽·买买提0, a reserve cadre with an X in her ID
    entry = next(e for e in created if e.object_id == str(first.pk))
    assert entry.object_repr == "阿依古丽·买买提0"
    assert entry.changes == {
        "township": [None, f"高村镇 (#{world.township.pk})"],
        "name": [None, "阿依古丽·买买提0"],
        "id_number": [None, clerk_id(0)],
        "gender": [None, first.gender],
        "birth_date": [None, "1960-01-01"],
        "mobile": [None, "13900000000"],
        "position": [None, "mayor"],
        "education": [None, 1],
        "political_status": [None, "party_member"],
        "reserve_level": [None, "township"],
        "status": [None, "in_post"],
    }

    stamps = dict(Cadre.objects.values_list("id", "updated_at"))
    client.post(reverse("cadres:cadre_import"), {"file": upload(HEADER, rows)})
    assert cadre_entries().count() == 40  # unchanged: nothing written, nothing audited

    rows[0][3] = "阿依古丽·买买提"
    rows[1][9] = "研究生"
    page = client.post(reverse("cadres:cadre_import"), {"file": upload(HEADER, rows)}).content.decode()
    assert "共 40 行：新增 0、更新 2、未变 38。" in page
    updates = {e.object_id: e.changes for e in cadre_entries().filter(action="update")}
    second = Cadre.objects.get(id_number=clerk_id(1))
    assert updates == {
        str(first.pk): {"name": ["阿依古丽·买买提0", "阿依古丽·买买提"]},
        str(second.pk): {"education": [1, 5]},
    }
    changed = {pk for pk, stamp in Cadre.objects.values_list("id", "updated_at") if stamp != stamps[pk]}
    assert changed == {first.pk, second.pk}


def test_a_cadre_moved_by_an_import_takes_their_account_along(world, org_admin, cadre_of_gaocun):
    cadre = cadre_of_gaocun.cadre
    row = ["", "", "吕家坪镇", cadre.name, "", "", cadre.id_number, cadre.mobile, "一般干部", "本科", "党员"]
    result = import_cadres(upload(HEADER, [[*row, "否", "在岗", "", ""]]), by=org_admin)

    assert (result.created, result.updated) == (0, 1)
    assert User.objects.get(pk=cadre_of_gaocun.pk).scope == world.other_township
    moved = AuditEntry.objects.get(action="update", object_id=str(cadre.pk), content_type__model="cadre")
    assert moved.changes == {"township": [f"高村镇 (#{world.township.pk})", f"吕家坪镇 (#{world.other_township.pk})"]}
    assert AuditEntry.objects.filter(action="permission", object_id=str(cadre_of_gaocun.pk)).exists()


def test_an_import_and_its_report_are_the_uploader_s_alone(
    world, secretary_of_gaocun, secretary_of_other_township, org_admin, client_as, big_files_from
):
    rows, _expected = clerk_rows(BIG + 1)
    rows[0][7] = "1"
    job = queued_job(post_file(client_as(secretary_of_gaocun), rows))
    generate_file(job.pk)

    for someone in (secretary_of_other_township, org_admin):
        client = client_as(someone)
        assert client.get(reverse("cadres:cadre_import_job", args=[job.pk])).status_code == 404
        assert client.get(reverse("files:detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("files:download", args=[job.pk])).status_code == 404
    assert client_as(secretary_of_gaocun).get(reverse("files:download", args=[job.pk])).status_code == 200


def test_an_export_job_is_not_an_import(world, org_admin, client_as):
    export = GeneratedFile.objects.create(kind="audit_log_xlsx", requested_by=org_admin, status="done")
    response = client_as(org_admin).get(reverse("cadres:cadre_import_job", args=[export.pk]))
    assert response.status_code == 404


def test_a_file_refused_as_a_whole_is_answered_at_once_even_when_big(
    world, secretary_of_gaocun, client_as, big_files_from
):
    rows, _expected = clerk_rows(BIG + 5)
    rows[3][6] = "4312**********1234"
    response = post_file(client_as(secretary_of_gaocun), rows)
    assert response.status_code == 200
    assert "第 5 行的身份证号码是打码的" in response.content.decode()
    assert not GeneratedFile.objects.exists()


def test_the_report_keeps_the_rows_where_they_were_in_the_file(world, secretary_of_gaocun, client_as):
    rows, _expected = clerk_rows(3)
    rows[2][7] = "1"
    with_gap = [rows[0], [None] * len(HEADER), [None] * len(HEADER), rows[1], rows[2]]
    content = xlsx_bytes(HEADER, with_gap)
    client = client_as(secretary_of_gaocun)
    page = client.post(reverse("cadres:cadre_import"), {"file": SimpleUploadedFile("r.xlsx", content)})
    report_id = int(re.search(r"/files/(\d+)/download/", page.content.decode()).group(1))
    report = report_rows(client, report_id)
    assert report[5][-1].startswith("手机号码：") and report[5][3] == rows[2][3]
    assert report[1][3] == rows[0][3] and report[4][3] == rows[1][3]


def queries_to_import(rows, by) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    file = upload(HEADER, rows)
    with CaptureQueriesContext(connection) as queries:
        import_cadres(file, by=by)
    return len(queries)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(world, secretary_of_gaocun):
    """Checked against the roster read once, written in bulk: ten rows or two hundred, the same queries."""
    ContentType.objects.get_for_model(Cadre)  # the audit trail's one lookup, cached once per process
    few, _expected = clerk_rows(10)
    many, _expected = clerk_rows(200)
    assert queries_to_import(few, secretary_of_gaocun) == queries_to_import(many[10:], secretary_of_gaocun)

    for rows in (few, many):  # all unchanged, or some new; then some changed
        rows[0][9] = rows[-1][9] = "研究生"
    assert queries_to_import(few, secretary_of_gaocun) == queries_to_import(many, secretary_of_gaocun)

    plant_faults(many)  # rows with errors: nothing written
    few[5][7] = "1"
    assert queries_to_import(few, secretary_of_gaocun) == queries_to_import(many, secretary_of_gaocun)
