"""Audit entries that belong to no region — failed sign-ins under unknown usernames, edits of the city-wide
catalogue — are the city's: its auditors read them in the audit list and in the audit export, county auditors
do not."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry
from skilled_township.accounts.roles import Role
from skilled_township.core.context import acting_as

from .. import factories
from ..test_export_scope import run_audit_export


@pytest.fixture
def county_admin(world):
    return factories.user("county_admin", Role.ORG_ADMIN, world.county)


def listed_usernames(client, user, **query) -> set[str]:
    client.force_login(user)
    return {row.username for row in client.get(reverse("accounts:audit_list"), query).context["table"].data}


def exported(client, user) -> list[tuple]:
    return run_audit_export(client, user)[1:]


@pytest.mark.parametrize("door", ["page", "api"])
def test_a_failed_sign_in_under_an_unknown_username_is_the_citys(world, org_admin, county_admin, door):
    if door == "page":
        Client().post(reverse("accounts:login"), {"username": "nobody", "password": "x"}, REMOTE_ADDR="192.0.2.9")
    else:
        APIClient().post("/api/v1/auth/token/", {"username": "nobody", "password": "x"}, REMOTE_ADDR="192.0.2.9")
    entry = AuditEntry.objects.get(action="login_failed", username="nobody")
    assert entry.region_code == "" and entry.ip == "192.0.2.9"

    client = Client()
    assert "nobody" in listed_usernames(client, org_admin, action="login_failed")
    assert "nobody" not in listed_usernames(client, county_admin, action="login_failed")
    city_rows = exported(client, org_admin)
    assert ("nobody", "192.0.2.9") in {(row[1], row[2]) for row in city_rows}
    assert "nobody" not in {row[1] for row in exported(client, county_admin)}


def test_a_failed_sign_in_under_a_county_account_stays_with_its_region(world, org_admin, county_admin, client):
    """A known username is filed under its account's region: its county reads it, the neighbouring one not."""
    other_county_admin = factories.user("zhijiang_admin", Role.ORG_ADMIN, world.other_county)
    factories.user("secretary_gaocun", Role.TOWNSHIP_SECRETARY, world.township)
    Client().post(reverse("accounts:login"), {"username": "secretary_gaocun", "password": "wrong"})
    assert "secretary_gaocun" in listed_usernames(client, county_admin, action="login_failed")
    assert "secretary_gaocun" in listed_usernames(client, org_admin, action="login_failed")
    assert "secretary_gaocun" not in listed_usernames(client, other_county_admin, action="login_failed")


def test_the_catalogues_edits_are_in_the_city_export_only(world, org_admin, county_admin, client):
    with acting_as(org_admin):
        factories.skill("T09", "油茶低改")
    assert "油茶低改" in {row[6] for row in exported(client, org_admin)}
    assert "油茶低改" not in {row[6] for row in exported(client, county_admin)}
