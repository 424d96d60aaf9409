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
    """The background job service (the Celery broker, Redis) did not take a job: nothing was started.

    Whatever the job would have worked on is marked failed with ``message`` rather than left waiting; a page
    answers with the message (``core.middleware.JobServiceUnavailableMiddleware``), the API with a 503."""

    message = _("后台任务服务暂时不可用，任务未能开始。请稍后再试。")

    def __str__(self) -> str:
        return str(self.message)


@contextmanager
def sending_jobs():
    """Around a task's ``delay``/``apply_async``: a broker that cannot be reached becomes ``JobServiceUnavailable``."""
    try:
        yield
    except OperationalError as error:
        logger.error("The job service is unavailable: %s", error)
        raise JobServiceUnavailable from error


def request_file(kind: str, params: dict, *, by) -> GeneratedFile:
    """Queue a file for ``by``; the job starts once this transaction commits. When the job service cannot take
    it, the job is marked failed with the reason and ``JobServiceUnavailable`` is raised."""
    generators.get(kind)  # an unknown kind fails here, not later in the worker
    job = GeneratedFile.objects.create(kind=kind, params=params, requested_by=by, language=get_language() or "zh-hans")
    transaction.on_commit(lambda: _send(job.pk))
    return job


def _send(job_id: int) -> None:
    from .tasks import generate_file

    try:
        with sending_jobs():
            generate_file.delay(job_id)
    except JobServiceUnavailable as unavailable:
        GeneratedFile.objects.filter(pk=job_id, status=GeneratedFile.Status.QUEUED).update(
            status=GeneratedFile.Status.FAILED, message=str(unavailable)[:255], finished_at=timezone.now()
        )
        raise
