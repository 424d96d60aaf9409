"""Background tasks of the year-end assessment: the yearly evaluation reports, and the nightly refresh of the
automatic figures reviewers see.

A report task acknowledges its message only once it has finished (``acks_late``), and a worker that dies while
running it puts the message back (``reject_on_worker_lost``); since a report of a generation that is already
finished is left alone, a redelivered message does the work again exactly when it was not done.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone, translation

from .services import reports, snapshots

logger = logging.getLogger(__name__)

RETRIES = 3


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=RETRIES)
def build_report(self, report_id: int, queue: str | None = None) -> str:
    """Write one township's report (or the city's summary); retried with growing pauses before it fails."""
    try:
        with translation.override("zh-hans"), timezone.override("Asia/Shanghai"):
            return reports.build(report_id, queue)
    except Exception as error:
        logger.exception("Building report %s failed", report_id)
        final = self.request.retries >= RETRIES
        reports.fail(report_id, error, final=final, queue=queue)
        if final:
            return "failed"
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error


@shared_task
def refresh_figures() -> dict[int, int]:
    """Celery beat, nightly: recompute the automatic figures of every round being scored."""
    stored = snapshots.refresh_scoring_rounds()
    logger.info("Automatic figures refreshed: %s", stored or "no round being scored")
    return stored


@shared_task
def send_waiting_reports() -> int:
    """The scheduler, every ``JOB_RESEND_SECONDS``: report generations started while the job service was
    unavailable are handed to it."""
    sent = reports.send_waiting()
    if sent:
        logger.info("Handed %s waiting report generation(s) to the job service", sent)
    return sent
