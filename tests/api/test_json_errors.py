"""The API answers every error in JSON (``{"detail": ...}``, or the fields at fault for a 400), in the request's
language, and no request a client can make is a server error."""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from skilled_township.api.urls import router
from skilled_township.learning.models import LearningPlan
from skilled_township.skills.models import Proficiency

from .. import factories, objects

METHODS = ("get", "post", "put", "patch", "delete", "options", "head")
HUGE = 10**40


def junk_bodies(fields):
    """Raw request bodies a careless or hostile client might send: not JSON at all, JSON of the wrong shape, and
    every field at once huge, null, of the wrong type or nested junk."""
    yield '{"cadre": '  # cut off
    yield "\ufeff{}garbage"
    yield json.dumps([1, 2, 3])
    yield json.dumps("text")
    yield json.dumps({name: HUGE for name in fields})
    yield json.dumps({name: -HUGE for name in fields})
    yield json.dumps({name: 1e308 for name in fields})
    yield json.dumps({name: None for name in fields})
    yield json.dumps({name: "x" * 300 for name in fields})
    yield json.dumps({name: [{"a": {"b": [None, HUGE]}}] for name in fields})
    yield json.dumps({name: {"id": "1"} for name in fields})
    yield json.dumps({name: True for name in fields})


def field_names(viewset) -> list[str]:
    serializer = viewset.serializer_class
    return sorted({*getattr(serializer.Meta, "fields", ()), *serializer._declared_fields})


def send(client, method, url, body):
    """A request with ``body`` as its JSON body (a GET or HEAD carries it as a stray query string)."""
    if method in ("get", "head"):
        return getattr(client, method)(f"{url}?{body[:40]}")
    return getattr(client, method)(url, body, content_type="application/json")


def assert_json_error(response, where):
    assert response.status_code < 500, f"{where}: {response.status_code} {response.content[:300]!r}"
    if response.status_code >= 400 and response.request["REQUEST_METHOD"] != "HEAD":
        assert response["Content-Type"].startswith("application/json"), f"{where}: {response['Content-Type']}"
        body = response.json()
        assert body and isinstance(body, dict), f"{where}: {body!r}"


@pytest.fixture
def token_client(world, secretary_of_gaocun):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=secretary_of_gaocun).key}")
    return client


@pytest.fixture
def rows(world):
    """One row of every kind in the secretary's township, so detail routes answer for a real row."""
    plan = objects.learning_plan(world)
    objects.secondment(world)
    objects.study_record(world)
    objects.demand(world)
    return plan


def test_no_request_to_any_route_is_a_server_error_and_every_error_is_json(world, token_client, rows):
    routes = list(router.registry)
    assert len(routes) >= 8  # every app's routes are mounted
    tried = 0
    for prefix, viewset, _basename in routes:
        row = viewset.queryset.model.objects.order_by("pk").first()
        urls = [f"/api/v1/{prefix}/", f"/api/v1/{prefix}/{row.pk if row else 1}/", f"/api/v1/{prefix}/0/"]
        fields = field_names(viewset)
        for url in urls:
            for method in METHODS:
                for body in junk_bodies(fields):
                    assert_json_error(send(token_client, method, url, body), f"{method.upper()} {url} {body[:60]}")
                    tried += 1
        # Junk in the query string too.
        for query in ({"page": "x"}, {"ordering": "-nope"}, {"township": "abc"}, {"cadre": HUGE}, {"year": "1e9"}):
            assert_json_error(token_client.get(f"/api/v1/{prefix}/", query), f"GET {prefix} {query}")
    # The routes beside the router's: token sign-in, the schema and the documentation page.
    for url in ("/api/v1/auth/token/", "/api/v1/schema/", "/api/v1/docs/"):
        for method in METHODS:
            for body in junk_bodies(["username", "password"]):
                assert_json_error(send(token_client, method, url, body), f"{method.upper()} {url} {body[:60]}")
                tried += 1
    assert tried > 1000


def test_a_partial_update_of_a_plan_takes_the_default_target(world, secretary_of_gaocun, token_client, rows):
    elective = factories.skill("JJ11", "生猪养殖")
    response = token_client.patch(
        f"/api/v1/learning-plans/{rows.pk}/", {"electives": [{"skill": elective.pk}]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert [(item["skill"], item["target_proficiency"]) for item in response.json()["items"]] == [
        (elective.pk, Proficiency.GRASP)
    ]
    assert LearningPlan.objects.get(pk=rows.pk).items.get().skill == elective


def test_a_partial_update_with_a_bad_target_names_the_field(world, token_client, rows):
    elective = factories.skill("JJ11", "生猪养殖")
    response = token_client.patch(
        f"/api/v1/learning-plans/{rows.pk}/",
        {"electives": [{"skill": elective.pk, "target_proficiency": 99}]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    # In a PATCH, DRF names a list's faulty items by their index.
    assert response.json() == {"electives": {"0": {"target_proficiency": ['"99" is not a valid choice.']}}}
    no_skill = token_client.patch(
        f"/api/v1/learning-plans/{rows.pk}/", {"electives": [{"target_proficiency": 2}]}, format="json"
    )
    assert no_skill.status_code == 400
    assert list(no_skill.json()["electives"]["0"]) == ["skill"]


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", "不存在"), ("en", "not found")], ids=["chinese", "english"]
)
def test_an_unknown_api_address_is_a_json_404_in_the_request_language(world, token_client, language, words):
    response = token_client.get("/api/v1/no-such-list/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert words in response.json()["detail"].lower()
    # Outside the API the page is still a page.
    page = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_a_method_the_route_does_not_offer_is_a_json_405(world, token_client):
    response = token_client.delete("/api/v1/cadres/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}
    schema = token_client.post("/api/v1/schema/", HTTP_ACCEPT_LANGUAGE="en")  # the schema itself is YAML
    assert schema.status_code == 405 and schema["Allow"] == "GET, HEAD, OPTIONS"
    assert schema.json() == {"detail": 'Method "POST" not allowed.'}


def test_malformed_json_is_a_json_400_naming_the_problem(world, token_client):
    response = token_client.post("/api/v1/cadres/", '{"name": ', content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_a_session_write_without_the_csrf_token_is_a_json_403(world, secretary_of_gaocun):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(secretary_of_gaocun)
    response = client.post("/api/v1/cadres/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    # The documentation page is a Django page: its CSRF refusal answers in JSON too, under the API's address.
    docs = client.post("/api/v1/docs/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert docs.status_code == 403
    assert docs["Content-Type"] == "application/json" and docs.json()["detail"]


def test_a_too_large_body_is_a_json_error(world, secretary_of_gaocun, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = APIClient()
    client.force_login(secretary_of_gaocun)
    too_large = {"name": "x" * 2000, "notes": "y" * 2000}
    for response in (
        client.post("/api/v1/cadres/", too_large, format="multipart"),
        client.post("/api/v1/cadres/", too_large, format="json"),
    ):
        assert response.status_code in (400, 413), response.content[:200]
        assert response["Content-Type"] == "application/json" and response.json()["detail"]


def test_an_unexpected_exception_is_a_json_500_without_a_traceback(world, secretary_of_gaocun, monkeypatch):
    from skilled_township.cadres.api import CadreViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(CadreViewSet, "list", broken)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(secretary_of_gaocun)
    response = client.get("/api/v1/cadres/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "secret internals" not in response.content.decode() and "Traceback" not in response.content.decode()
    assert "try again" in response.json()["detail"]
