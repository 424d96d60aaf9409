import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from skilled_township.accounts.models import AuditEntry, LoginAttempt

from ..factories import PASSWORD


@pytest.mark.parametrize("password", ["Qingshan7", "abcdef1!", "ABCDEF1!", "Tian-ma-2026", "学习Xue1ab"])
def test_passwords_with_three_character_classes_are_accepted(password):
    validate_password(password)


@pytest.mark.parametrize("password", ["Abc1!", "abcdefgh1", "ABCDEFGH", "abcdefgh!", "12345678"])
def test_short_or_simple_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def sign_in(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_for_that_address(world, secretary_of_gaocun, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = sign_in(client, "secretary_gaocun", "wrong-Pass-1")
        assert response.status_code == 200
    response = sign_in(client, "secretary_gaocun", PASSWORD)
    assert response.status_code == 200
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    refused = AuditEntry.objects.filter(action="login_failed", username="secretary_gaocun").order_by("-id").first()
    assert refused.changes == {"reason": [None, "locked"]} and refused.ip == "10.0.0.1"

    # Another address is not locked out.
    assert sign_in(client, "secretary_gaocun", PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_lock_lifts_when_the_window_has_passed(world, secretary_of_gaocun, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "secretary_gaocun", "wrong-Pass-1")
    window = timezone.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
    for attempt in LoginAttempt.objects.filter(username="secretary_gaocun"):
        LoginAttempt.objects.filter(pk=attempt.pk).update(at=attempt.at - window)
    assert sign_in(client, "secretary_gaocun", PASSWORD).status_code == 302


def test_a_success_resets_the_count(world, secretary_of_gaocun, client):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "secretary_gaocun", "wrong-Pass-1")
    assert sign_in(client, "secretary_gaocun", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        sign_in(client, "secretary_gaocun", "wrong-Pass-1")
    assert sign_in(client, "secretary_gaocun", PASSWORD).status_code == 302


def test_sign_in_and_failures_are_audited(world, secretary_of_gaocun, client):
    sign_in(client, "secretary_gaocun", "wrong-Pass-1", ip="10.1.1.1")
    failed = AuditEntry.objects.get(action="login_failed")
    assert (failed.username, failed.ip, failed.user) == ("secretary_gaocun", "10.1.1.1", None)
    assert failed.region_code == world.township.code

    sign_in(client, "secretary_gaocun", PASSWORD, ip="10.1.1.1")
    login = AuditEntry.objects.get(action="login")
    assert login.user == secretary_of_gaocun and login.ip == "10.1.1.1"
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.1.1.1")
    assert AuditEntry.objects.filter(action="logout", user=secretary_of_gaocun).exists()


def test_sessions_expire_after_thirty_idle_minutes(world, secretary_of_gaocun, client):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    sign_in(client, "secretary_gaocun", PASSWORD)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    # Every request pushes the expiry 30 minutes ahead.
    assert 1790 <= client.session.get_expiry_age() <= 1800
    # The cookie itself ends with the browser session (no max-age): closing the browser signs out too.
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""


def test_password_change_applies_the_rules(world, secretary_of_gaocun, client):
    client.force_login(secretary_of_gaocun)
    url = reverse("accounts:password_change")
    weak = client.post(url, {"old_password": PASSWORD, "new_password1": "abcdefgh", "new_password2": "abcdefgh"})
    assert weak.status_code == 200 and weak.context["form"].errors
    strong = client.post(
        url, {"old_password": PASSWORD, "new_password1": "Shu-ju-2027", "new_password2": "Shu-ju-2027"}
    )
    assert strong.status_code == 302
    secretary_of_gaocun.refresh_from_db()
    assert secretary_of_gaocun.check_password("Shu-ju-2027")
    changed = AuditEntry.objects.filter(action="update", object_id=str(secretary_of_gaocun.pk)).last()
    assert changed.changes == {"password": ["***", "***"]}


def test_old_sign_in_attempts_are_pruned_but_recent_ones_and_the_audit_trail_stay(world, secretary_of_gaocun, client):
    from skilled_township.accounts.tasks import KEEP_LOGIN_ATTEMPTS_DAYS, prune_login_attempts

    sign_in(client, "secretary_gaocun", "wrong-Pass-1")
    sign_in(client, "secretary_gaocun", "wrong-Pass-2")
    old = LoginAttempt.objects.order_by("id").first()
    LoginAttempt.objects.filter(pk=old.pk).update(
        at=timezone.now() - timezone.timedelta(days=KEEP_LOGIN_ATTEMPTS_DAYS + 1)
    )
    assert prune_login_attempts() == 1
    assert LoginAttempt.objects.count() == 1
    assert AuditEntry.objects.filter(action="login_failed").count() == 2
