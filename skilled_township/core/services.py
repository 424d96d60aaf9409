from __future__ import annotations

import logging
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

from . import generators
from .models import GeneratedFile

logger = logging.getLogger(__name__)


class JobServiceUnavailable(Exception):
    """The background job service (the Celery broker, Redis) did not take a job just now.

    Nothing is lost: the job stays registered (queued, not yet handed over) and the scheduler hands it to the
    workers as soon as the service answers again (``send_waiting``, every ``JOB_RESEND_SECONDS``). A page answers
    with the message, on the job's own page when it has one (``next_url``); the API with a 503."""

    message = _("后台任务服务暂时不可用：任务已登记，服务恢复后将自动开始。")

    def __init__(self, next_url: str = ""):
        super().__init__(str(self.message))
        self.next_url = next_url

    def __str__(self) -> str:
        return str(self.message)


@contextmanager
def sending_jobs(next_url: str = ""):
    """Around a task's ``delay``/``apply_async``: a broker that cannot be reached becomes ``JobServiceUnavailable``."""
    try:
        yield
    except OperationalError as error:
        logger.error("The job service is unavailable: %s", error)
        raise JobServiceUnavailable(next_url) from error


def request_file(kind: str, params: dict, *, by) -> GeneratedFile:
    """Queue a file for ``by``; the job starts once this transaction commits. When the job service cannot take
    it, the job is marked failed with the reason and ``JobServiceUnavailable`` is raised."""
    generators.get(kind)  # an unknown kind fails here, not later in the worker
    job = GeneratedFile.objects.create(kind=kind, params=params, requested_by=by, language=get_language() or "zh-hans")
    transaction.on_commit(lambda: _send(job.pk))
    return job


def _send(job_id: int) -> None:
    from .tasks import generate_file

    waiting = str(JobServiceUnavailable.message)[:255]
    try:
        with sending_jobs(next_url=GeneratedFile(pk=job_id).get_absolute_url()):
            generate_file.delay(job_id)
    except JobServiceUnavailable:
        GeneratedFile.objects.filter(pk=job_id, status=GeneratedFile.Status.QUEUED).update(message=waiting)
        raise
    GeneratedFile.objects.filter(pk=job_id).update(sent_at=timezone.now())
    GeneratedFile.objects.filter(pk=job_id, message=waiting).update(message="")


def send_waiting() -> int:
    """Hand the jobs registered while the job service was unavailable to it, oldest first; stops at the first
    refusal (the service is still down: the next round tries again). Returns how many were handed over."""
    sent = 0
    waiting = GeneratedFile.objects.filter(status=GeneratedFile.Status.QUEUED, sent_at__isnull=True)
    for job_id in waiting.order_by("pk").values_list("pk", flat=True):
        try:
            _send(job_id)
        except JobServiceUnavailable:
            break
        sent += 1
    return sent
