"""Cadres' own accounts: opened in one step from the roster with one-time passwords, changed at the first
sign-in, tied to the roster entry (validation, following a move), and refused once the cadre has left."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from skilled_township.accounts.models import AuditEntry, User
from skilled_township.cadres.models import Cadre
from skilled_township.cadres.services import accounts

from .. import factories
from ..factories import PASSWORD


@pytest.fixture
def roster(world):
    """高村镇: two cadres in post, one who left, one who already has an account; one cadre in 吕家坪镇."""
    return {
        "a": factories.cadre(world.township, "安明"),
        "b": factories.cadre(world.township, "白雪", male=False),
        "left": factories.cadre(world.township, "陈离", status="left", left_on=datetime.date(2025, 6, 30)),
        "has_account": factories.cadre(world.township, "丁有"),
        "other": factories.cadre(world.other_township, "吕外"),
    }


@pytest.fixture
def existing_account(roster):
    return factories.cadre_user("dingyou", roster["has_account"])


def issued_rows(response) -> list[tuple[str, str, str]]:
    """(name, username, password) rows of the printed table."""
    html = response.content.decode()
    table = html[html.index('data-testid="issued-accounts"') :]
    return re.findall(r"<tr><td>(.*?)</td><td><code[^>]*>(.*?)</code></td><td><code[^>]*>(.*?)</code></td></tr>", table)


def api(token_key: str | None = None) -> APIClient:
    client = APIClient()
    if token_key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
    return client


# --- Opening accounts ------------------------------------------------------------------------------------


def test_the_page_lists_in_post_cadres_of_the_township_without_an_account(
    world, roster, existing_account, secretary_of_gaocun, client_as
):
    page = client_as(secretary_of_gaocun).get(reverse("cadres:cadre_accounts"))
    assert page.status_code == 200
    assert [cadre.name for cadre in page.context["cadres"]] == ["安明", "白雪"]
    assert [account.username for account in page.context["opened"]] == ["dingyou"]
    roster_page = client_as(secretary_of_gaocun).get(reverse("cadres:cadre_list"))
    assert reverse("cadres:cadre_accounts") in roster_page.content.decode()


def test_a_secretary_opens_accounts_in_one_step_and_sees_the_passwords_once(
    world, roster, secretary_of_gaocun, client_as
):
    client = client_as(secretary_of_gaocun)
    response = client.post(reverse("cadres:cadre_accounts"), {"cadre": [roster["a"].pk, roster["b"].pk]})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = issued_rows(response)
    assert [(name, username) for name, username, _password in rows] == [
        ("安明", f"c{roster['a'].pk}"),
        ("白雪", f"c{roster['b'].pk}"),
    ]
    for name, username, password in rows:
        account = User.objects.get(username=username)
        assert account.role == "cadre" and account.cadre.name == name and account.scope == world.township
        assert account.must_change_password
        # Kept only as a hash; the password meets the password rules.
        assert password not in account.password and account.check_password(password)
        assert len(password) >= 8
        created = AuditEntry.objects.get(action="create", object_id=str(account.pk), content_type__model="user")
        assert created.user == secretary_of_gaocun
        assert created.region_code == world.township.code
        assert created.changes["role"][1] == "cadre" and "password" not in created.changes

    # Never shown again: the page lists the accounts, not their passwords.
    again = client.get(reverse("cadres:cadre_accounts")).content.decode()
    assert all(password not in again for _name, _username, password in rows)
    assert [cadre.name for cadre in client.get(reverse("cadres:cadre_accounts")).context["cadres"]] == ["丁有"]


def test_all_at_once_opens_every_in_post_cadre_without_an_account(
    world, roster, existing_account, org_admin, client_as
):
    client = client_as(org_admin)
    url = reverse("cadres:cadre_accounts") + f"?township={world.township.pk}"
    response = client.post(url, {"all": "1"})
    assert [name for name, _u, _p in issued_rows(response)] == ["安明", "白雪"]
    assert not User.objects.filter(cadre=roster["left"]).exists()
    assert not User.objects.filter(cadre=roster["other"]).exists()
    assert User.objects.get(cadre=roster["has_account"]).username == "dingyou"


def test_a_secretary_of_another_township_cannot_open_these_accounts(
    world, roster, secretary_of_other_township, org_admin_of_other_county, client_as
):
    client = client_as(secretary_of_other_township)
    url = reverse("cadres:cadre_accounts")
    assert client.post(url, {"cadre": [roster["a"].pk]}).status_code == 404
    # Mixed with one of their own, still refused as a whole.
    assert client.post(url, {"cadre": [roster["other"].pk, roster["a"].pk]}).status_code == 404
    assert client.post(url + f"?township={world.township.pk}", {"all": "1"}).status_code == 404
    assert client.get(url + f"?township={world.township.pk}").status_code == 404
    admin = client_as(org_admin_of_other_county)
    assert admin.post(url, {"cadre": [roster["a"].pk]}).status_code == 404
    assert not User.objects.filter(role="cadre").exists()


def test_left_cadres_and_cadres_with_an_account_are_refused_all_or_nothing(
    world, roster, existing_account, secretary_of_gaocun, client_as
):
    client = client_as(secretary_of_gaocun)
    response = client.post(
        reverse("cadres:cadre_accounts"), {"cadre": [roster["a"].pk, roster["left"].pk, roster["has_account"].pk]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "陈离 已离岗，不能开通账号。" in page and "丁有 已有账号。" in page
    assert User.objects.filter(role="cadre").count() == 1
    assert client.post(reverse("cadres:cadre_accounts"), {}).status_code == 200
    assert client.post(reverse("cadres:cadre_accounts"), {"cadre": ["x"]}).status_code == 404


def test_a_username_taken_by_hand_gets_a_suffix(world, roster, secretary_of_gaocun):
    factories.user(f"c{roster['a'].pk}", "leader", world.city)
    issued = accounts.open_accounts([roster["a"]], by=secretary_of_gaocun)
    assert issued[0].username == f"c{roster['a'].pk}-2"


def test_only_secretaries_and_admins_open_accounts(world, roster, leader, reviewer_a):
    for user in (leader, reviewer_a):
        with pytest.raises(PermissionDenied):
            accounts.open_accounts([roster["a"]], by=user)
    assert not User.objects.filter(role="cadre").exists()


# --- The first sign-in -------------------------------------------------------------------------------------


def test_the_first_password_must_be_changed_before_anything_else(world, roster, secretary_of_gaocun, client):
    issued = accounts.open_accounts([roster["a"]], by=secretary_of_gaocun)[0]
    response = client.post(reverse("accounts:login"), {"username": issued.username, "password": issued.password})
    assert response.status_code == 302

    for url in (reverse("home"), reverse("learning:mine"), reverse("learning:study_list")):
        assert client.get(url)["Location"] == reverse("accounts:password_change")
    form = client.get(reverse("accounts:password_change"))
    assert form.status_code == 200 and 'data-testid="must-change-password"' in form.content.decode()
    refused = client.get(reverse("api:study-record-list"))
    assert refused.status_code == 403 and "修改初始密码" in refused.json()["detail"]

    token = api().post(reverse("api:token"), {"username": issued.username, "password": issued.password}).json()
    by_token = api(token["token"]).get(reverse("api:study-record-list"))
    assert by_token.status_code == 403 and "修改初始密码" in by_token.json()["detail"]

    # The same password again is not a change.
    same = {"old_password": issued.password, "new_password1": issued.password, "new_password2": issued.password}
    assert client.post(reverse("accounts:password_change"), same).status_code == 200
    new = {"old_password": issued.password, "new_password1": "Wo-de-mi-ma-9", "new_password2": "Wo-de-mi-ma-9"}
    assert client.post(reverse("accounts:password_change"), new).status_code == 302
    assert not User.objects.get(username=issued.username).must_change_password
    assert client.get(reverse("home"))["Location"] == reverse("learning:mine")
    assert client.get(reverse("learning:mine")).status_code == 200
    # The token issued against the one-time password went with it; a new one works.
    gone = api(token["token"]).get(reverse("api:study-record-list"))
    assert gone.status_code == 403 and "令牌无效" in gone.json()["detail"]
    signed_in = {"username": issued.username, "password": "Wo-de-mi-ma-9"}
    fresh = api().post(reverse("api:token"), signed_in).json()
    assert api(fresh["token"]).get(reverse("api:study-record-list")).status_code == 200


# --- A cadre who leaves -------------------------------------------------------------------------------------


def leave(cadre: Cadre) -> None:
    cadre.status, cadre.left_on = Cadre.Status.LEFT, datetime.date(2026, 1, 5)
    cadre.full_clean()
    cadre.save()


def test_a_cadre_who_left_cannot_sign_in_and_is_told_why(world, cadre_of_gaocun, client):
    leave(cadre_of_gaocun.cadre)
    response = client.post(reverse("accounts:login"), {"username": "cadre_gaocun", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "您已离岗" in response.content.decode()
    # A wrong password is just a wrong password: nobody learns who has left.
    wrong = client.post(reverse("accounts:login"), {"username": "cadre_gaocun", "password": "Wrong-pass-1"})
    assert "您已离岗" not in wrong.content.decode() and "用户名或密码错误" in wrong.content.decode()


def test_an_open_session_is_refused_on_the_next_request_once_the_cadre_left(world, cadre_of_gaocun, client):
    client.post(reverse("accounts:login"), {"username": "cadre_gaocun", "password": PASSWORD})
    assert client.get(reverse("learning:mine")).status_code == 200
    leave(cadre_of_gaocun.cadre)
    response = client.get(reverse("learning:mine"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.get(reverse("api:study-record-list")).status_code == 403


def test_api_tokens_stop_working_once_the_cadre_left(world, cadre_of_gaocun):
    token = Token.objects.create(user=cadre_of_gaocun)
    assert api(token.key).get(reverse("api:study-record-list")).status_code == 200
    leave(cadre_of_gaocun.cadre)
    refused = api(token.key).get(reverse("api:study-record-list"))
    assert refused.status_code == 403 and "离岗" in refused.json()["detail"]
    issued = api().post(reverse("api:token"), {"username": "cadre_gaocun", "password": PASSWORD})
    assert issued.status_code == 400


def test_back_in_post_the_account_works_again(world, cadre_of_gaocun, client):
    leave(cadre_of_gaocun.cadre)
    cadre = cadre_of_gaocun.cadre
    cadre.status, cadre.left_on = Cadre.Status.IN_POST, None
    cadre.save()
    assert client.post(reverse("accounts:login"), {"username": "cadre_gaocun", "password": PASSWORD}).status_code == 302


# --- The account and its roster entry ----------------------------------------------------------------------


def test_a_cadre_account_needs_its_roster_entry_and_that_entrys_township(world, roster):
    account = User(username="c-test", role="cadre", scope=world.township)
    with pytest.raises(ValidationError) as error:
        account.full_clean()
    assert "cadre" in error.value.message_dict
    account.cadre, account.scope = roster["other"], world.township
    with pytest.raises(ValidationError) as error:
        account.full_clean()
    assert "scope" in error.value.message_dict
    secretary = User(username="s-test", role="township_secretary", scope=world.township, cadre=roster["a"])
    with pytest.raises(ValidationError) as error:
        secretary.full_clean()
    assert "role" in error.value.message_dict
    # The database refuses a cadre account without a cadre whatever path writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="c-raw", role="cadre", scope=world.township)


def test_the_account_follows_its_cadre_to_another_township(world, cadre_of_gaocun, org_admin):
    cadre = cadre_of_gaocun.cadre
    cadre.township = world.other_township
    cadre.save()
    cadre_of_gaocun.refresh_from_db()
    assert cadre_of_gaocun.scope == world.other_township
    assert AuditEntry.objects.filter(action="permission", object_id=str(cadre_of_gaocun.pk)).exists()


def test_the_account_form_does_not_offer_the_cadre_role(world, org_admin, cadre_of_gaocun, client_as):
    client = client_as(org_admin)
    roles = dict(client.get(reverse("accounts:user_create")).context["form"].fields["role"].choices)
    assert "cadre" not in roles
    form = client.get(reverse("accounts:user_update", args=[cadre_of_gaocun.pk])).context["form"]
    assert form.fields["role"].disabled and form.fields["scope"].disabled
