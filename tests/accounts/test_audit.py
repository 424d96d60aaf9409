import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from skilled_township.accounts.models import AuditEntry
from skilled_township.accounts.roles import Role
from skilled_township.core.context import acting_as
from skilled_township.regions.models import PilotTownship

from .. import factories


def test_a_change_through_a_page_records_who_from_where_and_what(world, org_admin, client_as):
    client = client_as(org_admin)
    response = client.post(
        reverse("regions:pilot_update", args=[world.pilot.pk]),
        {"batch": 1, "start_year": 2024, "lead_industry": "脐橙", "status": "active", "note": ""},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.for_object(world.pilot).get(action="update")
    assert entry.user == org_admin and entry.username == "org_admin"
    assert entry.ip == "192.0.2.7" and entry.source == "web"
    assert entry.changes == {"lead_industry": ["柑桔", "脐橙"]}
    assert entry.region_code == world.township.code


def test_saving_without_a_change_records_nothing(world, org_admin):
    before = AuditEntry.objects.count()
    world.pilot.save()
    assert AuditEntry.objects.count() == before


def test_creation_and_deletion_are_recorded_with_their_values(world, org_admin):
    with acting_as(org_admin, ip="198.51.100.1"):
        pilot = factories.pilot(world.other_township, batch=3, industry="茶叶")
        pk = pilot.pk
        pilot.delete()
    created = AuditEntry.objects.get(action="create", object_id=str(pk), content_type__model="pilottownship")
    assert created.changes["lead_industry"] == [None, "茶叶"]
    assert created.changes["township"][1] == f"吕家坪镇 (#{world.other_township.pk})"
    deleted = AuditEntry.objects.get(action="delete", object_id=str(pk))
    assert deleted.user == org_admin and deleted.ip == "198.51.100.1"
    assert deleted.changes["lead_industry"] == ["茶叶", None]
    assert deleted.region_code == world.other_township.code


def test_audit_entries_cannot_be_changed_or_deleted(world):
    entry = AuditEntry.objects.first()
    entry.object_repr = "tampered"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


def test_the_history_link_shows_exactly_that_records_entries(world, org_admin, client_as):
    client = client_as(org_admin)
    with acting_as(org_admin):
        world.pilot.lead_industry = "椪柑"
        world.pilot.save()
    detail = client.get(reverse("regions:pilot_detail", args=[world.pilot.pk])).content.decode()
    start = detail.index(reverse("accounts:audit_list") + "?content_type=")
    history_url = detail[start : detail.index('"', start)].replace("&amp;", "&")
    rows = list(client.get(history_url).context["table"].data)
    assert rows and {(row.content_type.model, row.object_id) for row in rows} == {
        ("pilottownship", str(world.pilot.pk))
    }


def test_audit_list_filters_by_action_and_username(world, org_admin, client, client_as):
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    client = client_as(org_admin)
    rows = list(client.get(reverse("accounts:audit_list"), {"action": "login_failed"}).context["table"].data)
    # "nobody" has no account, so no region: a city-wide entry, read by the city's auditors.
    assert [row.username for row in rows] == ["nobody"]
    rows = list(client.get(reverse("accounts:audit_list"), {"username": "org_admin"}).context["table"].data)
    assert rows and {row.username for row in rows} == {"org_admin"}


def test_a_county_admin_sees_only_entries_of_their_county(world, org_admin_of_other_county, client_as):
    with acting_as(None):
        PilotTownship.objects.filter(pk=world.pilot.pk).first().save()
        factories.income(world.other_village, 2024, "8000")
    client = client_as(org_admin_of_other_county)
    rows = list(client.get(reverse("accounts:audit_list")).context["table"].data)
    assert rows
    assert all(row.region_code.startswith(world.other_county.prefix) for row in rows)


def test_the_city_admin_reads_the_catalogues_history_and_a_county_admin_does_not(world, org_admin, client_as):
    county_admin = factories.user("county_admin", Role.ORG_ADMIN, world.county)
    with acting_as(org_admin):
        skill = factories.skill("T09", "油茶低改")
    audit = reverse("accounts:audit_list")
    assert "油茶低改" in client_as(org_admin).get(audit).content.decode()
    assert "油茶低改" not in client_as(county_admin).get(audit).content.decode()
    assert AuditEntry.objects.for_object(skill).visible_to(county_admin).count() == 0
