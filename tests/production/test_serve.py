"""`make serve` as a county would run it: bin/serve with DEBUG off (gunicorn, a Celery worker and the scheduler)
on the test database and the test broker, asked over plain HTTP on a free port, then stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings

from tests.worker import _database_url

from .private_services import ROOT, free_port


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(django_db_setup, tmp_path):
    """bin/serve running on the (already migrated) test database; the base URL, and the process to stop."""
    port = free_port()
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        SECRET_KEY="serve-test-" + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=_database_url(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        # A queue of its own: the worker must not take jobs other tests leave on the test broker.
        CELERY_QUEUE=f"serve-test-{uuid.uuid4().hex[:8]}",
        CELERY_BEAT_SCHEDULE_FILE=str(tmp_path / "celerybeat-schedule"),
        PORT=str(port),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        WEB_WORKERS="1",
        WEB_THREADS="2",
        WORKER_CONCURRENCY="1",
    )
    log = (tmp_path / "serve.log").open("w+b")
    process = subprocess.Popen(
        [str(ROOT / "bin" / "serve")], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"bin/serve stopped ({process.returncode}):\n{(tmp_path / 'serve.log').read_text()[-3000:]}"
                )
            try:
                if get(base + "/healthz")[0] in (200, 503):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"bin/serve did not answer:\n{(tmp_path / 'serve.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield base, process, tmp_path / "serve.log"
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def processes_left(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_make_serve_answers_and_stops_cleanly(served):
    base, process, log = served

    status, headers, body = get(base + "/accounts/login/")
    assert status == 200 and 'name="username"' in body.decode()
    assert headers["X-Request-ID"]

    status, _, body = get(base + "/healthz")
    assert status == 200, body
    assert body.decode() == (
        '{"status": "ok", "checks": {"database": "ok", "broker": "ok", "storage": "ok", "migrations": "ok"}}'
    )

    # The static files were collected with a compressed copy of each, served as the browser asks.
    for encoding in ("br", "gzip"):
        status, headers, body = get(
            base + "/static/vendor/bootstrap/bootstrap.min.css", **{"Accept-Encoding": encoding}
        )
        assert status == 200 and headers["Content-Encoding"] == encoding
        assert len(body) < (ROOT / "static" / "vendor" / "bootstrap" / "bootstrap.min.css").stat().st_size / 3

    # The worker and the scheduler run beside the web server.
    deadline = time.monotonic() + 60
    while not ("ready." in log.read_text() and "beat: Starting" in log.read_text()):
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.5)

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0
    deadline = time.monotonic() + 30
    while processes_left(process.pid):
        assert time.monotonic() < deadline, "a process of bin/serve is still running"
        time.sleep(0.2)
    # One line per request, from the app (gunicorn's own access log is off).
    text = log.read_text()
    assert "skilled_township.requests" in text and "GET /healthz 200" in text


def test_serve_refuses_to_start_without_its_settings(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    result = subprocess.run(
        [str(ROOT / "bin" / "serve")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr and "DATABASE_URL" in result.stderr and "ALLOWED_HOSTS" in result.stderr


def test_serve_refuses_debug(tmp_path):
    env = {**os.environ, "DEBUG": "1"}
    result = subprocess.run(
        [str(ROOT / "bin" / "serve")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2 and "DEBUG" in result.stderr
