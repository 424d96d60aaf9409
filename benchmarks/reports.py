"""Time to generate every yearly evaluation report of the demo's published round (each pilot township's PDF and
workbook, then the city's summary) with one and with two Celery worker processes.

Run by `make bench`: the demo is loaded into its own database (``BENCH_REPORTS_DATABASE_URL``, recreated each
run) and the workers take the tasks from Redis (``BENCH_BROKER_URL``) on a queue of their own. Prints, for each
number of workers, the reports built and the wall time from the click to the finished summary.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_REPORTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skilled_township_bench_reports"
)
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-reports-")
os.environ.update(
    DJANGO_SETTINGS_MODULE="tests.settings",
    DATABASE_URL=DATABASE_URL,
    CELERY_BROKER_URL=BROKER_URL,
    MEDIA_ROOT=MEDIA_ROOT,
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from skilled_township import celery_app  # noqa: E402


def fresh_demo() -> None:
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


def start_workers(count: int, queue: str) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "celery", "-A", "skilled_township", "worker", "--pool=solo", "-Q", queue]
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    log = open(Path(MEDIA_ROOT) / "workers.log", "ab")  # kept open while the workers run
    return [
        subprocess.Popen(
            [*command, "-n", f"bench{n}-{queue}@%h"], cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log
        )
        for n in range(count)
    ]


def generate(workers: int) -> tuple[int, float]:
    from skilled_township.accounts.models import User
    from skilled_township.assessment.models import AssessmentRound, ReportJob
    from skilled_township.assessment.services import reports

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    celery_app.conf.task_default_queue = queue
    processes = start_workers(workers, queue)
    try:
        time.sleep(5)  # let the workers connect before the clock starts
        round = AssessmentRound.objects.filter(status=AssessmentRound.Status.PUBLISHED).latest("year")
        began = time.perf_counter()
        job = reports.start(round, by=User.objects.get(username="org_admin"))
        while ReportJob.objects.filter(pk=job.pk, finished_at__isnull=True).exists():
            if any(p.poll() is not None for p in processes):
                raise SystemExit(f"a worker stopped: see {MEDIA_ROOT}/workers.log")
            if time.perf_counter() - began > 600:
                raise SystemExit("reports not finished after 600 s")
            time.sleep(0.1)
        elapsed = time.perf_counter() - began
        done = job.reports.filter(status="done").count()
        return done, elapsed
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def main() -> None:
    started = time.perf_counter()
    fresh_demo()
    print(f"Demo loaded in {time.perf_counter() - started:.1f} s")
    for workers in (1, 2):
        done, elapsed = generate(workers)
        print(f"Yearly reports of the demo round, {workers} worker(s): {done} reports (PDF + Excel) in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
