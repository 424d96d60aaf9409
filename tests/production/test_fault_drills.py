"""Fault drills on real services — private instances of them (tests/production/private_services.py), so the
shared PostgreSQL and Redis are never restarted or stopped:

1. PostgreSQL restarted while pages are being requested: once it is back, no request fails (the application
   keeps a database connection between requests and checks it before use: ``conn_health_checks``).
2. Redis stopped: pages are still served (the cache treats a down Redis as a miss: ``core.cache``); starting a
   yearly report, a roster import job or a service-card batch says the job service is unavailable, never a 500,
   and loses nothing: each job stays registered, waiting; once Redis is back the scheduler hands them over and a
   real worker runs every one of them, without anybody starting them again.

(A worker killed in the middle of a report has it redone once: tests/assessment/test_report_worker.py.)
The observations are printed (``pytest -s`` shows them).
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from skilled_township.assessment.models import ReportJob, RoundReport
from skilled_township.cadres.services.import_jobs import IMPORT_KIND
from skilled_township.certifications.services.cards import BATCH_KIND
from skilled_township.core.cache import TolerantRedisCache
from skilled_township.core.models import GeneratedFile

from .. import factories, objects
from ..assessment import builders
from ..cadres.clerk_rows import HEADER, clerk_rows, xlsx_bytes
from ..certifications.builders import certify
from ..worker import _database_url
from .private_services import (
    App,
    Browser,
    PrivatePostgres,
    PrivateRedis,
    app_environment,
    messages_in,
    start_beat,
    start_worker,
)

pytestmark = pytest.mark.drill

UNAVAILABLE = "后台任务服务暂时不可用：任务已登记，服务恢复后将自动开始。"


@pytest.fixture
def postgres():
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def redis_server():
    server = PrivateRedis()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def run_manage(env: dict, *args: str, code: str = "") -> None:
    import subprocess
    import sys

    from .private_services import ROOT

    command = [sys.executable, "manage.py", *args] + (["-c", code] if code else [])
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"{args}: {result.stdout[-1500:]} {result.stderr[-1500:]}"


# --- 1. PostgreSQL restarted ----------------------------------------------------------------------------------


class Requests(threading.Thread):
    """Requests the sign-in page (anonymous) and the roster (signed in) one after the other until stopped,
    noting when each started and ended and how it was answered."""

    def __init__(self, anonymous: Browser, signed_in: Browser, pages: list[str]):
        super().__init__(daemon=True)
        self.anonymous, self.signed_in, self.pages = anonymous, signed_in, pages
        self.done = threading.Event()
        self.answers: list[tuple[float, float, str, int | str]] = []

    def run(self):
        while not self.done.is_set():
            for browser, path in ((self.anonymous, self.pages[0]), (self.signed_in, self.pages[1])):
                began = time.monotonic()
                try:
                    status: int | str = browser.get(path, timeout=15).status
                except OSError as error:
                    status = type(error).__name__
                self.answers.append((began, time.monotonic(), path, status))
            time.sleep(0.05)


def test_postgresql_restarted_while_pages_are_requested(postgres, tmp_path):
    url = postgres.create_database("township")
    env = app_environment(url, "", str(tmp_path / "media"), CONN_MAX_AGE="600")
    run_manage(env, "migrate", "--no-input", "-v0")
    run_manage(
        env,
        "shell",
        code=(
            "from tests import factories; city = factories.region('431200000000', '怀化市');"
            "factories.region('431226000000', '麻阳苗族自治县', city);"
            "factories.user('drill_admin', 'org_admin', city)"
        ),
    )
    app = App(env)
    try:
        signed_in = Browser(app.base)
        signed_in.sign_in("drill_admin", factories.PASSWORD)
        roster = reverse("cadres:cadre_list")
        assert signed_in.get(roster).status == 200
        requests = Requests(Browser(app.base), signed_in, ["/accounts/login/", roster])
        requests.start()
        time.sleep(3)
        down_at = time.monotonic()
        took = postgres.pg_ctl("restart", "-m", "fast")
        back_at = time.monotonic()
        time.sleep(5)
        requests.done.set()
        requests.join(timeout=30)

        # Restarted while no request runs: the connection the application kept is found dead before use.
        quiet_took = postgres.pg_ctl("restart", "-m", "fast")
        after_quiet = [signed_in.get(roster).status, Browser(app.base).get("/accounts/login/").status]
    finally:
        app.stop()

    before = [a for a in requests.answers if a[1] < down_at]
    during = [a for a in requests.answers if a[1] >= down_at and a[0] < back_at]
    after = [a for a in requests.answers if a[0] >= back_at]
    failed = lambda answers: [a for a in answers if a[3] != 200]  # noqa: E731
    print(
        f"\nPostgreSQL restart took {took:.2f} s; requests before: {len(before)} ({len(failed(before))} failed), "
        f"overlapping the restart: {len(during)} ({len(failed(during))} failed: "
        f"{sorted({a[3] for a in failed(during)}, key=str)}), after it was back: {len(after)} "
        f"({len(failed(after))} failed); restarted again while idle ({quiet_took:.2f} s): the next requests "
        f"answered {after_quiet}"
    )
    assert len(before) >= 4 and len(after) >= 4
    assert failed(before) == []
    assert failed(after) == [], failed(after)
    assert after_quiet == [200, 200]


# --- 2. Redis stopped -----------------------------------------------------------------------------------------


def test_a_stopped_redis_is_a_cache_miss_and_back_it_is_a_cache_again(redis_server):
    cache = TolerantRedisCache(redis_server.url(1), {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}})
    cache.set("drill", "kept", 60)
    assert cache.get("drill") == "kept"

    redis_server.stop()
    assert cache.get("drill") is None
    assert cache.get("drill", "default") == "default"
    assert cache.add("other", 1) is False
    cache.set("other", 2)  # not stored, and no error
    assert cache.get_many(["drill", "other"]) == {}
    assert cache.get_or_set("computed", lambda: 42) == 42
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.delete("drill") is False

    redis_server.start()  # an empty Redis (no persistence): the cache starts again from nothing
    assert cache.get("drill") is None
    cache.set("drill", "kept again", 60)
    assert cache.get("drill") == "kept again"


def roster_upload(rows: int) -> bytes:
    data, _expected = clerk_rows(rows)
    return xlsx_bytes(HEADER, data)


@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_pages_serve_job_starts_say_so_and_once_back_every_job_runs(world, redis_server, tmp_path):
    round = builders.published_round(world)
    chair = builders.chair(world)
    secretary = factories.user("drill_secretary", "township_secretary", world.township)
    certify(factories.cadre(world.township, "高村干部"), objects.skill(world))  # one service card to print
    media = tmp_path / "media"
    env = app_environment(
        _database_url(),
        redis_server.url(0),
        str(media),
        CADRE_IMPORT_BACKGROUND_ROWS="2",
        CONN_MAX_AGE="0",
        JOB_RESEND_SECONDS="1",
    )
    reports_page = reverse("assessment:round_reports", args=[round.pk])
    start = reverse("assessment:reports_start", args=[round.pk])
    cards_page = reverse("certifications:cards")
    app = App(env)
    services = []
    try:
        admin = Browser(app.base)
        admin.sign_in(chair.username, factories.PASSWORD)
        clerk = Browser(app.base)
        clerk.sign_in(secretary.username, factories.PASSWORD)
        public = Browser(app.base)
        assert admin.get(reports_page).status == 200

        redis_server.stop()
        # Pages: signed in, the sign-in page, a public page that counts lookups in the cache (an unknown code).
        assert admin.get(reports_page).status == 200
        assert clerk.get(reverse("cadres:cadre_list")).status == 200
        assert public.get("/accounts/login/").status == 200
        assert public.get(reverse("public:verify", kwargs={"code": "ABCD2345EFGH"})).status == 404

        # The yearly report: the page says so; the generation waits, its reports say why.
        answer = admin.post(start, {}, referer=reports_page)
        assert answer.status == 200 and answer.url.endswith(reports_page)
        assert UNAVAILABLE in messages_in(answer.body)
        job = ReportJob.objects.get(round=round)
        assert (job.sent_at, job.finished_at) == (None, None)
        assert set(job.reports.values_list("status", "message")) == {("queued", UNAVAILABLE)}

        # Through the API (a token, no session): a 503 with the same words; that generation waits too.
        api = Browser(app.base)
        answer = api.request(
            reverse("api:assessment-report-job-list"),
            json.dumps({"round": round.pk}).encode(),
            {"Authorization": f"Token {Token.objects.create(user=chair).key}", "Content-Type": "application/json"},
        )
        assert (answer.status, json.loads(answer.body)) == (503, {"detail": UNAVAILABLE})
        api_job = ReportJob.objects.exclude(pk=job.pk).get(round=round)
        assert (api_job.started_by, api_job.sent_at) == (chair, None)

        # A roster too big to import at once: the job's page says so; the upload is kept for the job.
        imports = reverse("cadres:cadre_import")
        clerk.get(imports)
        answer = clerk.post_file(imports, "file", "roster.xlsx", roster_upload(3))
        waiting_import = GeneratedFile.objects.get(kind=IMPORT_KIND, requested_by=secretary)
        assert answer.status == 200 and answer.url.endswith(waiting_import.get_absolute_url())
        assert UNAVAILABLE in messages_in(answer.body)
        assert (waiting_import.status, waiting_import.sent_at) == ("queued", None)
        assert len(list((media / "imports").glob("*"))) == 1

        # A township's service-card batch.
        admin.get(cards_page)
        answer = admin.post(
            reverse("certifications:cards_township_pdf", args=[world.township.pk]), {}, referer=cards_page
        )
        assert answer.status == 200 and UNAVAILABLE in messages_in(answer.body)
        batch = GeneratedFile.objects.get(kind=BATCH_KIND)
        assert (batch.status, batch.sent_at) == ("queued", None)

        # Redis is back, with a worker and the scheduler: every job waiting runs, nobody clicks again.
        redis_server.start()
        services.append(start_worker(env))
        services.append(start_beat(env, str(tmp_path / "beat-schedule")))
        deadline = time.monotonic() + 120
        while (
            ReportJob.objects.filter(finished_at__isnull=True).exists()
            or GeneratedFile.objects.filter(finished_at__isnull=True).exists()
        ):
            for process in services:
                assert process.poll() is None, process.stdout.read().decode(errors="replace")[-2000:]
            assert time.monotonic() < deadline, (
                list(job.reports.values_list("status", "message")),
                list(GeneratedFile.objects.values_list("kind", "status", "message")),
            )
            time.sleep(0.3)
        for generation in (job, api_job):
            assert set(generation.reports.values_list("status", "message")) == {("done", "")}
        # Both ran once; the later generation is the current one.
        assert RoundReport.objects.get(round=round, township=world.township, is_current=True).job == api_job
        finished = list(GeneratedFile.objects.values_list("kind", "status", "message"))
        assert {status for _kind, status, _message in finished} == {"done"}, finished
        assert ReportJob.objects.filter(round=round).count() == 2
    except BaseException:
        print(app.output())
        raise
    finally:
        for process in services:
            process.terminate()
            process.wait(timeout=20)
        app.stop()
