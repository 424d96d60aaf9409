"""/healthz: what a monitor or the reverse proxy reads, with real failures (a closed port, an unwritable folder)."""

import socket

import pytest
from django.test import override_settings

from skilled_township.core import health


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db
def test_healthz_answers_ok_for_every_check_without_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "storage": "ok", "migrations": "ok"},
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https(client):
    with override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$"]):
        assert client.get("/healthz").status_code == 200
        assert client.get("/accounts/login/").status_code == 301


@pytest.mark.django_db
def test_an_unreachable_broker_answers_503(client):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port()}/0", CELERY_TASK_ALWAYS_EAGER=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"] == {"database": "ok", "broker": "error", "storage": "ok", "migrations": "ok"}


@pytest.mark.django_db
def test_embedded_mode_has_no_broker_to_check(client):
    with override_settings(CELERY_BROKER_URL="", CELERY_TASK_ALWAYS_EAGER=True):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "not configured"


@pytest.mark.django_db
def test_unwritable_storage_answers_503(client, tmp_path, settings):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    storages = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(blocker / "media")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "error"


@pytest.mark.django_db
def test_a_failure_is_explained_in_the_log_not_in_the_answer(client, caplog):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{closed_port()}/0", CELERY_TASK_ALWAYS_EAGER=False):
        response = client.get("/healthz")
    assert "127.0.0.1" not in response.content.decode()
    failures = [record for record in caplog.records if record.name == health.__name__]
    assert failures and failures[0].request_id == response["X-Request-ID"]
    assert "Connection refused" in caplog.text or "Error 111" in caplog.text


def test_healthz_answers_an_account_that_must_still_change_its_password(world, secretary_of_gaocun, client_as):
    secretary_of_gaocun.must_change_password = True
    secretary_of_gaocun.save()
    assert client_as(secretary_of_gaocun).get("/healthz").status_code == 200
