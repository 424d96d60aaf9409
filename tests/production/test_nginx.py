"""The sample nginx site of deploy/ in front of `bin/serve web`, as a county would install it: the site file as
shipped (only its ports, certificate and folder names changed for the test), checked with `nginx -t`, then
asked over HTTPS with HTTP/2.

What it proves: the site parses; pages come through with one request id; plain HTTP is sent to HTTPS; static
files are served from the folder collectstatic wrote, compressed and cached for a year when their name carries
a hash; a body over the limit is refused with 413; and the app takes the client's address from exactly one
proxy hop (a client that writes its own X-Forwarded-For does not choose the address the lock-out counts).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from skilled_township.accounts.models import LoginAttempt
from tests.worker import _database_url

from .private_services import ROOT, free_port, stop_process, wait_for_port

SITE = ROOT / "deploy" / "nginx-skilled-township.conf"
HOST = "township.example.gov.cn"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def site_for_test(tmp: Path, http_port: int, https_port: int, app_port: int, static_root: Path) -> str:
    """The shipped site with the test's ports and paths; every replaced line must be there, so a change to the
    shipped file that this test would no longer cover fails here."""
    text = SITE.read_text()
    replacements = [
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n"),
        ("    listen [::]:80;\n", ""),
        ("    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n"),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("/etc/ssl/skilled-township/fullchain.pem", str(tmp / "cert.pem")),
        ("/etc/ssl/skilled-township/privkey.pem", str(tmp / "key.pem")),
        ("/srv/skilled-township/var/staticfiles/", f"{static_root}/"),
        ("/var/log/nginx/skilled-township.access.log", str(tmp / "access.log")),
    ]
    for old, new in replacements:
        assert old in text, f"{SITE.name} no longer has {old!r}"
        text = text.replace(old, new)
    return text


def nginx_conf(tmp: Path, site: str) -> Path:
    (tmp / "site.conf").write_text(site)
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / folder).mkdir()
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""
user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""
    )
    return conf


@pytest.fixture(scope="module")
def proxied(django_db_setup, tmp_path_factory):
    """nginx (the shipped site) in front of `bin/serve web` on the test database: the HTTPS and HTTP ports."""
    tmp_path = tmp_path_factory.mktemp("nginx")
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed: `make test` installs it (DEBIAN_TEST_PACKAGES)")
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    static_root = tmp_path / "static"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={HOST}"),
            *("-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    env.update(
        SECRET_KEY="nginx-test-" + uuid.uuid4().hex,
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}:{https_port}",
        TRUSTED_PROXY_COUNT="1",
        DATABASE_URL=_database_url(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        PORT=str(app_port),
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(tmp_path / "media"),
        WEB_WORKERS="1",
        WEB_THREADS="2",
    )
    log = (tmp_path / "web.log").open("w+b")
    web = subprocess.Popen([str(ROOT / "bin" / "serve"), "web"], cwd=ROOT, env=env, stdout=log, stderr=log)
    nginx = None
    try:
        wait_for_port(app_port, timeout=180, process=web)
        conf = nginx_conf(tmp_path, site_for_test(tmp_path, http_port, https_port, app_port, static_root))
        checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        nginx = subprocess.Popen(
            [NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(https_port, timeout=30, process=nginx)
        yield {"https": https_port, "http": http_port, "static": static_root, "tmp": tmp_path}
    finally:
        if nginx is not None:
            stop_process(nginx)
        stop_process(web)
        log.close()


def curl(port: int, path: str, *options: str, scheme: str = "https") -> tuple[int, str, dict, bytes]:
    """(status, HTTP version, headers, body) of one request to the test site by its name."""
    marker = "\n--curl-status:"
    command = ["curl", "-s", "-k", "--http2", "--resolve", f"{HOST}:{port}:127.0.0.1", "-D", "-"]
    command += ["-w", marker + "%{http_code} %{http_version}", *options, f"{scheme}://{HOST}:{port}{path}"]
    done = subprocess.run(command, capture_output=True, timeout=30, check=True)
    output, _sep, tail = done.stdout.rpartition(marker.encode())
    status, version = tail.decode().split()
    head, _sep, body = output.partition(b"\r\n\r\n")
    headers: dict[str, list[str]] = {}
    for line in head.decode(errors="replace").splitlines()[1:]:
        name, _sep, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return int(status), version, headers, body


def test_the_shipped_nginx_site_serves_the_app_over_https_with_http2(proxied):
    status, version, headers, body = curl(proxied["https"], "/accounts/login/")
    assert (status, version) == (200, "2")
    assert b'name="username"' in body
    # One request id, nginx's, answered by the app (the proxy hides the app's copy of the header).
    assert len(headers["x-request-id"]) == 1 and re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"][0])
    assert "max-age" in " ".join(headers.get("strict-transport-security", []))

    status, _version, headers, _body = curl(proxied["http"], "/cadres/?page=2", scheme="http")
    assert status == 301 and headers["location"] == [f"https://{HOST}/cadres/?page=2"]


def test_static_files_come_from_the_collected_folder_compressed_and_cached_when_hashed(proxied):
    manifest = json.loads((proxied["static"] / "staticfiles.json").read_text())["paths"]
    hashed = next(name for path, name in manifest.items() if path.endswith("bootstrap.min.css"))
    status, _version, headers, body = curl(proxied["https"], f"/static/{hashed}", "-H", "Accept-Encoding: gzip")
    assert status == 200 and headers["content-encoding"] == ["gzip"]
    assert body == (proxied["static"] / f"{hashed}.gz").read_bytes()
    cache = ", ".join(headers["cache-control"])  # nginx's `expires` and the site's own header
    assert "immutable" in cache and "max-age=31536000" in cache
    # Uploaded files are handed out only by the app, which checks who asks.
    assert curl(proxied["https"], "/media/anything.pdf")[0] == 404


def test_a_body_over_the_limit_is_refused_by_the_proxy(proxied):
    big = proxied["tmp"] / "big.bin"
    big.write_bytes(b"x" * (11 * 1024 * 1024))
    status, *_rest = curl(proxied["https"], "/accounts/login/", "--data-binary", f"@{big}")
    assert status == 413


@pytest.mark.django_db(transaction=True)
def test_the_app_takes_the_client_address_from_exactly_one_proxy_hop(proxied):
    """The client connects from 127.0.0.2 and writes its own X-Forwarded-For; nginx (on 127.0.0.1 towards the
    app) appends 127.0.0.2. The failed sign-in is counted against 127.0.0.2: not the proxy's address, not the
    one the client wrote."""
    jar = str(proxied["tmp"] / "cookies.txt")
    port = proxied["https"]
    _status, _version, _headers, page = curl(port, "/accounts/login/", "-c", jar)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    username = f"nginx-{uuid.uuid4().hex[:8]}"
    status, *_rest = curl(
        port,
        "/accounts/login/",
        "-b",
        jar,
        "--interface",
        "127.0.0.2",
        "-H",
        "X-Forwarded-For: 6.6.6.6",
        "-H",
        f"Referer: https://{HOST}:{port}/accounts/login/",
        "--data-urlencode",
        f"csrfmiddlewaretoken={token}",
        "--data-urlencode",
        f"username={username}",
        "--data-urlencode",
        "password=wrong-password-1",
    )
    assert status == 200  # the sign-in page again, with the error
    deadline = time.monotonic() + 5
    while not LoginAttempt.objects.filter(username=username).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(LoginAttempt.objects.filter(username=username).values_list("ip", flat=True)) == ["127.0.0.2"]
