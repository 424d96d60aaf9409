"""The tests every API endpoint gets, as NetBox's ``APIViewTestCases`` give every model: list, detail, create,
update and delete as each persona (including a secretary and an admin whose scope does not reach 高村镇),
audit of writes, a filter, and a query count that stays the same as rows grow.

An endpoint's test class subclasses ``EndpointCases`` and says which rows it reads and writes (see the hooks
below). Every request is made with a real API token, the way clients sign in.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry

from ..access import ROLES
from ..access_rows.api import OUTSIDE_GAOCUN


def api_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


class EndpointCases:
    #: Router basename: URLs ``api:<basename>-list`` and ``api:<basename>-detail``.
    basename: ClassVar[str]
    model: ClassVar[type]
    readers: ClassVar[frozenset[str]]
    #: Roles that may write (``None``: the endpoint is read only).
    writers: ClassVar[frozenset[str] | None] = None
    #: Whether rows belong to a region (the catalogue is city-wide).
    scoped: ClassVar[bool] = True
    deletable: ClassVar[bool] = False
    #: The payload field that places a new row in 高村镇 (the one refused to users outside it).
    scope_field: ClassVar[str] = ""

    # --- hooks ---------------------------------------------------------------------------------------------

    def make(self, world, n: int = 0):
        """A row in 高村镇; for ``n > 0`` a further one with fresh related rows (for the query counts)."""
        raise NotImplementedError

    def create_payload(self, world) -> dict[str, Any]:
        """A valid new row in 高村镇."""
        return {}

    def update_payload(self, world, obj) -> dict[str, Any]:
        """A PATCH changing ``obj``; the test reads the row back and compares the fields sent."""
        return {}

    def filter_case(self, world, obj) -> tuple[dict[str, Any], set[int]]:
        """Query parameters and the ids (``obj`` and rows made here) an org_admin should get back."""
        return {}, {obj.pk}

    # --- helpers -------------------------------------------------------------------------------------------

    def list_url(self) -> str:
        return reverse(f"api:{self.basename}-list")

    def detail_url(self, obj) -> str:
        return reverse(f"api:{self.basename}-detail", kwargs={"pk": obj.pk})

    def outside(self, role: str) -> bool:
        return self.scoped and role in OUTSIDE_GAOCUN

    def may_write(self, role: str) -> bool:
        return self.writers is not None and role in self.writers

    @staticmethod
    def ids(response) -> set[int]:
        return {row["id"] for row in response.data["results"]}

    # --- the tests -----------------------------------------------------------------------------------------

    @pytest.mark.parametrize("role", ROLES)
    def test_list(self, role, world, personas):
        obj = self.make(world)
        response = api_client(personas[role]).get(self.list_url())
        if role not in self.readers:
            assert response.status_code == 403
            return
        assert response.status_code == 200
        assert (obj.pk in self.ids(response)) is not self.outside(role)

    @pytest.mark.parametrize("role", ROLES)
    def test_detail(self, role, world, personas):
        obj = self.make(world)
        response = api_client(personas[role]).get(self.detail_url(obj))
        expected = 403 if role not in self.readers else 404 if self.outside(role) else 200
        assert response.status_code == expected
        if expected == 200:
            assert response.data["id"] == obj.pk

    @pytest.mark.parametrize("role", ROLES)
    def test_create(self, role, world, personas):
        self.make(world)
        payload = self.create_payload(world)
        before = self.model.objects.count()
        response = api_client(personas[role]).post(self.list_url(), payload, format="json")
        if role == "anonymous":
            expected = 403
        elif self.writers is None:
            expected = 405
        elif role not in self.writers:
            expected = 403
        else:
            expected = 400 if self.outside(role) else 201
        assert response.status_code == expected, response.data
        if expected != 201:
            assert self.model.objects.count() == before
            if expected == 400:
                # A row placed in 高村镇 by someone whose scope does not reach it: the field is refused.
                assert self.scope_field in response.data
            return
        created = self.model.objects.get(pk=response.data["id"])
        entry = AuditEntry.objects.for_object(created).get(action="create")
        assert (entry.user, entry.source) == (personas[role], "api")

    @pytest.mark.parametrize("role", ROLES)
    def test_update(self, role, world, personas):
        obj = self.make(world)
        payload = self.update_payload(world, obj)
        response = api_client(personas[role]).patch(self.detail_url(obj), payload, format="json")
        if role == "anonymous":
            expected = 403
        elif self.writers is None:
            expected = 405
        elif role not in self.writers:
            expected = 403
        else:
            expected = 404 if self.outside(role) else 200
        assert response.status_code == expected, response.data
        stored = self.model.objects.get(pk=obj.pk)
        changed = {name: getattr(stored, name) != getattr(obj, name) for name in payload}
        assert all(changed.values()) if expected == 200 else not any(changed.values())
        if expected == 200:
            entry = AuditEntry.objects.for_object(stored).get(action="update")
            assert (entry.user, entry.source) == (personas[role], "api")

    @pytest.mark.parametrize("role", ROLES)
    def test_delete(self, role, world, personas):
        obj = self.make(world)
        response = api_client(personas[role]).delete(self.detail_url(obj))
        if role == "anonymous":
            expected = 403
        elif not self.deletable:
            expected = 405
        elif role not in self.writers:
            expected = 403
        else:
            expected = 404 if self.outside(role) else 204
        assert response.status_code == expected
        assert self.model.objects.filter(pk=obj.pk).exists() is (expected != 204)

    def test_filter(self, world, org_admin):
        obj = self.make(world)
        params, expected = self.filter_case(world, obj)
        response = api_client(org_admin).get(self.list_url(), params)
        assert response.status_code == 200
        assert self.ids(response) == expected

    def test_an_unknown_filter_value_is_refused_not_ignored(self, world, org_admin):
        """A filter naming a row the user cannot see is a 400, never a silently unfiltered list."""
        obj = self.make(world)
        params, _expected = self.filter_case(world, obj)
        related = [name for name, value in params.items() if isinstance(value, int)]
        if not related:
            pytest.skip("no related-row filter")
        response = api_client(org_admin).get(self.list_url(), {related[0]: 10**9})
        assert response.status_code == 400

    def test_list_queries_stay_constant_as_rows_grow(self, world, org_admin):
        client = api_client(org_admin)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(self.list_url()).status_code == 200
            return len(captured)

        self.make(world)
        few = queries()
        for n in range(1, 11):
            self.make(world, n)
        assert queries() == few
