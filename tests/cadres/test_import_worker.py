"""A real Celery worker, on Redis, imports a roster too big to import while the request waits: the clerk
uploads it, lands on the job's page, and once the worker is done the page gives the outcome and the row report."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import load_workbook

from skilled_township.accounts.models import AuditEntry
from skilled_township.cadres.models import Cadre

from .clerk_rows import HEADER, clerk_rows, upload

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_imports_a_big_roster_and_the_page_shows_the_outcome(world, secretary_of_gaocun, client, worker):
    count = settings.CADRE_IMPORT_BACKGROUND_ROWS + 20
    rows, expected = clerk_rows(count)
    client.force_login(secretary_of_gaocun)

    response = client.post(reverse("cadres:cadre_import"), {"file": upload(HEADER, rows)}, REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    job = worker.wait_until_finished(job_id)

    assert (job.status, job.progress) == ("done", 100), job.message
    page = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert f"共 {count} 行：新增 {count}、更新 0、未变 0。" in page
    assert sorted(Cadre.objects.values_list("id_number", flat=True)) == sorted(e["id_number"] for e in expected)
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Cadre))
    assert entries.count() == count
    assert set(entries.values_list("action", "user", "source")) == {("create", secretary_of_gaocun.pk, "job")}

    download = client.get(reverse("files:download", args=[job_id]))
    report = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(values_only=True))
    assert report[0] == (*HEADER, "错误") and len(report) == count + 1
