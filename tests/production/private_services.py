"""Private instances of the real services for the fault drills — a PostgreSQL 15 cluster and a Redis server of
the drill's own, on free ports in a temporary folder — so that restarting or stopping them disturbs nobody (the
shared servers at 5432 and 6379 are never touched). Also the application and a Celery worker as separate
processes, and a small HTTP client with cookies for signing in to it.

Missing binaries skip the drill with the reason, never silently.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PG_BIN = Path(os.environ.get("DRILL_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            pytest.fail(f"{process.args[:4]} exited {process.returncode}: {output[-3000:]}")
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"nothing answers on 127.0.0.1:{port} after {timeout} s")


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class PrivatePostgres:
    """A PostgreSQL cluster in a temporary folder, run as the ``postgres`` OS user when the tests run as root
    (the server refuses to run as root), with trust authentication on 127.0.0.1 and a free port."""

    def __init__(self):
        for tool in ("initdb", "pg_ctl", "postgres"):
            if not (PG_BIN / tool).exists():
                pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN} (install postgresql-15): {tool}")
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            if not shutil.which("runuser"):
                pytest.skip("running as root and runuser is missing: cannot start a private PostgreSQL cluster")
            try:
                import pwd

                pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no postgres OS user to run a private PostgreSQL cluster")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        # In /tmp, which the postgres user can reach (a root TMPDIR may not be); short enough for the socket path.
        self.folder = Path(tempfile.mkdtemp(prefix="drill-pg-", dir="/tmp" if self.as_user else None))
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        self.data = self.folder / "data"
        self.port = free_port()

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([*self.as_user, *command], capture_output=True, text=True, timeout=120)
        if check and result.returncode:
            pytest.fail(f"{command[0]} exited {result.returncode}: {result.stdout[-1500:]} {result.stderr[-1500:]}")
        return result

    def start(self) -> None:
        initdb = [str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        self._run(*initdb, "--no-sync", "--locale=C.UTF-8")
        self.pg_ctl("start")

    def pg_ctl(self, action: str, *extra: str) -> float:
        """``pg_ctl start|stop|restart`` (waiting until done); the seconds it took."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        began = time.monotonic()
        command = [str(PG_BIN / "pg_ctl"), action, "-D", str(self.data), "-w", "-t", "60", *extra]
        if action in ("start", "restart"):
            command += ["-o", options, "-l", str(self.folder / "server.log")]
        self._run(*command)
        return time.monotonic() - began

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg2

        connection = psycopg2.connect(self.url())
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        return self.url(name)

    def destroy(self) -> None:
        if self.data.exists():
            self._run(str(PG_BIN / "pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate", "-w", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


class PrivateRedis:
    """A Redis server on a free port, without persistence; ``stop`` and ``start`` again on the same port."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            pytest.skip("redis-server not found (install redis-server): cannot run a private Redis for the drill")
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_for_port(self.port, process=self.process)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


def app_environment(database_url: str, broker_url: str, media_root: str, **extra) -> dict:
    """The environment of the application's and a worker's processes: production settings with HTTPS redirects
    off (tests/settings.py), DEBUG off."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "MEDIA_ROOT": media_root,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


class App:
    """The application on a free port, served as in production: gunicorn with ``deploy/gunicorn.conf.py`` (one
    worker of two threads here, each keeping its database connection from request to request, CONN_MAX_AGE)."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        command = [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"]
        env = {**env, "BIND": f"127.0.0.1:{self.port}", "WEB_WORKERS": "1", "WEB_THREADS": "2"}
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(self.port, timeout=60)
        except BaseException:
            stop_process(self.process)
            raise
        if self.process.poll() is not None:
            pytest.fail(f"the application exited: {self.output()}")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def stop(self) -> None:
        stop_process(self.process)
        self.log.close()


def start_worker(env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "skilled_township", "worker", "--pool=solo"]
    command += ["--without-gossip", "--without-mingle", "--loglevel=WARNING"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def start_beat(env: dict, schedule: str) -> subprocess.Popen:
    """The scheduler (Celery beat) with its schedule file at ``schedule``."""
    command = [sys.executable, "-m", "celery", "-A", "skilled_township", "beat", "--loglevel=WARNING"]
    command += ["--schedule", schedule]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


class Response:
    def __init__(self, status: int, url: str, body: str):
        self.status, self.url, self.body = status, url, body


class Browser:
    """Cookies, the CSRF token and redirects, as a browser has them."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None, timeout=10) -> Response:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=timeout) as answer:
                return Response(answer.status, answer.url, answer.read().decode(errors="replace"))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.url, error.read().decode(errors="replace"))

    def get(self, path: str, timeout=10) -> Response:
        return self.request(path, timeout=timeout)

    def csrf(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def post(self, path: str, fields: dict, referer: str | None = None) -> Response:
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self.csrf()}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + (referer or path)}
        return self.request(path, data, headers)

    def post_file(self, path: str, field: str, filename: str, content: bytes, referer: str | None = None):
        boundary = "----drill-boundary-7d93"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{self.csrf()}\r\n',
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n",
        ]
        body = parts[0].encode() + parts[1].encode() + content + f"\r\n--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": self.base + (referer or path),
        }
        return self.request(path, body, headers, timeout=30)

    def sign_in(self, username: str, password: str) -> None:
        self.get("/accounts/login/")
        answer = self.post("/accounts/login/", {"username": username, "password": password})
        assert answer.status == 200 and "/accounts/login/" not in answer.url, answer.body[:500]


def messages_in(body: str) -> str:
    """The text of the page's flash messages (alerts), for what the user reads."""
    return " ".join(
        re.sub(r"<[^>]+>", " ", part) for part in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', body, re.S)
    )
