"""The region tree through the API: units abolished in a newer edition of the division codes say when, and a
client asking for the current tree gets only the units that still exist."""

from __future__ import annotations

from rest_framework.test import APIClient

from .. import factories


def test_abolished_units_say_when_and_current_leaves_them_out(world, org_admin):
    merged = factories.region("431226103000", "双溪镇", world.county)
    merged.abolished_year = 2023
    merged.save()
    client = APIClient()
    client.force_authenticate(user=org_admin)

    townships = client.get("/api/v1/regions/", {"level": "township"}).data["results"]
    years = {row["name"]: row["abolished_year"] for row in townships}
    assert years == {"高村镇": None, "吕家坪镇": None, "双溪镇": 2023}
    current = client.get("/api/v1/regions/", {"level": "township", "current": "true"}).data["results"]
    assert {row["name"] for row in current} == {"高村镇", "吕家坪镇"}
    abolished = client.get("/api/v1/regions/", {"current": "false"}).data["results"]
    assert [row["name"] for row in abolished] == ["双溪镇"]


def test_the_year_a_unit_was_abolished_is_not_written_through_the_api(world, org_admin):
    client = APIClient()
    client.force_authenticate(user=org_admin)
    assert client.patch(f"/api/v1/regions/{world.township.pk}/", {"abolished_year": 2020}).status_code == 405
    world.township.refresh_from_db()
    assert world.township.abolished_year is None
