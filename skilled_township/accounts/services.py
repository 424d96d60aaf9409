"""Rules of accounts: signing in under the lock-out, and disabling accounts."""

from __future__ import annotations

from django.contrib.auth import authenticate, user_logged_in
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.core.context import client_ip

from .audit import record_refused_while_locked
from .lockout import locked_until
from .models import User
from .roles import Role


class SignInRefused(Exception):
    """A sign-in refused. ``code`` is ``"locked"`` (too many failures from this address), ``"left_post"`` (a
    cadre's account after the cadre left the post) or ``"invalid_login"`` (wrong username or password, or a
    disabled account: the two are not told apart)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def authenticate_or_refuse(request, username: str, password: str) -> User:
    """The one sign-in check of the sign-in page and the API token endpoint.

    A username locked out from the client's address is refused without checking the password (audited, not
    counted again). Otherwise the password is checked; a failure is audited and counts towards the lock-out,
    whichever door it came through. The caller records the sign-in itself: the page with ``login()``, the
    API with :func:`record_sign_in`.
    """
    ip = client_ip(request)
    until = locked_until(username, ip)
    if until is not None:
        record_refused_while_locked(username, ip)
        message = _("登录失败次数过多，账号已暂时锁定，请于 %(until)s 后再试。")
        raise SignInRefused("locked", message % {"until": timezone.localtime(until).strftime("%H:%M")})
    # With the request, a failure fires the signal that counts it towards the lock-out and audits it.
    user = authenticate(request, username=username, password=password)
    if user is None and _cadre_who_left(username, password):
        raise SignInRefused("left_post", _("您已离岗，干部账号不能再登录。如有疑问，请联系乡镇党委。"))
    if user is None or not user.is_active:
        raise SignInRefused("invalid_login", _("用户名或密码错误。连续失败 5 次将锁定 15 分钟。"))
    return user


def _cadre_who_left(username: str, password: str) -> bool:
    """The right password of a cadre who has left: they are told why they are refused (only they are: the
    password is checked first, so nobody learns from the refusal who has left)."""
    account = User.objects.filter(username=username, role=Role.CADRE, is_active=True).first()
    return account is not None and not account.may_sign_in() and account.check_password(password)


def record_sign_in(request, user: User) -> None:
    """A sign-in that opens no session (an API token): audited, and it clears the failures counted so far,
    as the page's ``login()`` does."""
    user_logged_in.send(sender=type(user), request=request, user=user)


@transaction.atomic
def set_active(account: User, active: bool, *, by: User) -> User:
    """Disable or re-enable an account. Accounts are never deleted, so their history stays attributable."""
    if account == by and not active:
        raise ValueError(_("不能停用自己的账号。"))
    if not by.can_grant_scope(account.scope):
        raise ValueError(_("不能管理超出您本人管辖范围的账号。"))
    account.is_active = active
    account.save(update_fields=["is_active"])
    return account
