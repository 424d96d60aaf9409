"""API tokens under the same rules as the sign-in page and its sessions.

A token (REST framework's ``authtoken.Token``, one per account) works while its account may sign in and stops
working after ``API_TOKEN_IDLE_SECONDS`` without use, like a session; a new password or a disabled account
revokes it (``User.save``), and its owner or an admin in scope may revoke it at any time.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from skilled_township.core.context import client_ip

from .audit import record
from .models import ApiTokenUse, AuditEntry, User

#: A token's last use is written at most this often, not on every request.
USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


def idle_limit() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.API_TOKEN_IDLE_SECONDS)


def last_activity(token: Token) -> datetime.datetime:
    use = getattr(token, "use", None)
    return max(token.created, use.last_used) if use is not None else token.created


def has_expired(token: Token, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) - last_activity(token) > idle_limit()


def record_use(token: Token, ip: str | None, now: datetime.datetime | None = None) -> None:
    """Remember when and from where the token was used (at most once a minute, so not a write per request)."""
    now = now or timezone.now()
    use = getattr(token, "use", None)
    if use is not None and now - use.last_used < USE_RECORDED_EVERY and use.last_ip == ip:
        return
    token.use, _created = ApiTokenUse.objects.update_or_create(token=token, defaults={"last_used": now, "last_ip": ip})


def tokens_of(account: User):
    return Token.objects.filter(user=account).select_related("use").order_by("created")


@transaction.atomic
def issue_token(user: User, ip: str | None) -> Token:
    """The account's token for a sign-in at the token endpoint: its current one, or a new one when it has none
    or its old one expired."""
    token = tokens_of(user).first()
    if token is not None and has_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    record_use(token, ip)
    return token


def revoke_tokens(account: User, reason: str) -> int:
    """Delete the account's tokens and audit it (``reason``: ``password_changed``, ``disabled`` or ``revoked``,
    by the owner or an admin, who is the acting user). Returns how many there were."""
    tokens = list(tokens_of(account))
    if not tokens:
        return 0
    Token.objects.filter(pk__in=[token.pk for token in tokens]).delete()
    issued = ", ".join(timezone.localtime(token.created).strftime("%Y-%m-%d %H:%M") for token in tokens)
    record(AuditEntry.Action.PERMISSION, account, {"api_token": [issued, None], "reason": [None, reason]})
    return len(tokens)


class TokenAuthentication(authentication.TokenAuthentication):
    """A token stops working when its account may no longer sign in (disabled, or a cadre who has left the
    post) or after ``API_TOKEN_IDLE_SECONDS`` without use; it is refused with a clear message while the
    account's first password has not been changed."""

    def authenticate(self, request):
        self.request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user", "use").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("令牌无效。")) from None
        user = token.user
        if not user.may_sign_in():
            raise exceptions.AuthenticationFailed(_("该账号已停用或对应的干部已离岗，令牌不再有效。"))
        now = timezone.now()
        if has_expired(token, now):
            token.delete()
            raise exceptions.AuthenticationFailed(_("令牌长时间未使用，已失效，请重新获取。"))
        if user.must_change_password:
            raise exceptions.PermissionDenied(_("请先在网页上修改初始密码，然后才能使用接口。"))
        record_use(token, client_ip(self.request), now)
        return user, token
