"""Each app declares its permission codes; they join one table that every view, menu and API reads."""

import io

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from skilled_township.accounts import roles
from skilled_township.accounts.roles import Role, permissions, role_has_perm
from skilled_township.core.navigation import declared_items


def test_the_table_joins_every_apps_codes_and_refuses_an_unknown_one():
    table = permissions()
    assert {"regions.view", "skills.view", "cadres.manage", "learning.log", "api.docs"} <= set(table)
    assert role_has_perm(Role.TOWNSHIP_SECRETARY, "learning.log") and not role_has_perm(Role.LEADER, "learning.log")
    with pytest.raises(KeyError, match="Unknown permission"):
        role_has_perm(Role.ORG_ADMIN, "harvest.view")


def test_every_menu_item_names_a_declared_permission():
    table = permissions()
    assert [item.permission for item in declared_items() if item.permission not in table] == []


def test_a_code_declared_twice_stops_the_start(monkeypatch):
    learning = apps.get_app_config("learning")
    monkeypatch.setattr(type(learning), "permissions", property(lambda self: {"skills.view": roles.ORG}))
    roles.permissions.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured, match="declared twice"):
            permissions()
    finally:
        monkeypatch.undo()
        roles.permissions.cache_clear()


def test_manage_roles_prints_the_table():
    out = io.StringIO()
    call_command("roles", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[1:] == list(Role.values)
    cadre_column = Role.values.index(Role.CADRE) + 1
    assert next(line for line in lines if line.startswith("learning.own")).split()[cadre_column] == "x"
    assert next(line for line in lines if line.startswith("cadres.manage")).split()[cadre_column] == "."
