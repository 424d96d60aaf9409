"""Background file jobs: claimed once, failures reported on the page, files only for their owner."""

from django.urls import reverse

from skilled_township.core import generators
from skilled_township.core.models import GeneratedFile
from skilled_township.core.tasks import generate_file


@generators.register("test_broken")
def _broken(job, report_progress):
    report_progress(50)
    raise RuntimeError("数据源不可用")


def test_a_job_runs_once_even_if_delivered_twice(world, org_admin):
    job = GeneratedFile.objects.create(kind="audit_log_xlsx", requested_by=org_admin)
    assert generate_file(job.pk) == "done"
    assert generate_file(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.status == "done" and job.file.name.endswith(".xlsx") and job.finished_at


def test_a_failed_job_says_why_on_its_page(world, org_admin, client_as):
    job = GeneratedFile.objects.create(kind="test_broken", requested_by=org_admin)
    assert generate_file(job.pk) == "failed"
    page = client_as(org_admin).get(reverse("files:detail", args=[job.pk])).content.decode()
    assert "失败" in page and "数据源不可用" in page
    assert client_as(org_admin).get(reverse("files:download", args=[job.pk])).status_code == 404


def test_a_running_job_page_polls_for_progress(world, org_admin, client_as):
    job = GeneratedFile.objects.create(kind="audit_log_xlsx", requested_by=org_admin, status="running", progress=40)
    page = client_as(org_admin).get(reverse("files:detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "40%" in page
