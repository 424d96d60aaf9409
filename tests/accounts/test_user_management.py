import pytest
from django.urls import NoReverseMatch, reverse

from skilled_township.accounts.models import AuditEntry, User

from ..factories import PASSWORD


def new_user_data(scope, role="township_secretary", username="secretary_new"):
    return {
        "username": username,
        "full_name": "新填报员",
        "mobile": "13912345678",
        "email": "",
        "role": role,
        "scope": scope.pk,
        "password1": "Xin-mi-ma-2026",
        "password2": "Xin-mi-ma-2026",
    }


def test_org_admin_creates_a_township_secretary(world, org_admin, client_as):
    client = client_as(org_admin)
    response = client.post(reverse("accounts:user_create"), new_user_data(world.other_township))
    assert response.status_code == 302
    created = User.objects.get(username="secretary_new")
    assert created.scope == world.other_township and created.check_password("Xin-mi-ma-2026")
    entry = AuditEntry.objects.get(action="create", object_id=str(created.pk))
    assert entry.user == org_admin and "password" not in entry.changes


def test_a_secretary_needs_a_township_scope(world, org_admin, client_as):
    client = client_as(org_admin)
    response = client.post(reverse("accounts:user_create"), new_user_data(world.county))
    assert response.status_code == 200
    assert "scope" in response.context["form"].errors
    assert not User.objects.filter(username="secretary_new").exists()


def test_a_county_admin_cannot_grant_a_scope_outside_the_county(world, org_admin_of_other_county, client_as):
    client = client_as(org_admin_of_other_county)
    for scope, role in ((world.city, "org_admin"), (world.township, "township_secretary")):
        response = client.post(reverse("accounts:user_create"), new_user_data(scope, role))
        assert response.status_code == 200 and "scope" in response.context["form"].errors
    assert not User.objects.filter(username="secretary_new").exists()


def test_weak_initial_password_is_refused(world, org_admin, client_as):
    data = new_user_data(world.other_township) | {"password1": "abcdefgh", "password2": "abcdefgh"}
    response = client_as(org_admin).post(reverse("accounts:user_create"), data)
    assert "password1" in response.context["form"].errors


def test_disabling_an_account_stops_its_sign_in_and_keeps_its_history(
    world, org_admin, secretary_of_gaocun, client_as, client
):
    admin = client_as(org_admin)
    response = admin.post(reverse("accounts:user_active", args=[secretary_of_gaocun.pk]), {})
    assert response.status_code == 302
    secretary_of_gaocun.refresh_from_db()
    assert not secretary_of_gaocun.is_active
    assert AuditEntry.objects.filter(action="permission", object_id=str(secretary_of_gaocun.pk)).exists()

    client.logout()
    refused = client.post(reverse("accounts:login"), {"username": "secretary_gaocun", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert User.objects.filter(pk=secretary_of_gaocun.pk).exists()


def test_an_admin_cannot_disable_themself(world, org_admin, client_as):
    client_as(org_admin).post(reverse("accounts:user_active", args=[org_admin.pk]), {})
    org_admin.refresh_from_db()
    assert org_admin.is_active


def test_a_role_change_is_recorded_as_a_permission_change(world, org_admin, secretary_of_gaocun, client_as):
    data = {
        "full_name": "高村镇填报员",
        "mobile": "",
        "email": "",
        "role": "leader",
        "scope": world.county.pk,
    }
    response = client_as(org_admin).post(reverse("accounts:user_update", args=[secretary_of_gaocun.pk]), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="permission", object_id=str(secretary_of_gaocun.pk))
    assert entry.user == org_admin
    assert entry.changes["role"] == ["township_secretary", "leader"]
    assert entry.changes["scope"][1].startswith("麻阳苗族自治县")


def test_there_is_no_page_that_deletes_accounts():
    for name in ("accounts:user_delete", "accounts:user_remove"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[1])
