"""A real Celery worker, on Redis, produces a requested file: the audit-log export.

The worker is a separate process on the test database; the test asks for the export through the page,
waits for the job to finish, downloads the file and checks it against the database with plain SQL.
"""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from skilled_township.core.models import GeneratedFile

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_worker_produces_the_audit_export(world, org_admin, org_admin_of_other_county, client, worker):
    client.force_login(org_admin)
    response = client.post(reverse("accounts:audit_export"), {"action": "create"})
    assert response.status_code == 302
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])

    job = worker.wait_until_finished(job_id)
    assert job.status == GeneratedFile.Status.DONE, job.message
    assert job.progress == 100

    status = client.get(reverse("files:detail", args=[job_id]), headers={"HX-Request": "true"})
    assert reverse("files:download", args=[job_id]) in status.content.decode()

    download = client.get(reverse("files:download", args=[job_id]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "时间"

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM accounts_auditentry WHERE action = 'create' AND region_code LIKE %s",
            [world.city.code[:4] + "%"],
        )
        (expected,) = cursor.fetchone()
    assert expected > 0
    assert len(rows) - 1 == expected
    assert {row[4] for row in rows[1:]} == {"新增"}

    client.force_login(org_admin_of_other_county)
    assert client.get(reverse("files:download", args=[job_id])).status_code == 404
