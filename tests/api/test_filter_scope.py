"""A filter naming a row outside the user's scope is refused exactly like one naming a row that does not exist:
same status, same body. Otherwise ``?cadre=<id>`` would tell a secretary which ids exist in other townships.

Every endpoint of the router and every related-row filter of its filter set, discovered, as the secretary of
another township (吕家坪镇) asking about rows of 高村镇.
"""

from __future__ import annotations

import django_filters
import pytest
from django.db.models import Max
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from skilled_township.api.urls import router
from skilled_township.core.api import ScopedFilterBackend
from skilled_township.core.scoping import GlobalQuerySet, framework_choice

from .. import objects
from ..pairing import household_builders, visit_builders
from ..training import builders as training_builders


def api_client(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def filterset_of(viewset):
    return ScopedFilterBackend().get_filterset_class(viewset(), viewset.queryset)


def choice_filters():
    """(basename, filter name, filter) for every related-row filter of every endpoint whose rows are scoped
    (the catalogue is the same for everyone, so it has nothing to give away)."""
    cases = []
    for _prefix, viewset, basename in router.registry:
        filterset = filterset_of(viewset)
        if filterset is None:
            continue
        for name, f in filterset.base_filters.items():
            if not isinstance(f, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
                continue
            queryset = f.get_queryset(None)
            if isinstance(queryset, GlobalQuerySet) or framework_choice(queryset.model):
                continue
            cases.append(pytest.param(basename, name, f, id=f"{basename}?{name}"))
    return cases


CASES = choice_filters()


def test_the_discovery_finds_the_filters_clients_use():
    found = {case.id for case in CASES}
    assert {"study-record?cadre", "study-record?township", "cadre?township", "region?parent"} <= found


def build_every_row(world) -> None:
    for build in (
        objects.cadre,
        objects.secondment,
        objects.study_record,
        objects.learning_plan,
        objects.demand,
        objects.required_skill,
        training_builders.disbursement,
        training_builders.attendance,
        household_builders.member,
        household_builders.income,
        visit_builders.visit,
    ):
        build(world)


@pytest.mark.parametrize(("basename", "name", "choice"), CASES)
def test_an_id_outside_the_scope_is_refused_like_one_that_does_not_exist(
    basename, name, choice, world, secretary_of_gaocun, secretary_of_other_township
):
    build_every_row(world)
    queryset = choice.get_queryset(None)
    manager = queryset.model._default_manager
    theirs = manager.visible_to(secretary_of_other_township).values("pk")
    outside = queryset.exclude(pk__in=theirs)
    # Prefer a row someone else may filter by, to show the filter itself works.
    row = outside.filter(pk__in=manager.visible_to(secretary_of_gaocun).values("pk")).first() or outside.first()
    assert row is not None, f"no {queryset.model._meta.label} outside 吕家坪镇 to ask for: build one in 高村镇"
    missing = (queryset.model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1000
    url = reverse(f"api:{basename}-list")

    client = api_client(secretary_of_other_township)
    outside_scope = client.get(url, {name: row.pk})
    nonexistent = client.get(url, {name: missing})
    assert nonexistent.status_code == 400
    assert (outside_scope.status_code, outside_scope.json()) == (nonexistent.status_code, nonexistent.json())

    if manager.visible_to(secretary_of_gaocun).filter(pk=row.pk).exists():
        assert api_client(secretary_of_gaocun).get(url, {name: row.pk}).status_code == 200
