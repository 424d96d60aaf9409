"""The list exports (``core.exports``): a list longer than ``EXPORT_INLINE_ROWS`` is produced by a background
job, which only a POST queues (the GET says how many rows match and asks), the user then sent to its page; the
job's file holds exactly what the page would have given them (their scope, the list's filters), and a requester
who has lost the permission by the time it runs gets no file."""

from __future__ import annotations

import datetime
import io
from urllib.parse import urlencode

import pytest
from django.urls import resolve, reverse
from django.utils.html import escape
from openpyxl import load_workbook

from skilled_township.core.excel import reporting_rows, workbook_bytes
from skilled_township.core.exports import ExportView
from skilled_township.core.models import GeneratedFile
from skilled_township.core.tasks import generate_file
from skilled_township.pairing.models import Visit

from .. import discovery, factories
from ..content import LISTS, workbook_cells
from ..pairing import visit_builders as visits

EXPORTS = discovery.url_names_where(lambda name: discovery.subclass_of(name, ExportView))


def test_every_list_export_is_declared_once():
    assert len(EXPORTS) == 9, EXPORTS
    kinds = {discovery.view_class(name).export.kind for name in EXPORTS}
    assert len(kinds) == 9


def queued_job(response) -> GeneratedFile:
    """The job a long export queued: the answer sends the user to its page."""
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"])
    assert match.view_name == "files:detail"
    return GeneratedFile.objects.get(pk=match.kwargs["pk"])


def with_query(url: str, query: dict) -> str:
    return f"{url}?{urlencode(query)}"


def job_file(job: GeneratedFile) -> bytes:
    assert generate_file(job.pk) == "done", GeneratedFile.objects.get(pk=job.pk).message
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        return handle.read()


def sheet_rows(content: bytes) -> list[dict]:
    header, *rows = load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("url_name", EXPORTS)
def test_a_long_export_is_made_by_a_job_with_the_requesters_rows(
    url_name, settings, world, secretary_of_gaocun, secretary_of_other_township, client_as
):
    settings.EXPORT_INLINE_ROWS = 0
    shows = LISTS[url_name]
    marks = shows.marks_of(shows.row(world))
    export = discovery.view_class(url_name).export

    client = client_as(secretary_of_gaocun)
    asked = client.get(reverse(url_name))
    assert asked.status_code == 200 and "生成文件" in asked.content.decode()
    assert not GeneratedFile.objects.exists()
    response = client.post(reverse(url_name))
    job = queued_job(response)
    assert (job.kind, job.requested_by, job.status) == (export.kind, secretary_of_gaocun, "queued")
    assert "文件正在后台生成" in client.get(response["Location"]).content.decode()
    cells = workbook_cells(job_file(job))
    assert all(any(mark in cell for cell in cells) for mark in marks), (marks, cells)
    download = client.get(reverse("files:download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].endswith('.xlsx"')

    # Another township's secretary, naming 高村镇 in the filters: the job refuses the choice as the page does.
    outsider = GeneratedFile.objects.create(
        kind=export.kind, params={"township": str(world.township.pk)}, requested_by=secretary_of_other_township
    )
    cells = workbook_cells(job_file(outsider))
    assert not [cell for cell in cells if "高村镇" in cell or cell in marks], cells


def test_a_short_export_is_downloaded_at_once(settings, world, secretary_of_gaocun, client_as):
    visits.visit(world)
    settings.EXPORT_INLINE_ROWS = 1
    response = client_as(secretary_of_gaocun).get(reverse("pairing:visit_export"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith('attachment; filename="visits-')
    assert not GeneratedFile.objects.exists()


def test_a_long_export_is_only_offered_on_a_get(settings, world, secretary_of_gaocun, client_as):
    for day in (2, 9, 16):
        visits.visit(world, day=datetime.date(2026, 3, day), kind=Visit.Kind.TECHNICAL)
    visits.visit(world, day=datetime.date(2026, 3, 23), kind=Visit.Kind.POLICY)
    settings.EXPORT_INLINE_ROWS = 2
    query = {"kind": Visit.Kind.TECHNICAL, "month": "2026-03"}
    url = with_query(reverse("pairing:visit_export"), query)

    client = client_as(secretary_of_gaocun)
    for _reload in range(2):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert "符合筛选条件的共 3 行" in page  # the filtered count, not the whole diary's 4
        assert f'<form method="post" action="{escape(url)}"' in page and "csrfmiddlewaretoken" in page
        assert f'href="{escape(with_query(reverse("pairing:visit_list"), query))}"' in page
        assert GeneratedFile.objects.count() == 0


def test_a_post_queues_one_job_with_the_filters_whatever_the_count(settings, world, secretary_of_gaocun, client_as):
    visit = visits.visit(world, kind=Visit.Kind.TECHNICAL)
    assert settings.EXPORT_INLINE_ROWS >= 1  # short enough to download at once: the POST still asks for a job
    query = {"kind": Visit.Kind.TECHNICAL, "cadre_name": visit.cadre.name, "sort": "cadre"}
    client = client_as(secretary_of_gaocun)
    response = client.post(with_query(reverse("pairing:visit_export"), query))
    job = queued_job(response)
    assert GeneratedFile.objects.count() == 1
    assert (job.kind, job.requested_by) == ("visit_xlsx", secretary_of_gaocun)
    assert job.params == {"kind": Visit.Kind.TECHNICAL, "cadre_name": visit.cadre.name}
    assert "共 1 行，文件正在后台生成" in client.get(response["Location"]).content.decode()


def test_a_cadres_long_diary_export_holds_their_own_visits_under_the_lists_filters(
    settings, world, cadre_of_gaocun, client_as
):
    settings.EXPORT_INLINE_ROWS = 1
    mine = visits.pairing(world)
    theirs = visits.pairing(world, "王桂兰", cadre=factories.cadre(world.township, "高村镇另一干部"))
    visits.visit(world, pair=mine, day=datetime.date(2026, 3, 2), kind=Visit.Kind.TECHNICAL)
    visits.visit(world, pair=mine, day=datetime.date(2026, 3, 9), content="第二次", kind=Visit.Kind.TECHNICAL)
    visits.visit(world, pair=mine, day=datetime.date(2026, 3, 16), content="政策", kind=Visit.Kind.POLICY)
    visits.visit(world, pair=theirs, day=datetime.date(2026, 3, 3), kind=Visit.Kind.TECHNICAL)

    query = {"kind": Visit.Kind.TECHNICAL, "month": "2026-03", "cadre_name": "另一", "sort": "cadre", "page": "2"}
    job = queued_job(client_as(cadre_of_gaocun).post(with_query(reverse("pairing:visit_export"), query)))
    # Only what the cadre's own diary filters by: no cadre name to choose there, nor the table's sorting.
    assert job.params == {"kind": Visit.Kind.TECHNICAL, "month": "2026-03"}
    rows = sheet_rows(job_file(job))
    assert [(row["走访日期"], row["户主姓名"], row["干部"]) for row in rows] == [
        ("2026-03-09", mine.household.head_name, mine.cadre.name),
        ("2026-03-02", mine.household.head_name, mine.cadre.name),
    ]


def test_a_job_whose_requester_lost_the_permission_makes_no_file(settings, world, secretary_of_gaocun, client_as):
    settings.EXPORT_INLINE_ROWS = 0
    visits.visit(world)
    job = queued_job(client_as(secretary_of_gaocun).post(reverse("pairing:visit_export")))
    secretary_of_gaocun.role = "hr_appraiser"  # certifies skills; does not read the 民情日志
    secretary_of_gaocun.scope = world.city
    secretary_of_gaocun.save()
    assert not secretary_of_gaocun.has_role_perm("pairing.read_visits")
    assert generate_file(job.pk) == "failed"
    job.refresh_from_db()
    assert not job.file and "无权导出" in job.message


def test_a_long_export_reports_its_progress():
    seen = []
    with reporting_rows(5, seen.append, every=2):
        workbook_bytes("表", ["列"], ([n] for n in range(5)))
    assert seen == [40, 80]
