import os
import re
import subprocess
import sys
from pathlib import Path

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
