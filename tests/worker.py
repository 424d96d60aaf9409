"""A real Celery worker for the tests that need one (the ``worker`` fixture in conftest.py): a separate
process on the test database and the test broker, consuming a queue of its own so that stray messages from
other runs never reach it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from skilled_township import celery_app
from skilled_township.core.models import GeneratedFile

ROOT = Path(__file__).resolve().parent.parent


def _database_url() -> str:
    db = settings.DATABASES["default"]
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen):
        self.process = process

    def wait_until_finished(self, job_id: int, timeout: float = 90) -> GeneratedFile:
        """The job once done or failed; the test fails if the worker dies or the job takes too long."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = GeneratedFile.objects.get(pk=job_id)
            if job.is_finished:
                return job
            if self.process.poll() is not None:
                pytest.fail(f"worker exited: {self.process.stdout.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.3)
        pytest.fail(f"job {job_id} still {GeneratedFile.objects.get(pk=job_id).status} after {timeout} s")


def running_worker():
    """Start a worker on a queue of its own and send this process's tasks there; stop it afterwards."""
    if not settings.CELERY_BROKER_URL:
        pytest.fail("CELERY_BROKER_URL must point at Redis for the worker tests (make test sets it)")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    command = [sys.executable, "-m", "celery", "-A", "skilled_township", "worker", "--pool=solo", "-Q", queue]
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield Worker(process)
    finally:
        celery_app.conf.task_default_queue = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
