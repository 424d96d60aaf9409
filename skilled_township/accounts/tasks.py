import datetime

from celery import shared_task
from django.utils import timezone

from .models import LoginAttempt

#: Sign-in attempts only feed the lock-out (a 15-minute window); the audit trail keeps sign-in events for good.
KEEP_LOGIN_ATTEMPTS_DAYS = 30


@shared_task
def prune_login_attempts() -> int:
    """Delete sign-in attempts older than the retention period; safe to run any number of times."""
    cutoff = timezone.now() - datetime.timedelta(days=KEEP_LOGIN_ATTEMPTS_DAYS)
    deleted, _by_model = LoginAttempt.objects.filter(at__lt=cutoff).delete()
    return deleted
