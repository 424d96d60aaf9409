"""Scoping fails closed: every model says who may see its rows and which region they belong to, and a form,
filter, serializer or API view offering rows of a model that says nothing is refused when it is declared,
never served. Framework models are allowed only by name (``core.scoping.FRAMEWORK_CHOICES``)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from rest_framework import serializers

from skilled_township.accounts.audit import is_audited
from skilled_township.accounts.filters import AuditEntryFilter
from skilled_township.accounts.models import AuditEntry, User
from skilled_township.api.urls import router
from skilled_township.core.api import ScopedModelSerializer, ScopedModelViewSet
from skilled_township.core.filters import ScopedFilterSet
from skilled_township.core.forms import ScopedModelForm
from skilled_township.core.scoping import GlobalQuerySet, framework_choice, region_code_lookup_of, region_code_of
from skilled_township.regions.models import Region

from . import objects

PACKAGE = "skilled_township"


def project_models():
    return [model for model in apps.get_models() if model._meta.app_config.name.startswith(f"{PACKAGE}.")]


def project_classes(base: type) -> list[type]:
    """Every subclass of ``base`` defined in the project, after importing every module of every app."""
    for config in apps.get_app_configs():
        if not config.name.startswith(f"{PACKAGE}."):
            continue
        for module in pkgutil.walk_packages(config.module.__path__, f"{config.name}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found, pending = [], [base]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith(f"{PACKAGE}."):
                found.append(sub)
    return found


def choice_fields(fields):
    return {name: field for name, field in fields.items() if getattr(field, "queryset", None) is not None}


# --- Every model of the project -------------------------------------------------------------------


def test_every_model_of_the_project_says_who_may_see_its_rows():
    models = project_models()
    assert len(models) >= 15
    assert [m._meta.label for m in models if not hasattr(m._default_manager, "visible_to")] == []


def test_every_audited_model_says_which_region_its_rows_belong_to():
    problems = []
    audited = [model for model in project_models() if is_audited(model)]
    assert len(audited) >= 12
    for model in audited:
        try:
            lookup = region_code_lookup_of(model)
        except ImproperlyConfigured as error:
            problems.append(str(error))
            continue
        if lookup is None and not isinstance(model._default_manager.get_queryset(), GlobalQuerySet):
            problems.append(f"{model._meta.label}: no region, and not declared city-wide with a GlobalQuerySet")
    assert problems == []


def test_the_catalogue_is_declared_city_wide_not_left_unscoped(world, secretary_of_other_township):
    from skilled_township.skills.models import Skill, SkillCategory

    skill = objects.skill(world)
    for model in (Skill, SkillCategory):
        assert isinstance(model.objects.all(), GlobalQuerySet)
    assert skill in Skill.objects.visible_to(secretary_of_other_township)
    assert not Skill.objects.visible_to(None).exists()


def every_row(world, personas) -> list:
    """A row of every model the test objects can build, in 高村镇 (or 麻阳县), plus the world and personas."""
    from skilled_township.certifications.models import Certificate
    from skilled_township.learning.models import PlanItem

    rows = [world.city, world.county, world.township, world.village, world.pilot, world.income]
    rows += [user for user in personas.values() if user is not None]
    for _name, build in inspect.getmembers(objects, inspect.isfunction):
        if build.__module__ == objects.__name__ and list(inspect.signature(build).parameters) == ["world"]:
            rows.append(build(world))
    cadre, skill = objects.cadre(world), objects.skill(world)
    rows.append(Certificate.objects.create(cadre=cadre, skill=skill, level=5, number="JD-2026-0001"))
    rows.append(PlanItem.objects.create(plan=objects.learning_plan(world), skill=skill))
    return rows


def test_whoever_sees_a_row_sees_its_history_and_nobody_else(world, personas):
    """The audit trail places a row by the path ``visible_to`` filters on, so the two always agree."""
    viewers = [personas["org_admin"], personas["other_org_admin"]]
    checked = set()
    for row in every_row(world, personas):
        model = row._meta.model
        if not is_audited(model) or region_code_lookup_of(model) is None:
            continue
        entries = AuditEntry.objects.for_object(row)
        assert {entry.region_code for entry in entries} == {region_code_of(row)}, model._meta.label
        for viewer in viewers:
            sees_row = model._default_manager.visible_to(viewer).filter(pk=row.pk).exists()
            assert entries.visible_to(viewer).exists() is sees_row, (model._meta.label, viewer)
        checked.add(model._meta.label)
    assert {
        "regions.Region",
        "regions.PilotTownship",
        "regions.VillageIncome",
        "accounts.User",
        "skills.Demand",
        "skills.TownshipRequiredSkill",
        "cadres.Cadre",
        "cadres.Secondment",
        "cadres.EducationTarget",
        "certifications.Certificate",
        "learning.PlanRule",
        "learning.LearningPlan",
        "learning.PlanItem",
        "learning.StudyRecord",
    } <= checked


# --- Forms, filters, serializers and API views refuse an unscoped model ---------------------------


def test_a_form_offering_rows_of_an_unscoped_model_is_refused_when_declared():
    with pytest.raises(ImproperlyConfigured, match=r"auth\.Group"):

        class AccountGroupsForm(ScopedModelForm):
            class Meta:
                model = User
                fields = ["username", "groups"]

    with pytest.raises(ImproperlyConfigured, match=r"auth\.Group"):

        class RegionWithGroupForm(ScopedModelForm):
            group = forms.ModelChoiceField(queryset=Group.objects.all())

            class Meta:
                model = Region
                fields = ["name"]


def test_a_form_whose_choices_are_swapped_for_an_unscoped_model_refuses_to_validate(world, org_admin):
    class RegionForm(ScopedModelForm):
        class Meta:
            model = Region
            fields = ["name", "parent"]

    form = RegionForm({"name": "新村", "parent": world.township.pk}, user=org_admin)
    form.fields["parent"].queryset = Group.objects.all()
    with pytest.raises(ImproperlyConfigured):
        form.is_valid()


def test_a_filter_offering_rows_of_an_unscoped_model_is_refused_when_declared(world, org_admin):
    with pytest.raises(ImproperlyConfigured, match=r"auth\.Group"):

        class AccountGroupFilter(ScopedFilterSet):
            group = django_filters.ModelChoiceFilter(field_name="groups", queryset=Group.objects.all())

            class Meta:
                model = User
                fields = ["group"]

    class LateFilter(ScopedFilterSet):
        # A queryset chosen per request is checked when the filter set is first used.
        group = django_filters.ModelChoiceFilter(field_name="groups", queryset=lambda request: Group.objects.all())

        class Meta:
            model = User
            fields = ["group"]

    with pytest.raises(ImproperlyConfigured):
        LateFilter({}, user=org_admin)


def test_a_serializer_accepting_rows_of_an_unscoped_model_is_refused(world, org_admin):
    with pytest.raises(ImproperlyConfigured, match=r"auth\.Group"):

        class DeclaredGroupSerializer(ScopedModelSerializer):
            group = serializers.PrimaryKeyRelatedField(queryset=Group.objects.all())

            class Meta:
                model = User
                fields = ["id", "group"]

    class AccountSerializer(ScopedModelSerializer):
        class Meta:
            model = User
            fields = ["id", "username", "groups"]

    request = RequestFactory().get("/")
    request.user = org_admin
    with pytest.raises(ImproperlyConfigured, match=r"auth\.Group"):
        AccountSerializer(context={"request": request})


def test_an_api_view_that_could_serve_rows_unscoped_is_refused_when_declared():
    with pytest.raises(ImproperlyConfigured, match=r"auth\.Group"):

        class GroupViewSet(ScopedModelViewSet):
            queryset = Group.objects.all()

    class PlainRegionFilter(django_filters.FilterSet):
        class Meta:
            model = Region
            fields = ["parent"]

    with pytest.raises(ImproperlyConfigured, match="ScopedFilterSet"):

        class RegionViewSet(ScopedModelViewSet):
            queryset = Region.objects.all()
            filterset_class = PlainRegionFilter


def test_an_api_view_with_a_plain_serializer_still_refuses_an_unscoped_model(world, org_admin):
    class PlainAccountSerializer(serializers.ModelSerializer):
        class Meta:
            model = User
            fields = ["id", "username", "groups"]

    class AccountViewSet(ScopedModelViewSet):
        queryset = User.objects.all()
        serializer_class = PlainAccountSerializer

    request = RequestFactory().get("/")
    request.user = org_admin
    view = AccountViewSet(request=request, format_kwarg=None, action="list")
    with pytest.raises(ImproperlyConfigured, match=r"auth\.Group"):
        view.get_serializer()


def test_a_framework_model_is_offered_only_when_named(world, org_admin):
    # The audit trail's object types: the audited models' names, the same for everyone.
    field = AuditEntryFilter({}, user=org_admin).form.fields["content_type"]
    offered = {pk for _app, options in field.choices if isinstance(options, list) for pk, _label in options}
    assert ContentType.objects.get(app_label="cadres", model="cadre").pk in offered


def test_every_api_view_form_and_filter_of_the_project_is_built_on_the_scoped_bases():
    not_scoped_views = [v.__qualname__ for _p, v, _b in router.registry if not issubclass(v, ScopedModelViewSet)]
    assert router.registry and not_scoped_views == []
    filtersets = project_classes(django_filters.FilterSet)
    assert len(filtersets) >= 8
    assert [f.__qualname__ for f in filtersets if not issubclass(f, ScopedFilterSet)] == []
    model_forms = [f for f in project_classes(forms.ModelForm) if choice_fields(f.base_fields)]
    assert len(model_forms) >= 5
    assert [f.__qualname__ for f in model_forms if not issubclass(f, ScopedModelForm)] == []


# --- Choices offered are the user's own ----------------------------------------------------------


def test_every_filter_of_every_page_and_endpoint_offers_only_rows_in_scope(world, personas):
    every_row(world, personas)
    user = personas["other_secretary"]
    request = RequestFactory().get("/")
    request.user = user
    narrowed = []
    for filterset_class in project_classes(ScopedFilterSet):
        if filterset_class._meta.model is None:  # a base, not a filter set of its own
            continue
        filterset = filterset_class({}, request=request)
        for name, field in choice_fields(filterset.form.fields).items():
            model = field.queryset.model
            if framework_choice(model):
                continue
            offered = set(field.queryset.values_list("pk", flat=True))
            visible = set(model._default_manager.visible_to(user).values_list("pk", flat=True))
            assert offered <= visible, f"{filterset_class.__qualname__}.{name} offers rows outside the scope"
            base = filterset_class.base_filters[name].get_queryset(request)
            if base.count() > len(offered):
                narrowed.append(f"{filterset_class.__qualname__}.{name}")
    assert "CadreFilter.township" in narrowed and "StudyRecordFilter.cadre" in narrowed


def test_the_roster_filter_of_a_secretary_lists_only_their_own_township(world, secretary_of_other_township, client):
    client.force_login(secretary_of_other_township)
    html = client.get(reverse("cadres:cadre_list")).content.decode()
    select = re.search(r'<select name="township".*?</select>', html, re.S).group(0)
    assert world.other_township.name in select and world.township.name not in select


def list_pages_with_filters() -> list[tuple[str, type]]:
    """(URL, filter set) of every page of the project that shows a filter form, found from the URL patterns."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
                view = getattr(pattern.callback, "view_class", None)
                filterset_class = getattr(view, "filterset_class", None)
                if filterset_class is not None:
                    found.append((reverse(f"{namespace}:{pattern.name}"), filterset_class))

    walk(get_resolver().url_patterns, None)
    return found


@pytest.mark.parametrize("persona", ["other_secretary", "other_org_admin"])
def test_every_filter_drop_down_of_every_page_lists_only_rows_in_scope(world, personas, client, persona):
    """As a township secretary and as a county admin, every choice of every page's filter form is a row they may
    see — also when the request names a township or village outside their scope (a dependent choice such as the
    demand page's villages must not follow it out)."""
    every_row(world, personas)
    user = personas[persona]
    client.force_login(user)
    pages = list_pages_with_filters()
    assert {filterset.__name__ for _url, filterset in pages} >= {
        "CadreFilter",  # roster
        "StudyRecordFilter",  # ledger
        "DemandFilter",
        "RequiredSkillFilter",
        "VillageIncomeFilter",  # income
        "UserFilter",  # user list
    }
    outside = {"township": world.township.pk, "village": world.village.pk, "county": world.county.pk}
    checked = set()
    for url, filterset_class in pages:
        for query in ({}, outside):
            response = client.get(url, query)
            if response.status_code != 200:  # a page the role may not open
                continue
            for name, field in choice_fields(response.context["filter"].form.fields).items():
                model = field.queryset.model
                if framework_choice(model):
                    continue
                visible = set(model._default_manager.visible_to(user).values_list("pk", flat=True))
                offered = {int(str(value)) for value, _label in field.choices if str(value) != ""}
                assert offered <= visible, f"{url} {name} offers rows outside the scope ({query})"
                checked.add(f"{filterset_class.__name__}.{name}")
    expected = {
        "other_secretary": {
            "CadreFilter.township",
            "StudyRecordFilter.township",
            "DemandFilter.township",
            "DemandFilter.village",
            "RequiredSkillFilter.township",
            "VillageIncomeFilter.township",
        },
        "other_org_admin": {"UserFilter.scope", "CadreFilter.township", "VillageIncomeFilter.township"},
    }[persona]
    assert expected <= checked, expected - checked
