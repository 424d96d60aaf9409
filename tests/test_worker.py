"""A real Celery worker, on Redis, produces a requested file: the audit-log export.

The worker is a separate process on the test database; the test asks for the export through the page,
waits for the job to finish, downloads the file and checks it against the database with plain SQL.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from skilled_township import celery_app
from skilled_township.core.models import GeneratedFile

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = settings.DATABASES["default"]
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker_queue():
    """Start a worker consuming a queue of its own, so stray messages from other runs never reach it."""
    if not settings.CELERY_BROKER_URL:
        pytest.fail("CELERY_BROKER_URL must point at Redis for the worker test (make test sets it)")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "skilled_township",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield process
    finally:
        celery_app.conf.task_default_queue = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_until_finished(job_id: int, process, timeout: float = 90) -> GeneratedFile:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = GeneratedFile.objects.get(pk=job_id)
        if job.is_finished:
            return job
        if process.poll() is not None:
            pytest.fail(f"worker exited: {process.stdout.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.3)
    pytest.fail(f"job {job_id} still {GeneratedFile.objects.get(pk=job_id).status} after {timeout} s")


def test_worker_produces_the_audit_export(world, org_admin, org_admin_of_other_county, client, worker_queue):
    client.force_login(org_admin)
    response = client.post(reverse("accounts:audit_export"), {"action": "create"})
    assert response.status_code == 302
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])

    job = _wait_until_finished(job_id, worker_queue)
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
