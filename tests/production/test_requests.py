"""One log line per request, the request id answered back and printed on the error page."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from skilled_township.core.requestlog import RequestIdFilter

REQUESTS_LOGGER = "skilled_township.requests"


def request_lines(caplog):
    return [record for record in caplog.records if record.name == REQUESTS_LOGGER]


def test_each_request_gets_a_new_id_answered_back(client, db):
    first = client.get(reverse("accounts:login"))["X-Request-ID"]
    second = client.get(reverse("accounts:login"))["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_the_proxys_request_id_is_kept(client, db):
    response = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID="7d1f0c2a9b8e4f6a8c3d2e1f0a9b8c7d")
    assert response["X-Request-ID"] == "7d1f0c2a9b8e4f6a8c3d2e1f0a9b8c7d"


@pytest.mark.parametrize("written", ["x" * 300, "abc def", "abc\nINFO forged line", "<script>"])
def test_an_id_that_does_not_look_like_one_is_replaced(client, db, written):
    answered = client.get(reverse("accounts:login"), HTTP_X_REQUEST_ID=written)["X-Request-ID"]
    assert answered != written and re.fullmatch(r"[0-9a-f]{32}", answered)


def test_one_log_line_per_request_with_status_duration_and_user(world, secretary_of_gaocun, client_as, caplog):
    caplog.set_level(logging.INFO, logger=REQUESTS_LOGGER)
    client = client_as(secretary_of_gaocun)
    response = client.get(reverse("cadres:cadre_list") + "?name=张三")

    [line] = request_lines(caplog)
    message = line.getMessage()
    assert re.fullmatch(rf"GET /cadres/ 200 \d+\.\dms user={secretary_of_gaocun.pk}", message), message
    assert line.duration_ms > 0
    assert line.request_id == response["X-Request-ID"]
    # The query string (a name searched for, say) stays out of the log.
    assert "张三" not in message


def test_an_anonymous_request_is_logged_with_no_user(client, db, caplog):
    caplog.set_level(logging.INFO, logger=REQUESTS_LOGGER)
    client.get(reverse("home"))
    [line] = request_lines(caplog)
    assert re.fullmatch(r"GET / 302 \d+\.\dms user=-", line.getMessage())


def test_every_log_record_written_during_a_request_carries_its_id(client, db, caplog):
    formatter = logging.Formatter("[%(request_id)s] %(message)s")
    seen = []

    class Collect(logging.Handler):
        def emit(self, record):
            seen.append(formatter.format(record))

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    logging.getLogger("skilled_township").addHandler(handler)
    try:
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-42")
    finally:
        logging.getLogger("skilled_township").removeHandler(handler)
    assert response.status_code == 404
    assert any(line.startswith("[req-42] GET /no-such-page/ 404") for line in seen)
    # Outside a request there is no id.
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "outside", None, None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


@pytest.mark.urls("tests.production.urls_failing")
def test_the_error_page_shows_the_request_id(db, caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/failing/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert "请求编号" in page and request_id in page
    assert "技能型乡镇政府" in page and "the page failed" not in page
    # The error and its traceback are logged under the same id.
    [error] = [record for record in caplog.records if record.name == "django.request"]
    assert error.levelno == logging.ERROR and error.exc_info is not None
    assert error.request_id == request_id


@pytest.mark.urls("tests.production.urls_failing")
def test_the_error_page_still_answers_when_its_template_fails(db, settings, tmp_path):
    (tmp_path / "500.html").write_text("{% load static %}{% static 'no/such/file.css' %}", "utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    response = Client(raise_request_exception=False).get("/failing/", HTTP_X_REQUEST_ID="req-4711")
    assert response.status_code == 500
    assert "请求编号" in response.content.decode() and "req-4711" in response.content.decode()
