"""How an upload is imported: a small file at once, a big one by a background job with progress on its page
(the ``GeneratedFile`` pattern of ``core``). Either way the outcome is said in one sentence, and the row report
— the uploaded rows with an added 错误 column holding every error of the row — can be downloaded: always after
a background import, after one done at once when a row has an error."""

from __future__ import annotations

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from skilled_township.accounts.models import User
from skilled_township.core import generators
from skilled_township.core.models import GeneratedFile
from skilled_township.core.services import request_file

from .. import synonyms
from .importing import ImportRefused, ImportResult, import_cadres, import_sheet, read_sheet, upload_bytes

#: The kind of the file records of imports (``core.models.GeneratedFile``): the job and its row report.
IMPORT_KIND = "cadre_import"
#: Errors listed on the page after a background import (every one is in the row report).
ERRORS_SHOWN = 50
#: Where uploads wait for their job (the job deletes its upload when it has read it).
UPLOAD_FOLDER = "imports"


def background_rows() -> int:
    return settings.CADRE_IMPORT_BACKGROUND_ROWS


def start_import(upload, *, by: User) -> tuple[ImportResult | None, GeneratedFile | None]:
    """Read the upload and import it now, or queue it when it has more than ``background_rows()`` data rows.

    Returns ``(result, report)`` for an import done at once (``report`` holds the row report when a row has an
    error, else None), or ``(None, job)`` for one queued. A file refused as a whole is answered at once."""
    try:
        data = upload_bytes(upload)
        sheet = read_sheet(data)
    except ImportRefused as refusal:
        return ImportResult(refusal=str(refusal)), None
    if len(sheet.rows) <= background_rows():
        result = import_sheet(sheet, by=by)
        return result, keep_report(result, by=by) if result.errors else None
    name = default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.xlsx", ContentFile(data))
    # Kept while the job waits, should the job service be unavailable just now (it starts once it is back).
    return None, request_file(IMPORT_KIND, {"upload": name, "rows": len(sheet.rows)}, by=by)


@generators.register(IMPORT_KIND)
def run_import(job: GeneratedFile, report_progress) -> tuple[str, bytes]:
    """The background import: the stored upload checked and imported as the user who uploaded it, with what
    they may do and see when the job runs. A refused file fails the job with the reason; otherwise the job's
    file is the row report."""
    name = job.params["upload"]
    try:
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
        result = import_cadres(data, by=job.requested_by, progress=report_progress)
    finally:
        default_storage.delete(name)
    if result.refusal:
        raise ImportRefused(result.refusal)
    job.message = sentence(result)[:255]
    job.result = summary(result)
    return report_filename(), report_bytes(result)


def keep_report(result: ImportResult, *, by: User) -> GeneratedFile:
    """The row report of an import done at once, kept as a finished file for the user who uploaded it."""
    report = GeneratedFile(
        kind=IMPORT_KIND,
        params={"rows": result.total},
        language=get_language() or "zh-hans",
        requested_by=by,
        status=GeneratedFile.Status.DONE,
        progress=100,
        message=sentence(result)[:255],
        result=summary(result),
        finished_at=timezone.now(),
    )
    report.file.save(report_filename(), ContentFile(report_bytes(result)), save=False)
    report.save()
    return report


def sentence(result: ImportResult) -> str:
    """The outcome in one sentence: 共 N 行：新增 A、更新 B、未变 C。 or 共 N 行，K 行有错误，未导入任何数据。"""
    if result.refusal:
        return result.refusal
    if result.errors:
        return ngettext(
            "共 %(total)d 行，%(n)d 行有错误，未导入任何数据。",
            "共 %(total)d 行，%(n)d 行有错误，未导入任何数据。",
            len(result.errors),
        ) % {"total": result.total, "n": len(result.errors)}
    return _("共 %(total)d 行：新增 %(created)d、更新 %(updated)d、未变 %(unchanged)d。") % {
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def summary(result: ImportResult, errors_shown: int | None = ERRORS_SHOWN) -> dict:
    """What the import page shows of an outcome (kept with a background job, so plain values)."""
    return {
        "sentence": sentence(result),
        "ok": result.ok,
        "refusal": result.refusal,
        "total": result.total,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "transfers": result.transfers,
        "warnings": result.warnings,
        "error_rows": len(result.errors),
        "errors": [
            {"row": error.row, "name": error.name, "messages": error.messages} for error in result.errors[:errors_shown]
        ],
    }


def report_filename() -> str:
    return f"cadre-import-report-{timezone.localtime():%Y%m%d-%H%M%S}.xlsx"


_ERROR_FONT = Font(color="9C0006")
_ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")


def report_bytes(result: ImportResult, title: str | None = None) -> bytes:
    """The uploaded rows, where they were in the file, with an 错误 column: every error of the row, or empty.
    Corrected and uploaded again, it imports like the original (the import passes over the 错误 column).
    ``title`` names the sheet (the roster's by default); any import whose result has a ``Sheet`` and
    ``RowError``s of ``importing`` gets the same report."""
    sheet = result.sheet
    errors = {error.row: "；".join(error.messages) for error in result.errors}
    header = list(sheet.header)
    error_titles = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            error_titles.add(synonyms.key(_("错误")))
    error_column = next((i for i, title in enumerate(header) if synonyms.key(title) in error_titles), None)
    if error_column is None:  # a report uploaded again keeps its one 错误 column
        error_column = len(header)
        header.append(_("错误"))

    book = Workbook(write_only=True)
    out = book.create_sheet(str(title or _("干部名册"))[:31])
    out.freeze_panes = "A2"
    for fname, position in sheet.columns.items():
        if fname in ("id_number", "township", "county", "head_id_number", "village"):
            out.column_dimensions[get_column_letter(position + 1)].width = 22
    out.column_dimensions[get_column_letter(error_column + 1)].width = 60
    title = WriteOnlyCell(out, value=header[error_column])
    title.font = Font(bold=True, color="9C0006")
    out.append([*header[:error_column], title, *header[error_column + 1 :]])
    wrap = Alignment(wrap_text=True, vertical="top")
    following = 2
    for number, row in sheet.rows:
        for _gap in range(following, number):  # the rows keep their numbers, which the errors cite
            out.append([])
        following = number + 1
        cells = [_as_uploaded(out, value) for value in row]
        cells += [None] * (len(header) - len(cells))
        message = errors.get(number, "")
        if message:
            cell = WriteOnlyCell(out, value=message)
            cell.font, cell.fill, cell.alignment = _ERROR_FONT, _ERROR_FILL, wrap
            cells[error_column] = cell
        else:
            cells[error_column] = None
        out.append(cells)
    return _saved(book)


def _as_uploaded(sheet, value):
    """A cell as it was uploaded; text that looks like a formula stays text (never run by a spreadsheet)."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
