"""The yearly evaluation reports built by a real Celery worker process on Redis, on the test database.

高村镇's result in the published 2024 round (builders.published_round): two reviewers at 90 % of every maximum,
rounded down to half points — 9 + 7 + 6 + 7 + 7 + 8 + 9 + 10.5 + 9 + 7 = 79.5 — and the survey's 10 × (40 + 8 / 2)
/ 50 = 8.80 points: 88.30, 良好, first in the city and the county. Funds disbursed in 2024: 20000 + 15000.50.
"""

from __future__ import annotations

import datetime
import io
import os
import signal
import subprocess
import sys
import time
import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from skilled_township import celery_app
from skilled_township.assessment.models import ReportJob, RoundReport
from skilled_township.training.models import Disbursement, FundAllocation, TrainingBase

from .. import pdf_text
from ..worker import ROOT, _database_url
from . import builders

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def funds(world):
    base = TrainingBase.objects.create(township=world.township, name="甲", area_mu=Decimal("10"))
    allocation = FundAllocation.objects.create(
        base=base, year=2024, purpose="construction", amount=Decimal("100000"), allocated_on=datetime.date(2024, 1, 5)
    )
    for day, amount in ((datetime.date(2024, 3, 1), "20000"), (datetime.date(2024, 9, 1), "15000.50")):
        Disbursement.objects.create(allocation=allocation, amount=Decimal(amount), paid_on=day, payee="高村镇")
    Disbursement.objects.create(
        allocation=allocation, amount=Decimal("999"), paid_on=datetime.date(2025, 1, 2), payee="x"
    )


def wait_for(job_id: int, process: subprocess.Popen, timeout: float = 120) -> ReportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ReportJob.objects.get(pk=job_id)
        if job.finished_at is not None:
            return job
        if process.poll() is not None:
            pytest.fail(f"worker exited: {process.stdout.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.2)
    statuses = list(RoundReport.objects.filter(job_id=job_id).values_list("status", "message"))
    pytest.fail(f"reports of job {job_id} not finished after {timeout} s: {statuses}")


def start_worker(queue: str, **env) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **env,
    }
    command = [sys.executable, "-m", "celery", "-A", "skilled_township", "worker", "--pool=solo", "-Q", queue]
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.fixture
def queue():
    name = f"test-{uuid.uuid4().hex[:8]}"
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_default_queue = previous


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def start_job(client, world) -> int:
    round = builders.published_round(world)
    client.force_login(builders.chair(world))
    response = client.post(reverse("assessment:reports_start", args=[round.pk]))
    assert response.status_code == 302
    return ReportJob.objects.get(round=round).pk


def download(client, report, kind) -> bytes:
    response = client.get(reverse("assessment:report_download", args=[report.pk, kind]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_worker_writes_the_township_report_with_its_figures(world, client, queue):
    funds(world)
    process = start_worker(queue)
    try:
        job_id = start_job(client, world)
        wait_for(job_id, process)
    finally:
        stop(process)

    report = RoundReport.objects.get(job_id=job_id, township=world.township)
    assert (report.status, report.is_current, report.attempts) == ("done", True, 1)
    text = " ".join(pdf_text.text(download(client, report, "pdf")).split())
    assert "高村镇 2024年度考核报告" in text
    assert "88.30 良好 1 1" in text
    assert "帮扶对象收入达到全村平均水平 12.0 10.50 2" in text
    assert "基地经费拨付 35000.50 元" in text

    book = load_workbook(io.BytesIO(download(client, report, "xlsx")), read_only=True)
    result = dict(book["考核结果"].iter_rows(values_only=True))
    assert (result["总分"], result["等次"], result["全市排名"], result["县内排名"]) == (88.3, "良好", 1, 1)
    lines = {row[1]: row for row in book["指标得分"].iter_rows(min_row=2, values_only=True)}
    assert lines["帮扶对象收入达到全村平均水平"][2:] == (12, 10.5, 2)
    assert lines["群众满意度测评"][3] == 8.8
    automatic = {row[0]: row[1] for row in book["自动指标"].iter_rows(min_row=2, values_only=True)}
    assert automatic["基地经费拨付"] == 35000.5

    summary = RoundReport.objects.get(job_id=job_id, township=None)
    assert summary.status == "done" and summary.is_current
    ranking = list(load_workbook(io.BytesIO(download(client, summary, "xlsx")))["排名"].iter_rows(values_only=True))
    assert ranking[1][:5] == (1, "高村镇", world.county.name, 88.3, "良好")

    page = client.get(reverse("assessment:round_reports", args=[report.round_id])).content.decode()
    assert "已完成 1 / 1 个乡镇" in page


def test_a_worker_killed_in_the_middle_of_a_report_has_it_redone_once(world, client, queue):
    # The message of a task whose worker vanished goes back to the queue after 2 s (instead of an hour).
    process = start_worker(queue, CELERY_VISIBILITY_TIMEOUT="2")
    try:
        job_id = start_job(client, world)
        deadline = time.monotonic() + 60
        while not RoundReport.objects.filter(job_id=job_id, township=world.township, status="running").exists():
            assert time.monotonic() < deadline, "the report never started"
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        assert RoundReport.objects.get(job_id=job_id, township=world.township).status == "running"

        process = start_worker(queue, CELERY_VISIBILITY_TIMEOUT="2")
        wait_for(job_id, process, timeout=120)
    finally:
        stop(process)

    reports = RoundReport.objects.filter(round__year=2024)
    assert reports.count() == 2
    township = reports.get(township=world.township)
    assert (township.status, township.is_current, township.attempts) == ("done", True, 2)
    assert reports.filter(is_current=True).count() == 2
    assert "88.30 良好" in " ".join(pdf_text.text(download(client, township, "pdf")).split())
