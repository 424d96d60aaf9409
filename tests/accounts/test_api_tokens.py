"""API tokens expire when unused, go with the password they were issued against or a disabled account, and
can be seen and revoked by their owner and by an admin whose scope has the account."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from skilled_township.accounts.models import ApiTokenUse, AuditEntry

from ..factories import PASSWORD

PROXY_SEEN = "203.0.113.20"


def sign_in_for_token(username="secretary_gaocun", password=PASSWORD, ip="192.0.2.10") -> str:
    response = APIClient().post(
        reverse("api:token"), {"username": username, "password": password}, format="json", REMOTE_ADDR=ip
    )
    assert response.status_code == 200, response.data
    assert set(response.data) == {"token"}
    return response.data["token"]


def call(key: str, ip: str = "192.0.2.10"):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(reverse("api:cadre-list"), REMOTE_ADDR=ip)


def refused(response) -> bool:
    """Refused for its token (REST framework answers 403 when session sign-in comes first in the list)."""
    return response.status_code in (401, 403) and "令牌" in response.json()["detail"]


def idle_for(key: str, seconds: int) -> None:
    """Pretend the token was last used (and issued) ``seconds`` ago."""
    then = timezone.now() - datetime.timedelta(seconds=seconds)
    Token.objects.filter(key=key).update(created=then)
    ApiTokenUse.objects.filter(token_id=key).update(last_used=then)


def revocations(account) -> list[tuple[str | None, str]]:
    entries = AuditEntry.objects.for_object(account).filter(action="permission", changes__has_key="api_token")
    return [(entry.username, entry.changes["reason"][1]) for entry in entries.order_by("pk")]


# --- Expiry -------------------------------------------------------------------------------------------------


def test_a_token_unused_for_the_idle_time_stops_working_and_a_new_sign_in_gets_a_new_one(
    world, secretary_of_gaocun, settings
):
    key = sign_in_for_token()
    assert call(key).status_code == 200
    idle_for(key, settings.API_TOKEN_IDLE_SECONDS - 60)
    assert call(key).status_code == 200, "used within the idle time: still good, and refreshed"
    idle_for(key, settings.API_TOKEN_IDLE_SECONDS + 1)
    expired = call(key)
    assert refused(expired) and "失效" in expired.json()["detail"]
    assert not Token.objects.filter(key=key).exists()
    fresh = sign_in_for_token()
    assert fresh != key and call(fresh).status_code == 200


def test_signing_in_again_while_the_token_is_good_keeps_the_same_token(world, secretary_of_gaocun):
    assert sign_in_for_token() == sign_in_for_token()


def test_the_idle_time_defaults_to_the_sessions_and_can_be_set_longer_for_an_integration(
    world, secretary_of_gaocun, settings
):
    assert settings.API_TOKEN_IDLE_SECONDS == settings.SESSION_COOKIE_AGE
    settings.API_TOKEN_IDLE_SECONDS = 2 * 24 * 3600
    key = sign_in_for_token()
    idle_for(key, 24 * 3600)
    assert call(key).status_code == 200


def test_use_is_recorded_at_most_once_a_minute_with_the_address(world, secretary_of_gaocun, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    key = sign_in_for_token()
    first = ApiTokenUse.objects.get(token_id=key).last_used
    call(key, ip="192.0.2.10")
    assert ApiTokenUse.objects.get(token_id=key).last_used == first, "no write for a use within the minute"

    two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
    ApiTokenUse.objects.filter(token_id=key).update(last_used=two_minutes_ago)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.get(reverse("api:cadre-list"), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"6.6.6.6, {PROXY_SEEN}")
    use = ApiTokenUse.objects.get(token_id=key)
    assert use.last_used > two_minutes_ago and use.last_ip == PROXY_SEEN


def test_a_token_made_before_use_was_recorded_counts_from_its_issue(world, secretary_of_gaocun, settings):
    token = Token.objects.create(user=secretary_of_gaocun)
    assert call(token.key).status_code == 200
    idle_for(token.key, settings.API_TOKEN_IDLE_SECONDS + 1)
    assert refused(call(token.key))


# --- Revocation ---------------------------------------------------------------------------------------------


def test_changing_the_password_on_the_page_revokes_the_token(world, secretary_of_gaocun, client):
    key = sign_in_for_token()
    client.force_login(secretary_of_gaocun)
    new = {"old_password": PASSWORD, "new_password1": "Xin-mi-ma-2026", "new_password2": "Xin-mi-ma-2026"}
    assert client.post(reverse("accounts:password_change"), new).status_code == 302
    assert refused(call(key))
    assert revocations(secretary_of_gaocun) == [("secretary_gaocun", "password_changed")]


def test_a_password_set_by_any_other_path_revokes_the_token_too(world, secretary_of_gaocun):
    key = sign_in_for_token()
    secretary_of_gaocun.set_password("Reset-by-admin-1")
    secretary_of_gaocun.must_change_password = True
    secretary_of_gaocun.save()
    assert refused(call(key))
    assert [reason for _user, reason in revocations(secretary_of_gaocun)] == ["password_changed"]


def test_saving_the_account_without_a_new_password_keeps_the_token(world, secretary_of_gaocun):
    key = sign_in_for_token()
    secretary_of_gaocun.full_name = "高村镇填报员"
    secretary_of_gaocun.save()
    assert call(key).status_code == 200 and revocations(secretary_of_gaocun) == []


def test_disabling_the_account_revokes_the_token_even_once_re_enabled(world, secretary_of_gaocun, org_admin, client_as):
    key = sign_in_for_token()
    client = client_as(org_admin)
    client.post(reverse("accounts:user_active", args=[secretary_of_gaocun.pk]), {})
    client.post(reverse("accounts:user_active", args=[secretary_of_gaocun.pk]), {"is_active": "on"})
    assert refused(call(key))
    assert revocations(secretary_of_gaocun) == [("org_admin", "disabled")]


# --- Seen and revoked by the owner and an admin -------------------------------------------------------------


def test_the_owner_sees_when_and_from_where_their_token_was_used_and_revokes_it(world, secretary_of_gaocun, client_as):
    key = sign_in_for_token(ip="192.0.2.44")
    client = client_as(secretary_of_gaocun)
    page = client.get(reverse("accounts:token_list"))
    html = page.content.decode()
    assert page.status_code == 200 and html.count('data-testid="api-token"') == 1 and "192.0.2.44" in html
    assert key not in html, "the page never shows the token itself"

    assert client.get(reverse("accounts:token_revoke")).status_code == 405
    assert client.post(reverse("accounts:token_revoke")).status_code == 302
    assert refused(call(key))
    assert 'data-testid="api-token"' not in client.get(reverse("accounts:token_list")).content.decode()
    assert revocations(secretary_of_gaocun) == [("secretary_gaocun", "revoked")]


def test_another_users_token_is_not_on_my_page_nor_revoked_by_me(world, secretary_of_gaocun, leader, client_as):
    key = sign_in_for_token()
    client = client_as(leader)
    assert 'data-testid="api-token"' not in client.get(reverse("accounts:token_list")).content.decode()
    client.post(reverse("accounts:token_revoke"))
    assert call(key).status_code == 200


@pytest.mark.parametrize(("admin", "revoked"), [("org_admin", True), ("org_admin_of_other_county", False)])
def test_an_admin_in_scope_sees_and_revokes_an_accounts_token(
    world, secretary_of_gaocun, client_as, request, admin, revoked
):
    key = sign_in_for_token(ip="192.0.2.55")
    client = client_as(request.getfixturevalue(admin))
    detail = client.get(reverse("accounts:user_detail", args=[secretary_of_gaocun.pk]))
    if revoked:
        assert "192.0.2.55" in detail.content.decode()
    response = client.post(reverse("accounts:user_token_revoke", args=[secretary_of_gaocun.pk]))
    assert response.status_code == (302 if revoked else 404)
    assert refused(call(key)) is revoked
    assert revocations(secretary_of_gaocun) == ([("org_admin", "revoked")] if revoked else [])
