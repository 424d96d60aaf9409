"""The sign-in page and the API token endpoint are two doors to one sign-in: one lock-out, one audit trail."""

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry

from ..factories import PASSWORD

ADDRESS = "10.2.2.2"


def page_sign_in(client, password, ip=ADDRESS):
    return client.post(
        reverse("accounts:login"), {"username": "secretary_gaocun", "password": password}, REMOTE_ADDR=ip
    )


def token_sign_in(password, ip=ADDRESS):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": "secretary_gaocun", "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.parametrize("last_door", ["api", "page"])
def test_failures_on_the_page_and_the_api_count_towards_one_lock_out(world, secretary_of_gaocun, client, last_door):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert page_sign_in(client, "wrong-Pass-1").status_code == 200
    if last_door == "api":
        assert token_sign_in("wrong-Pass-1").status_code == 400
    else:
        assert page_sign_in(client, "wrong-Pass-1").status_code == 200

    # Locked on both doors, even with the right password.
    refused = token_sign_in(PASSWORD)
    assert refused.status_code == 429 and "锁定" in refused.data["detail"]
    page = page_sign_in(client, PASSWORD)
    assert page.status_code == 200 and "锁定" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="login_failed", changes__reason=[None, "locked"]).count() == 2


def test_both_doors_refuse_a_wrong_password_with_the_same_words(world, secretary_of_gaocun, client):
    api_message = token_sign_in("wrong-Pass-1").data["detail"]
    page_errors = page_sign_in(client, "wrong-Pass-1").context["form"].non_field_errors()
    assert list(page_errors) == [api_message]


def test_a_disabled_account_gets_no_token(world, secretary_of_gaocun):
    secretary_of_gaocun.is_active = False
    secretary_of_gaocun.save()
    assert token_sign_in(PASSWORD).status_code == 400


def test_a_token_sign_in_is_audited_as_a_sign_in_and_clears_the_failures(world, secretary_of_gaocun, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        page_sign_in(client, "wrong-Pass-1")
    assert token_sign_in(PASSWORD).status_code == 200
    login = AuditEntry.objects.get(action="login")
    assert (login.user, login.ip, login.source) == (secretary_of_gaocun, ADDRESS, "api")

    # The failures before the token sign-in no longer count: one more does not lock the page.
    page_sign_in(client, "wrong-Pass-1")
    assert page_sign_in(client, PASSWORD).status_code == 302
