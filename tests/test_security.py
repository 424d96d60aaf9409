import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def test_pages_carry_a_nonce_based_content_security_policy(world, org_admin, client_as):
    client = client_as(org_admin)
    response = client.get(reverse("regions:pilot_list"))
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert all("src=" in tag for tag in scripts), "no inline scripts"
    assert response["X-Frame-Options"] == "DENY"


def test_a_fresh_nonce_for_every_response(world, org_admin, client_as):
    client = client_as(org_admin)
    first = client.get(reverse("home"))["Content-Security-Policy"]
    second = client.get(reverse("home"))["Content-Security-Policy"]
    assert first != second


def test_production_settings_pass_the_deployment_checks():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="skilled_township.settings",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "Zq8#vLm2@pX9!rT4&wN6^yB1*cF3$hJ5",
        ALLOWED_HOSTS="township.example.gov.cn",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_no_page_loads_anything_from_the_internet():
    offenders = []
    for folder in ("templates", "skilled_township"):
        for path in (ROOT / folder).rglob("*.html"):
            if re.search(r"""(src|href)=["'](https?:)?//""", path.read_text("utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_error_pages_keep_the_products_look(world, secretary_of_gaocun, client_as):
    client = client_as(secretary_of_gaocun)
    missing = client.get(reverse("regions:region_detail", args=["431228000000"]))
    assert missing.status_code == 404 and "技能型乡镇政府" in missing.content.decode()
    refused = client.get(reverse("accounts:user_list"))
    assert refused.status_code == 403 and "技能型乡镇政府" in refused.content.decode()
    server_error = (ROOT / "templates" / "500.html").read_text("utf-8")
    assert "技能型乡镇政府" in server_error and "{% extends" not in server_error


def test_database_connections_are_checked_before_reuse():
    # A connection kept across requests is tested first, so the app survives a database restart.
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


# --- Behind a reverse proxy: the address the trusted proxy saw ----------------------------------------------

PROXY = "10.9.9.9"  # the proxy's own address, the one the app's socket sees
CLIENT = "203.0.113.9"  # the client's address as the proxy saw it (and appended)


def _sign_in_through_proxy(client, password, written_by_client):
    return client.post(
        reverse("accounts:login"),
        {"username": "secretary_gaocun", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{written_by_client}, {CLIENT}",
    )


def test_a_client_behind_the_proxy_cannot_dodge_the_lock_out_by_writing_its_own_address(
    world, secretary_of_gaocun, client, settings
):
    from skilled_township.accounts.models import AuditEntry
    from tests.factories import PASSWORD

    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in_through_proxy(client, "wrong-Pass-1", f"198.51.100.{attempt + 1}")
    # A fresh left-most value and the right password: still locked, since the proxy saw the same client.
    refused = _sign_in_through_proxy(client, PASSWORD, "198.51.100.200")
    assert "锁定" in refused.content.decode() and "_auth_user_id" not in client.session
    failures = AuditEntry.objects.filter(action="login_failed")
    assert set(failures.values_list("ip", flat=True)) == {CLIENT}


def test_the_audit_trail_records_the_address_the_proxy_saw(world, secretary_of_gaocun, client, settings):
    from skilled_township.accounts.models import AuditEntry
    from tests.factories import PASSWORD

    settings.TRUSTED_PROXY_COUNT = 1
    _sign_in_through_proxy(client, PASSWORD, "1.2.3.4")
    assert AuditEntry.objects.get(action="login").ip == CLIENT


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4, 203.0.113.9", PROXY),  # no proxy configured: the header is the client's own words
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),  # a balancer, then nginx
        (2, "203.0.113.9", PROXY),  # fewer values than proxies: it did not come through them all
        (1, "", PROXY),
        (1, "1.2.3.4, not-an-address", PROXY),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_address_is_counted_from_the_right(settings, rf, proxies, forwarded, expected):
    from skilled_township.core.context import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("environ", "expected"), [({}, 0), ({"TRUST_X_FORWARDED_FOR": "1"}, 1), ({"TRUSTED_PROXY_COUNT": "2"}, 2)]
)
def test_the_proxy_count_is_read_from_the_environment(environ, expected):
    env = {
        key: value for key, value in os.environ.items() if key not in {"TRUST_X_FORWARDED_FOR", "TRUSTED_PROXY_COUNT"}
    }
    env.update(environ)
    code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == str(expected), result.stderr


# --- Nothing answered to a signed-in user is cached ---------------------------------------------------------


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


def test_every_page_export_and_download_of_a_signed_in_user_is_not_stored(world, personas, client_as):
    from .access import ACCESS

    client = client_as(personas["org_admin"])
    checked = []
    for url_name, access in sorted(ACCESS.items()):
        if access.get["org_admin"] != 200:
            continue
        url = reverse(url_name, kwargs=access.kwargs(world, personas))
        response = client.get(url + (f"?{access.query}" if access.query else ""))
        assert response.status_code == 200, url
        assert _no_store(response), f"{url_name} may be cached: {response.get('Cache-Control')!r}"
        checked.append(url_name)
    # Pages, an export, a file download and API lists (with the session) are among them.
    assert {"home", "cadres:cadre_export", "files:download", "api:cadre-list"} <= set(checked)


def test_api_answers_under_a_token_are_not_stored(world, secretary_of_gaocun):
    from tests.generic import api_client

    response = api_client(secretary_of_gaocun).get(reverse("api:cadre-list"))
    assert response.status_code == 200 and _no_store(response)


def test_static_files_stay_cacheable_for_a_signed_in_user(world, org_admin, client_as):
    client = client_as(org_admin)
    static = client.get(settings.STATIC_URL + "favicon.svg")
    assert static.status_code == 200 and not _no_store(static)
