from __future__ import annotations

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from . import generators, services
from .context import acting_as
from .models import GeneratedFile

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def generate_file(job_id: int) -> str:
    """Produce one requested file. Safe to run twice: only the run that claims the queued job works on it."""
    claimed = GeneratedFile.objects.filter(pk=job_id, status=GeneratedFile.Status.QUEUED).update(
        status=GeneratedFile.Status.RUNNING, progress=1
    )
    if not claimed:
        return "skipped"
    job = GeneratedFile.objects.select_related("requested_by").get(pk=job_id)

    def report_progress(percent: int) -> None:
        GeneratedFile.objects.filter(pk=job_id).update(progress=max(1, min(int(percent), 99)))

    try:
        with translation.override(job.language), timezone.override("Asia/Shanghai"):
            with acting_as(job.requested_by, source="job"):
                filename, content = generators.get(job.kind)(job, report_progress)
    except Exception as error:
        logger.exception("Generating %s failed", job)
        GeneratedFile.objects.filter(pk=job_id).update(
            status=GeneratedFile.Status.FAILED, message=str(error)[:255], finished_at=timezone.now()
        )
        return "failed"
    job.file.save(filename, ContentFile(content), save=False)
    job.status = GeneratedFile.Status.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "progress", "finished_at", "message", "result"])
    return "done"


@shared_task
def send_waiting_jobs() -> int:
    """The scheduler, every ``JOB_RESEND_SECONDS``: jobs registered while the job service was unavailable are
    handed to it (by then it answers, since this task came through it)."""
    sent = services.send_waiting()
    if sent:
        logger.info("Handed %s waiting job(s) to the job service", sent)
    return sent
