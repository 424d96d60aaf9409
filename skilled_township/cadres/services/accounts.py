"""Cadres' own sign-in accounts: one-time passwords, opened in bulk."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skilled_township.accounts.models import User
from skilled_township.accounts.roles import Role
from skilled_township.regions.models import Region

from ..models import (
    Cadre,
)

# --- Cadres' own accounts -----------------------------------------------------------------------

#: Characters of a one-time password: easy to copy from paper onto a phone (no 0/O, 1/l/I).
PASSWORD_CHARACTERS = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789")
PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class IssuedAccount:
    """An account just opened. ``password`` is shown once, on the page that opened it; only its hash is kept."""

    cadre: Cadre
    username: str
    password: str


def cadres_without_account(township: Region):
    """In-post cadres of a township who have no account yet, by name."""
    return Cadre.objects.filter(township=township, account__isnull=True).in_post().order_by("name", "id")


def account_username(cadre: Cadre) -> str:
    """``c`` and the roster number, e.g. ``c1207``: unique (roster entries are never deleted), short, and one
    letter then digits on a phone keyboard. If someone already took it by hand, ``c1207-2`` and so on."""
    base = f"c{cadre.pk}"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def one_time_password(user: User | None = None) -> str:
    """A random password meeting the password rules (MLPS 2.0: three character classes, eight or more)."""
    everything = "".join(PASSWORD_CHARACTERS)
    while True:
        chosen = [secrets.choice(chars) for chars in PASSWORD_CHARACTERS]
        chosen += [secrets.choice(everything) for _ in range(PASSWORD_LENGTH - len(chosen))]
        secrets.SystemRandom().shuffle(chosen)
        password = "".join(chosen)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def create_cadre_account(
    cadre: Cadre, *, username: str | None = None, password: str | None = None, must_change_password: bool = True
) -> IssuedAccount:
    """One cadre's account (role 干部, scope their township), audited like every new account. Without a
    ``password``, a one-time one that must be changed at the first sign-in."""
    user = User(
        username=username or account_username(cadre),
        full_name=cadre.name,
        role=Role.CADRE,
        scope_id=cadre.township_id,
        cadre=cadre,
        mobile=cadre.mobile,
        must_change_password=must_change_password,
    )
    password = password or one_time_password(user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return IssuedAccount(cadre=cadre, username=user.username, password=password)


@transaction.atomic
def open_accounts(cadres: Sequence[Cadre], *, by: User) -> list[IssuedAccount]:
    """Open accounts for the chosen cadres in one step, all or none: each must be in ``by``'s scope, in post,
    and without an account. Each gets a one-time password, to be changed at the first sign-in."""
    if not by.has_role_perm("cadres.accounts"):
        raise PermissionDenied
    ids = [cadre.pk for cadre in cadres]
    # Locked, so two people opening accounts at once cannot both open one for the same cadre.
    visible = Cadre.objects.visible_to(by).select_for_update(of=("self",)).filter(pk__in=ids)
    chosen = sorted(visible, key=lambda cadre: (cadre.name, cadre.pk))
    if len(chosen) != len(set(ids)):
        raise PermissionDenied
    with_account = set(User.objects.filter(cadre__in=chosen).values_list("cadre_id", flat=True))
    problems = []
    for cadre in chosen:
        if not cadre.is_in_post:
            problems.append(_("%(name)s 已离岗，不能开通账号。") % {"name": cadre.name})
        elif cadre.pk in with_account:
            problems.append(_("%(name)s 已有账号。") % {"name": cadre.name})
    if problems:
        raise ValidationError(problems)
    return [create_cadre_account(cadre) for cadre in chosen]
