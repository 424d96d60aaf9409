"""Lock-out after repeated failed sign-ins, per username and client address."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from .models import LoginAttempt


def locked_until(username: str, ip: str | None) -> datetime.datetime | None:
    """When the lock on this username from this address lifts, or None if it is not locked.

    Locked while there are ``LOGIN_FAILURE_LIMIT`` failures within ``LOGIN_LOCKOUT_SECONDS`` since the
    last successful sign-in; the lock lifts when the oldest of those failures leaves the window.
    """
    window = datetime.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    attempts = LoginAttempt.objects.filter(username=username, ip=ip, at__gte=timezone.now() - window)
    last_success = attempts.filter(succeeded=True).order_by("-at").values_list("at", flat=True).first()
    failures = attempts.filter(succeeded=False)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    recent = list(failures.order_by("-at").values_list("at", flat=True)[: settings.LOGIN_FAILURE_LIMIT])
    if len(recent) < settings.LOGIN_FAILURE_LIMIT:
        return None
    return recent[-1] + window
