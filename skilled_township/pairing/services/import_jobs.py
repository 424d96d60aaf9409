"""How a household, member or income upload is imported: a small file at once, a big one (more rows than the
roster import's threshold) by a background job with progress on its page. The outcome's sentence and summary and
the row report (the uploaded rows with an 错误 column) are the roster import's (``cadres.services.import_jobs``)."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from skilled_township.accounts.models import User
from skilled_township.cadres.services import import_jobs as roster_jobs
from skilled_township.cadres.services.importing import ImportRefused, upload_bytes
from skilled_township.core import generators
from skilled_township.core.models import GeneratedFile
from skilled_township.core.services import request_file

from .importing import SHEET_TITLES, HouseholdImportResult, import_file, import_sheet, read_sheet

IMPORT_KIND = "household_import"
UPLOAD_FOLDER = "imports"


def background_rows() -> int:
    """The roster import's threshold (``CADRE_IMPORT_BACKGROUND_ROWS``): one setting for every import."""
    return roster_jobs.background_rows()


def start_import(kind: str, upload, *, by: User) -> tuple[HouseholdImportResult | None, GeneratedFile | None]:
    """Import now, or queue when the file has more than ``background_rows()`` data rows; as the roster's
    ``start_import``: ``(result, report or None)`` when done at once, ``(None, job)`` when queued."""
    try:
        data = upload_bytes(upload)
        sheet = read_sheet(kind, data)
    except ImportRefused as refusal:
        return HouseholdImportResult(kind=kind, refusal=str(refusal)), None
    if len(sheet.rows) <= background_rows():
        result = import_sheet(kind, sheet, by=by)
        return result, keep_report(result, by=by) if result.errors else None
    name = default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    # Kept while the job waits, should the job service be unavailable just now (it starts once it is back).
    return None, request_file(IMPORT_KIND, {"upload": name, "rows": len(sheet.rows), "kind": kind}, by=by)


@generators.register(IMPORT_KIND)
def run_import(job: GeneratedFile, report_progress) -> tuple[str, bytes]:
    """The background import, as the user who uploaded it; a refused file fails the job with the reason."""
    name = job.params["upload"]
    try:
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
        result = import_file(job.params["kind"], data, by=job.requested_by, progress=report_progress)
    finally:
        default_storage.delete(name)
    if result.refusal:
        raise ImportRefused(result.refusal)
    job.message = roster_jobs.sentence(result)[:255]
    job.result = summary(result)
    return report_filename(), report_bytes(result)


def summary(result: HouseholdImportResult, errors_shown: int | None = roster_jobs.ERRORS_SHOWN) -> dict:
    return {**roster_jobs.summary(result, errors_shown=errors_shown), "kind": result.kind}


def report_bytes(result: HouseholdImportResult) -> bytes:
    return roster_jobs.report_bytes(result, title=_(SHEET_TITLES[result.kind]))


def report_filename() -> str:
    return f"household-import-report-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"


def keep_report(result: HouseholdImportResult, *, by: User) -> GeneratedFile:
    report = GeneratedFile(
        kind=IMPORT_KIND,
        params={"rows": result.total, "kind": result.kind},
        language=get_language() or "zh-hans",
        requested_by=by,
        status=GeneratedFile.Status.DONE,
        progress=100,
        message=roster_jobs.sentence(result)[:255],
        result=summary(result),
        finished_at=timezone.now(),
    )
    report.file.save(report_filename(), ContentFile(report_bytes(result)), save=False)
    report.save()
    return report
