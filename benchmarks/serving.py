"""Throughput and response times over HTTP: the production server (`bin/serve web`: gunicorn with its
production configuration, DEBUG off) on the bench database, under 8 and then 32 concurrent clients.

Run with `make bench` (after benchmarks/pages.py has built the bench database; built here the same way when it
is missing). Township secretaries of `BENCH_HTTP_ACCOUNTS` different townships (accounts made for the bench,
kept for the next run) each open, one after the other and again, the roster, the service ledger and the visit
list, for `BENCH_HTTP_SECONDS` seconds per round (60). Prints the requests, errors, median and 95th percentile
response time and the requests per second of each round and page; any error fails the run.

Plain HTTP on 127.0.0.1 (SECURE_SSL_REDIRECT=0); the clients are threads of this process, each with one
kept-alive connection, so the figures include the cost of a client on the same machine.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skilled_township_bench"
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "60"))
ACCOUNTS = int(os.environ.get("BENCH_HTTP_ACCOUNTS", "8"))
CONCURRENCY = [int(n) for n in os.environ.get("BENCH_HTTP_CLIENTS", "8,32").split(",")]
PASSWORD = "Bench-pass-2026"


def ensure_database() -> None:
    """The bench database as benchmarks/pages.py builds it (demo city, a large roster), unless it is there."""
    from benchmarks import pages

    if not pages.database_exists():
        pages.recreate_database()
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        pages.grow()
    else:
        call_command("migrate", verbosity=0)


def secretaries() -> list:
    """One secretary account per township, for the ``ACCOUNTS`` townships with the most cadres."""
    from django.db.models import Count

    from skilled_township.accounts.models import User
    from skilled_township.accounts.roles import Role
    from skilled_township.regions.models import Region

    townships = (
        Region.objects.filter(level=Region.Level.TOWNSHIP)
        .annotate(on_roster=Count("cadres"))
        .order_by("-on_roster", "code")[:ACCOUNTS]
    )
    accounts = []
    for township in townships:
        user, created = User.objects.get_or_create(
            username=f"bench_secretary_{township.code}",
            defaults={"role": Role.TOWNSHIP_SECRETARY, "scope": township, "full_name": f"压测 {township.name}"},
        )
        if created:
            user.set_password(PASSWORD)
            user.must_change_password = False
            user.save()
        accounts.append(user)
    return accounts


def session_cookie(user) -> str:
    """A signed-in session of ``user`` (as a sign-in would make it, kept in the database the server reads)."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workdir: Path) -> subprocess.Popen:
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        # The same key as this process: the sessions made here are valid there.
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=os.environ["DATABASE_URL"],
        ALLOWED_HOSTS="127.0.0.1",
        PORT=str(port),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    log = (workdir / "server.log").open("wb")
    process = subprocess.Popen(
        [str(ROOT / "bin" / "serve"), "web"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server stopped:\n{(workdir / 'server.log').read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.5)
    process.terminate()
    sys.exit("The server did not answer /healthz in time.")


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: list[str] = []

    def add(self, page: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors.append(f"{page}: {error}")
            else:
                self.times.setdefault(page, []).append(seconds)


def client_loop(port: int, cookie: str, pages: dict[str, str], until: float, results: Results) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Accept-Language": "zh-hans", "Accept-Encoding": "gzip"}
    while time.monotonic() < until:
        for page, url in pages.items():
            started = time.perf_counter()
            error = None
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    error = f"status {response.status}"
            except (OSError, http.client.HTTPException) as exc:
                error = repr(exc)
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            results.add(page, time.perf_counter() - started, error)
            if time.monotonic() >= until:
                break
    connection.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def run_round(port: int, cookies: list[str], pages: dict[str, str], clients: int) -> int:
    results = Results()
    until = time.monotonic() + SECONDS
    started = time.perf_counter()
    threads = [
        threading.Thread(target=client_loop, args=(port, cookies[n % len(cookies)], pages, until, results))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    every = [t for times in results.times.values() for t in times]
    total = len(every) + len(results.errors)
    errors = len(results.errors)
    print(f"{clients} clients, {SECONDS:.0f} s: {total} requests, {errors} errors, {total / elapsed:.1f} requests/s")
    print(f"  {'page':<22} {'requests':>8} {'median':>8} {'p95':>8}")
    for page, times in [*results.times.items(), ("all", every)]:
        if times:
            median, slow = statistics.median(times) * 1000, p95(times) * 1000
            print(f"  {page:<22} {len(times):>8} {median:>6.0f}ms {slow:>6.0f}ms")
    for error in results.errors[:10]:
        print(f"  error: {error}")
    return errors


def main() -> None:
    started = time.perf_counter()
    ensure_database()
    accounts = secretaries()
    cookies = [session_cookie(user) for user in accounts]
    pages = {
        "roster": reverse("cadres:cadre_list"),
        "service ledger": reverse("certifications:ledger_list"),
        "visit list": reverse("pairing:visit_list"),
    }
    workdir = Path(tempfile.mkdtemp(prefix="skilled-township-http-bench-"))
    port = free_port()
    server = start_server(port, workdir)
    try:
        print(
            f"HTTP: bin/serve web (gunicorn, {os.cpu_count()} CPUs: {os.environ.get('WEB_WORKERS') or 'default'} "
            f"workers), {len(accounts)} secretaries of different townships; setup {time.perf_counter() - started:.0f} s"
        )
        # Every page once per account first: the workers' first requests load code and templates.
        for cookie in cookies:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for url in pages.values():
                connection.request("GET", url, headers={"Cookie": cookie})
                connection.getresponse().read()
            connection.close()
        errors = sum(run_round(port, cookies, pages, clients) for clients in CONCURRENCY)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    if errors:
        print(f"HTTP bench FAILED: {errors} requests answered with an error (server log: {workdir / 'server.log'}).")
        sys.exit(1)
    print("HTTP bench: 0 errors.")


if __name__ == "__main__":
    main()
