"""The tests every model's create and edit pages (and its API) get, as NetBox's ``ViewTestCases`` give every
model. A model's case (in ``tests/<app>/test_generic.py``) subclasses the pieces that apply and fills in
their hooks; ``tests/test_access_matrix.py`` fails for a create or edit page, or a writable API endpoint,
that no case covers, and for a case of a scoped model that does not try to move a row out of scope.

* ``CreateCases``: the keeper opens the create page, fills in ``form_data`` over what the page shows and
  submits: a redirect to a page they can open, exactly one more row holding what was typed, and one audit
  entry (create, by them).
* ``EditCases``: the same on the edit page of ``make(world)`` with ``changes``: the row changed and one
  audit entry (update, by them) naming exactly the fields that changed.
* ``CreateOutOfScopeCases`` / ``MoveOutOfScopeCases``: someone whose scope stops short of ``outside`` (a
  valid id just outside it) puts it in ``scope_field``: refused (the form says why, or 404), nothing saved,
  nothing audited. Where the page keeps the field fixed, the row simply stays where it is.
* ``ApiCases`` / ``ApiScopeCases``: the same through ``api:<api_basename>-list`` / ``-detail`` with JSON and
  a token, audited as ``api``.

Who keeps the rows is ``editor``: ``"secretary"`` (高村镇's) or ``"org_admin"`` (the city's organisation
department). The scope tests need someone whose scope has an edge: the secretary tries another township's
rows; for the organisation department's rows, an admin of 麻阳县 tries 芷江县's.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.forms.formsets import BaseFormSet
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry
from skilled_township.accounts.roles import Role
from skilled_township.core.scoping import ScopedQuerySet

from . import factories

# --- Helpers ------------------------------------------------------------------------------------------------


def posted_values(response) -> dict[str, Any]:
    """What the browser sends back when the page's form is submitted as shown: every field that is not
    disabled, with the value the page shows (formsets with their management form)."""
    data: dict[str, Any] = {}
    for key in ("form", "formset"):
        if key not in response.context:
            continue
        form = response.context[key]
        members = [form.management_form, *form.forms] if isinstance(form, BaseFormSet) else [form]
        for member in members:
            for bound in member:
                if not bound.field.disabled:
                    data[bound.html_name] = _as_posted(bound.value())
    return data


def _as_posted(value: Any) -> Any:
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """Every stored value of a row, read back from the database (but the time it was last saved)."""
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    fields = [field for field in fresh._meta.concrete_fields if not getattr(field, "auto_now", False)]
    return {field.attname: getattr(fresh, field.attname) for field in fields}


def assert_saved(obj: models.Model, data: dict[str, Any]) -> None:
    """The row holds every model field of ``data`` (other keys, such as a formset's, are not fields)."""
    fresh = type(obj)._base_manager.get(pk=obj.pk)
    for name, value in data.items():
        field = _model_field(type(obj), name)
        if field is None:
            continue
        expected = field.to_python(value) if value != "" else None
        actual = field.value_from_object(fresh)
        if expected is None and field.empty_strings_allowed:
            expected = ""
        assert actual == expected, f"{type(obj).__name__}.{name}: saved {actual!r}, sent {value!r}"


def _model_field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete and not field.many_to_many else None


def changed_fields(model: type[models.Model], data: dict[str, Any]) -> set[str]:
    return {name for name in data if _model_field(model, name) is not None}


def domain_entries() -> int:
    return AuditEntry.objects.filter(action__in=["create", "update", "delete", "permission"]).count()


#: API endpoints whose writes start background jobs rather than change the programme's records: no generic
#: case, no audit entry; the job keeps who asked for it (``ReportJob.started_by``), and the endpoint's own tests
#: (tests/assessment/test_reports.py) cover who may start one.
JOB_ENDPOINTS = frozenset({"assessment-report-job"})


def api_client(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def is_scoped(model: type[models.Model]) -> bool:
    """Rows that belong to a region (the catalogue is city-wide)."""
    return issubclass(model._default_manager._queryset_class, ScopedQuerySet)


@dataclass
class Elsewhere:
    """Rows just outside the scope of whoever tries to move a row out of scope."""

    county: Any
    township: Any
    village: Any

    @cached_property
    def cadre(self):
        return factories.cadre(self.township, "外镇干部")


# --- The cases ----------------------------------------------------------------------------------------------


class ModelCase(abc.ABC):
    model: ClassVar[type[models.Model]]
    #: The persona who keeps these rows: ``"secretary"`` (of 高村镇) or ``"org_admin"``.
    editor: ClassVar[str] = "secretary"

    # --- fixtures ---

    @pytest.fixture
    def keeper(self, personas):
        return personas[self.editor]

    @pytest.fixture
    def scope_keeper(self, world, personas):
        """Whoever tries to move a row out of scope: the secretary, a cadre for their own rows (anyone else's are
        out of their reach), or for the organisation department's rows an admin of 麻阳县 (the city's admin
        reaches everywhere)."""
        if self.editor in ("secretary", "cadre"):
            return personas[self.editor]
        return factories.user("org_admin_mayang", Role.ORG_ADMIN, world.county)

    @pytest.fixture
    def elsewhere(self, world) -> Elsewhere:
        if self.editor == "secretary":
            return Elsewhere(county=world.other_county, township=world.other_township, village=world.other_village)
        township = factories.region("431228101000", "芷江镇", world.other_county)
        village = factories.region("431228101201", "芷江村", township)
        return Elsewhere(county=world.other_county, township=township, village=village)


class CreateCases(ModelCase):
    create_url_name: ClassVar[str]

    def create_kwargs(self, world) -> dict[str, Any]:
        return {}

    @abc.abstractmethod
    def form_data(self, world) -> dict[str, Any]:
        """What the keeper fills in for a new row of 高村镇 (or 麻阳县)."""

    def assert_created(self, row, data: dict[str, Any], user) -> None:
        assert_saved(row, data)
        entries = AuditEntry.objects.for_object(row)
        assert [(e.action, e.user, e.source) for e in entries] == [("create", user, "web")]

    def test_create(self, world, keeper, client_as):
        client = client_as(keeper)
        url = reverse(self.create_url_name, kwargs=self.create_kwargs(world))
        page = client.get(url)
        assert page.status_code == 200
        data = {**posted_values(page), **self.form_data(world)}
        before = set(self.model._base_manager.values_list("pk", flat=True))

        response = client.post(url, data)
        assert response.status_code == 302, _form_errors(response)
        assert client.get(response["Location"]).status_code == 200
        added = self.model._base_manager.exclude(pk__in=before)
        assert added.count() == 1
        self.assert_created(added.get(), self.form_data(world), keeper)


class ExistingRowCase(ModelCase):
    @abc.abstractmethod
    def make(self, world) -> models.Model:
        """A row of 高村镇 (or 麻阳县, for the organisation department's rows) to edit."""


class EditCases(ExistingRowCase):
    update_url_name: ClassVar[str]

    def update_kwargs(self, obj) -> dict[str, Any]:
        return {"pk": obj.pk}

    @abc.abstractmethod
    def changes(self, world, obj) -> dict[str, Any]:
        """Form fields the keeper changes, with their new values."""

    def assert_edited(self, obj, data: dict[str, Any], user, entries) -> None:
        assert_saved(obj, data)
        assert [(e.action, e.user, e.source) for e in entries] == [("update", user, "web")]
        assert set(entries[0].changes) == changed_fields(self.model, data)

    def test_edit(self, world, keeper, client_as):
        obj = self.make(world)
        client = client_as(keeper)
        url = reverse(self.update_url_name, kwargs=self.update_kwargs(obj))
        page = client.get(url)
        assert page.status_code == 200
        changes = self.changes(world, obj)
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

        response = client.post(url, {**posted_values(page), **changes})
        assert response.status_code == 302, _form_errors(response)
        assert client.get(response["Location"]).status_code == 200
        self.assert_edited(obj, changes, keeper, list(AuditEntry.objects.filter(pk__gt=last).order_by("pk")))


class ScopeHooks(ModelCase):
    #: The form (or payload) field that places a row in the region tree.
    scope_field: ClassVar[str]

    @abc.abstractmethod
    def outside(self, world, elsewhere: Elsewhere) -> Any:
        """A valid value of ``scope_field`` just outside the scope keeper's scope."""


class CreateOutOfScopeCases(ScopeHooks, CreateCases):
    def outside_create_kwargs(self, world, elsewhere: Elsewhere) -> dict[str, Any] | None:
        """URL parameters placing the new row outside scope, for pages that take its place from the URL."""
        return None

    def test_create_out_of_scope_is_refused(self, world, scope_keeper, elsewhere, client_as):
        client = client_as(scope_keeper)
        kwargs = self.outside_create_kwargs(world, elsewhere)
        url = reverse(self.create_url_name, kwargs=kwargs if kwargs is not None else self.create_kwargs(world))
        page = client.get(url)
        shown = posted_values(page) if page.status_code == 200 else {}
        assert page.status_code == (404 if kwargs is not None else 200)
        data = {**shown, **self.form_data(world), self.scope_field: self.outside(world, elsewhere)}
        rows, entries = self.model._base_manager.count(), domain_entries()

        response = client.post(url, data)
        assert response.status_code in (200, 404), f"POST {url}: {response.status_code}"
        if response.status_code == 200:
            assert _form_errors(response), "refused without saying why"
        assert (self.model._base_manager.count(), domain_entries()) == (rows, entries)


class MoveOutOfScopeCases(ScopeHooks, EditCases):
    def test_move_out_of_scope_is_refused(self, world, scope_keeper, elsewhere, client_as):
        obj = self.make(world)
        client = client_as(scope_keeper)
        url = reverse(self.update_url_name, kwargs=self.update_kwargs(obj))
        page = client.get(url)
        assert page.status_code == 200
        form = page.context.get("form")
        editable = form is not None and self.scope_field in form.fields and not form.fields[self.scope_field].disabled
        outside = self.outside(world, elsewhere)
        before, entries = snapshot(obj), domain_entries()

        response = client.post(url, {**posted_values(page), self.scope_field: outside})
        if editable:
            assert response.status_code in (200, 404), f"POST {url} moved the row: {response.status_code}"
            if response.status_code == 200:
                assert _form_errors(response), "refused without saying why"
        else:  # the page keeps the row where it is whatever is sent
            assert response.status_code in (200, 302, 404)
        assert snapshot(obj) == before
        assert domain_entries() == entries


class ApiCases(ExistingRowCase):
    api_basename: ClassVar[str]

    @abc.abstractmethod
    def api_payload(self, world) -> dict[str, Any]:
        """The JSON body of a new row of 高村镇 (or 麻阳县) through the API."""

    @abc.abstractmethod
    def api_changes(self, world, obj) -> dict[str, Any]:
        """Fields a PATCH changes, with their new values."""

    def assert_created_through_api(self, row, payload, user) -> None:
        assert_saved(row, payload)
        entries = AuditEntry.objects.for_object(row)
        assert [(e.action, e.user, e.source) for e in entries] == [("create", user, "api")]

    def test_api_create(self, world, keeper):
        payload = self.api_payload(world)
        rows = self.model._base_manager.count()
        response = api_client(keeper).post(reverse(f"api:{self.api_basename}-list"), payload, format="json")
        assert response.status_code == 201, response.data
        assert self.model._base_manager.count() == rows + 1
        self.assert_created_through_api(self.model._base_manager.get(pk=response.data["id"]), payload, keeper)

    def test_api_update(self, world, keeper):
        obj = self.make(world)
        changes = self.api_changes(world, obj)
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": obj.pk})
        response = api_client(keeper).patch(url, changes, format="json")
        assert response.status_code == 200, response.data
        assert_saved(obj, changes)
        entries = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))
        assert [(e.action, e.user, e.source) for e in entries] == [("update", keeper, "api")]
        assert set(entries[0].changes) == changed_fields(self.model, changes)


class ApiScopeCases(ScopeHooks, ApiCases):
    def test_api_create_out_of_scope_is_refused(self, world, scope_keeper, elsewhere):
        payload = {**self.api_payload(world), self.scope_field: self.outside(world, elsewhere)}
        rows, entries = self.model._base_manager.count(), domain_entries()
        response = api_client(scope_keeper).post(reverse(f"api:{self.api_basename}-list"), payload, format="json")
        assert response.status_code == 400, response.data
        assert self.scope_field in response.data
        assert (self.model._base_manager.count(), domain_entries()) == (rows, entries)

    def test_api_move_out_of_scope_is_refused(self, world, scope_keeper, elsewhere):
        obj = self.make(world)
        payload = {self.scope_field: self.outside(world, elsewhere)}
        before, entries = snapshot(obj), domain_entries()
        url = reverse(f"api:{self.api_basename}-detail", kwargs={"pk": obj.pk})
        response = api_client(scope_keeper).patch(url, payload, format="json")
        assert response.status_code in (400, 404), response.data
        assert snapshot(obj) == before
        assert domain_entries() == entries


def _form_errors(response) -> str:
    """The errors a refused form shows (empty when none)."""
    context = getattr(response, "context", None)
    if not context:
        return ""
    errors = []
    for key in ("form", "formset"):
        if key in context:
            form = context[key]
            errors.append(str(form.non_form_errors() if isinstance(form, BaseFormSet) else form.non_field_errors()))
            errors.extend(str(member.errors) for member in (form.forms if isinstance(form, BaseFormSet) else [form]))
    return "".join(error for error in errors if error)
