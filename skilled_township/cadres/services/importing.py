"""The roster's Excel import: every row validated, nothing written unless every row is valid; a row whose
ID number is on the roster updates that cadre. The rows are checked against the roster read in a few queries
and written in bulk, each created or updated cadre with its audit entry. The template a clerk fills in is in
``import_template``; the row report and the background job for big files in ``import_jobs``."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from skilled_township.accounts import audit
from skilled_township.accounts.models import User
from skilled_township.core import excel, resident_id
from skilled_township.core.signals import bulk_saved
from skilled_township.regions.models import Region

from .. import synonyms
from ..models import (
    Cadre,
    Education,
    Gender,
    PoliticalStatus,
    Position,
    ReserveLevel,
)
from .transfers import request_transfer

# Column header (as in the template) → model field. Every one of these must be in the file.
COLUMNS = [
    ("乡镇", "township"),
    ("姓名", "name"),
    ("身份证号码", "id_number"),
    ("手机号码", "mobile"),
    ("职务类别", "position"),
    ("学历", "education"),
    ("政治面貌", "political_status"),
    ("后备干部", "reserve_level"),
    ("状态", "status"),
    ("离岗日期", "left_on"),
    ("备注", "note"),
]
CHOICES = {
    "position": Position,
    "education": Education,
    "political_status": PoliticalStatus,
    "reserve_level": ReserveLevel,
    "status": Cadre.Status,
}
#: Columns the import reads when present: the county tells apart townships of one name; gender and birth
#: date are checked against the ID number they come from.
OPTIONAL_COLUMNS = [
    (gettext_noop("县市区"), "county"),
    ("性别", "gender"),
    ("出生日期", "birth_date"),
]
#: Columns a clerk's sheet often has that the import knows and leaves alone.
IGNORED_COLUMNS = [gettext_noop("序号"), gettext_noop("错误")]  # 错误: the row report's column (import_jobs)
#: The template's columns, in order.
TEMPLATE_COLUMNS = [OPTIONAL_COLUMNS[0], *COLUMNS]
#: Limits that keep a crafted upload cheap to refuse: any township secretary may upload.
MAX_ROWS = 5000  # data rows in one file
ROW_SLACK = 1000  # empty rows tolerated among and after them; every row read counts, empty or not
MAX_COLUMNS = 50  # the template has len(COLUMNS); a sheet declaring more is not a roster
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024  # an xlsx is a zip: the sum of its members once unpacked


class ImportRefused(Exception):
    """The file as a whole cannot be imported (not a workbook, too large, no data rows…); no row is checked."""


@dataclass
class RowError:
    row: int
    name: str
    messages: list[str]


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    #: Rows of cadres already on the roster exactly as the file has them: nothing written for them.
    unchanged: int = 0
    #: Rows whose ID number is on a roster outside the importer's scope: sent as transfer requests.
    transfers: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: Said on the report whatever the outcome, e.g. the columns that were not read.
    warnings: list[str] = field(default_factory=list)
    #: Why the file as a whole was refused (shown instead of the row report), or "".
    refusal: str = ""
    #: The file as read (for the row report); None when it could not be read.
    sheet: Sheet | None = None

    @property
    def ok(self) -> bool:
        return not self.refusal and not self.errors and self.total > 0


def _title(title: str, language: str | None = None) -> str:
    if language is None:
        return _(title)
    with translation.override(language):
        return _(title)


def _header_fields() -> dict[str, str]:
    """Every header the import reads (in Chinese or English, as written by the template or the export) → field."""
    known = {}
    for title, fname in [*COLUMNS, *OPTIONAL_COLUMNS]:
        for language in ("zh-hans", "en"):
            known[synonyms.key(_title(title, language))] = fname
    for title in IGNORED_COLUMNS:
        for language in ("zh-hans", "en"):
            known[synonyms.key(_title(title, language))] = ""
    return known


def column_title(fname: str) -> str:
    return next(_(title) for title, f in [*COLUMNS, *OPTIONAL_COLUMNS] if f == fname)


def _choice(fname: str, value, table: dict[str, object]):
    text = synonyms.key(value)
    if text in table:
        return table[text]
    raise ValidationError(_("“%(v)s”不是有效的选项。") % {"v": synonyms.text(value)})


DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = synonyms.compact(value)
    if not text:
        return None
    match = DATE_PATTERN.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    try:
        if match is None:
            raise ValueError
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValidationError(_("“%(v)s”不是日期，格式应为 2025-03-01。") % {"v": synonyms.text(value)}) from None


def _mobile(value) -> str:
    text = synonyms.compact(value).replace("-", "")
    if text.startswith("+86"):
        text = text[3:]
    return text


def upload_bytes(file) -> bytes:
    """The uploaded file's bytes, refused past ``MAX_UPLOAD_BYTES`` without reading further."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImportRefused(_("文件不能超过 5 MB。"))
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused(_("文件不能超过 5 MB。"))
    return data


def _unreadable() -> ImportRefused:
    return ImportRefused(_("无法读取该文件，请上传 Excel（.xlsx）文件。"))


def _open_sheet(data: bytes) -> excel.SheetReader:
    """Check the upload as a zip before anything is unpacked: the declared size of its members."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # zipfile never unpacks a member past its declared size, so the declared sum bounds the work.
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _unreadable() from None
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise ImportRefused(
            _("文件解压后超过 %(mb)d MB，不是干部名册。请使用下载的模板。") % {"mb": MAX_UNCOMPRESSED_BYTES // 2**20}
        )
    try:
        return excel.open_sheet(data, max_column=MAX_COLUMNS + 1)
    except excel.UNREADABLE:  # a zip that is not a workbook, or a corrupt one
        raise _unreadable() from None


def _too_wide(columns: int) -> ImportRefused:
    return ImportRefused(
        _("工作表有 %(n)d 列，最多 %(max)d 列。请使用下载的模板。") % {"n": columns, "max": MAX_COLUMNS}
    )


@dataclass
class Sheet:
    """An upload's first sheet as read: its header and its data rows, as they are in the file."""

    #: The header row up to its last title.
    header: list[str]
    #: (sheet row number, the row's cells under the header) for every row that is not empty.
    rows: list[tuple[int, tuple]]
    #: Field → its column.
    columns: dict[str, int]
    #: Titles of the columns the import does not know.
    unknown: list[str]

    def values(self, row: tuple) -> dict:
        return {fname: row[i] if i < len(row) else None for fname, i in self.columns.items()}


def read_sheet(file) -> Sheet:
    """The data rows of the upload's first sheet, reading only the header's columns and at most
    MAX_ROWS + ROW_SLACK rows. Raises ``ImportRefused`` for a file that cannot be imported as a whole.

    The sheet's declared size is never trusted to be small: a 2 KB file may declare 16,384 columns × 1,048,576 rows.
    """
    reader = _open_sheet(file if isinstance(file, bytes) else upload_bytes(file))
    try:
        return _sheet(reader)
    except excel.UNREADABLE:
        raise _unreadable() from None


def _sheet(reader: excel.SheetReader) -> Sheet:
    rows = reader.rows()
    first = next(rows, None)
    declared_columns = reader.declared_columns  # None when the sheet declares no size
    if declared_columns is not None and declared_columns > MAX_COLUMNS:
        raise _too_wide(declared_columns)
    header = [synonyms.text(cell) for cell in first[1]] if first is not None and first[0] == 1 else []
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise _too_wide(len(header))
    known = _header_fields()
    columns: dict[str, int] = {}
    unknown = []
    for position, title in enumerate(header):
        fname = known.get(synonyms.key(title))
        if fname is None:
            if title:
                unknown.append(title)
        elif fname:
            columns.setdefault(fname, position)
    missing = [_(title) for title, fname in COLUMNS if fname not in columns]
    if missing:
        raise ImportRefused(_("缺少列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)})
    reader.max_column = len(header)
    budget = MAX_ROWS + ROW_SLACK
    data = []
    for number, row in rows:  # the header was row 1 (else columns would be missing)
        # Every row read counts, empty or not: one past the budget says the sheet goes on.
        if number - 1 > budget:
            raise ImportRefused(
                _("工作表超过 %(n)d 行（空行也计入）。请删除末尾的空行，或分成多个文件导入。") % {"n": budget}
            )
        if all(cell is None or synonyms.text(cell) == "" for cell in row):
            continue
        data.append((number, row))
        if len(data) > MAX_ROWS:
            raise ImportRefused(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
    if not data:
        raise ImportRefused(_("文件中没有数据行：请在表头下方每行填写一名干部。"))
    sheet = Sheet(header=header, rows=data, columns=columns, unknown=unknown)
    refusal = _masked_refusal(sheet)
    if refusal:
        raise ImportRefused(refusal)
    return sheet


class RegionLookup:
    """Regions of the importer's scope named in a sheet: by 12-digit code, or by name (compared after
    ``synonyms.compact``) narrowed by the parent's name or code from another column when two regions of the scope
    share a name: never a silent pick between namesakes. A subclass names its regions and its messages."""

    EMPTY = ""
    UNKNOWN_CODE = ""
    NOT_UNDER_PARENT = ""
    UNKNOWN_NAME = ""
    AMBIGUOUS = ""
    #: The placeholder of the parent's name in ``NOT_UNDER_PARENT``.
    PARENT_KEY = "p"

    def __init__(self, regions):
        self.by_code: dict[str, Region] = {}
        self.by_id: dict[int, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in regions.select_related("parent").order_by("code"):
            self.by_code[region.code] = region
            self.by_id[region.pk] = region
            self.by_name.setdefault(synonyms.compact(region.name), []).append(region)

    def where(self, region: Region) -> str:
        """How a namesake is told apart in the ambiguity message."""
        return region.parent.name

    def find(self, value, parent) -> Region:
        text, parent_text = synonyms.compact(value), synonyms.compact(parent)
        if not text:
            raise ValidationError(str(self.EMPTY))
        if re.fullmatch(r"\d{12}", text):
            if text in self.by_code:
                return self.by_code[text]
            raise ValidationError(str(self.UNKNOWN_CODE) % {"v": text})
        found = self.by_name.get(text, [])
        if parent_text:
            found = [r for r in found if parent_text in (synonyms.compact(r.parent.name), r.parent.code)]
            if not found:
                raise ValidationError(str(self.NOT_UNDER_PARENT) % {self.PARENT_KEY: parent_text, "v": text})
        if not found:
            raise ValidationError(str(self.UNKNOWN_NAME) % {"v": text})
        if len(found) > 1:
            where = "、".join(self.where(r) for r in found)
            raise ValidationError(str(self.AMBIGUOUS) % {"n": len(found), "v": text, "where": where})
        return found[0]


class _Townships(RegionLookup):
    """The townships in the importer's scope, with the county's name (or code) when two share a name."""

    EMPTY = gettext_lazy("请填写乡镇名称或 12 位乡镇代码。")
    UNKNOWN_CODE = gettext_lazy("乡镇代码“%(v)s”不存在或不在您的管辖范围内。")
    NOT_UNDER_PARENT = gettext_lazy("县市区“%(c)s”下没有乡镇“%(v)s”，或不在您的管辖范围内。")
    PARENT_KEY = "c"
    UNKNOWN_NAME = gettext_lazy("乡镇“%(v)s”不存在或不在您的管辖范围内。")
    AMBIGUOUS = gettext_lazy("有 %(n)d 个乡镇名为“%(v)s”（%(where)s），请填写县市区或 12 位乡镇代码。")

    def __init__(self, user: User):
        super().__init__(Region.objects.visible_to(user).townships())

    def where(self, region: Region) -> str:
        return f"{region.parent.name} {region.code}"


def _id_number(raw) -> str:
    number = resident_id.normalise(synonyms.text(raw))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # Excel keeps 15 significant digits of a number: an 18-digit ID typed into a number cell has lost its end.
        raise ValidationError(_("身份证号码被 Excel 存成了数字，末几位可能已丢失：请把该列设为文本后重新填写。"))
    return number


def _cross_check(cadre: Cadre, values: dict, messages: list[str], genders: dict) -> None:
    """性别 and 出生日期, when the file has them, must say what the ID number says."""
    given = [fname for fname in ("gender", "birth_date") if synonyms.text(values.get(fname))]
    if not given:
        return
    try:
        resident_id.validate_resident_id(cadre.id_number)
    except ValidationError:
        return  # reported on the ID number
    # column → (read the cell, what the ID says, how a value is shown)
    checks = {
        "gender": (
            lambda v: _choice("gender", v, genders),
            resident_id.gender(cadre.id_number),
            lambda value: str(Gender(value).label),
        ),
        "birth_date": (_date, resident_id.birth_date(cadre.id_number), lambda value: value.isoformat()),
    }
    for fname in given:
        read, derived, shown = checks[fname]
        title = column_title(fname)
        try:
            entered = read(values[fname])
        except ValidationError as error:
            messages.append(f"{title}：{'；'.join(error.messages)}")
            continue
        if entered != derived:
            messages.append(
                _("%(col)s：填写的“%(v)s”与身份证号码得出的“%(d)s”不一致。")
                % {"col": title, "v": shown(entered), "d": shown(derived)}
            )


def _report(messages: list[str], failed: set[str], fname: str, error: ValidationError) -> None:
    failed.add(fname)
    messages.extend(f"{column_title(fname)}：{message}" for message in error.messages)


def _masked_refusal(sheet: Sheet) -> str:
    column = sheet.columns["id_number"]
    masked = [number for number, row in sheet.rows if "*" in synonyms.compact(row[column])]
    if not masked:
        return ""
    return _(
        "第 %(rows)s 行的身份证号码是打码的（如 4312**********1234），无法确定是哪一位干部，未导入任何数据。"
        "请由可查看完整身份证号码的人员导出名册，或填写完整的身份证号码。"
    ) % {"rows": "、".join(str(n) for n in masked[:10]) + ("…" if len(masked) > 10 else "")}


def import_cadres(file, *, by: User, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Validate every row of the uploaded roster and, only if all are valid, save them in one transaction.

    Values are normalised first (full-width characters, spaces, a lowercase x) and stored normalised; the choice
    columns take the words of ``synonyms.SYNONYMS`` in either language, whatever the interface language. Every
    error of a row is reported, each naming its column. A row that changes nothing is counted as unchanged and
    not written (so no audit entry). ``progress`` hears the percentage done now and then."""
    try:
        sheet = read_sheet(file)
    except ImportRefused as refusal:
        return ImportResult(refusal=str(refusal))
    return import_sheet(sheet, by=by, progress=progress)


def import_sheet(sheet: Sheet, *, by: User, progress: Callable[[int], None] | None = None) -> ImportResult:
    """``import_cadres`` for a sheet already read: the rows are checked with what the user may do and see now."""
    report_progress = progress or (lambda percent: None)
    result = ImportResult(sheet=sheet, total=len(sheet.rows))
    if not (by.is_active and by.has_role_perm("cadres.manage")):
        result.refusal = _("您没有导入干部名册的权限。")
        return result
    if sheet.unknown:
        result.warnings.append(_("以下列未导入：%(cols)s。") % {"cols": "、".join(sheet.unknown)})
    report_progress(PROGRESS_READ)
    plan = _check(sheet, by, result, report_progress)
    if result.errors:
        return result
    report_progress(PROGRESS_CHECKED)
    try:
        _write(plan, by)
    except IntegrityError:
        # Someone changed the roster between the check and the write (e.g. added one of these ID numbers).
        result.refusal = _("导入期间名册有了其他改动，未导入任何数据。请重新上传。")
        return result
    result.created, result.updated, result.transfers = len(plan.new), len(plan.changed), len(plan.transfers)
    return result


#: Where the progress stands once the file is read, and once every row is checked (the writes follow).
PROGRESS_READ = 5
PROGRESS_CHECKED = 90


@dataclass
class _Plan:
    """What a valid file writes: new cadres, changed ones (with their rows as they were), transfer requests."""

    new: list[Cadre] = field(default_factory=list)
    changed: list[tuple[Cadre, Cadre]] = field(default_factory=list)
    transfers: list[tuple[Cadre, Cadre]] = field(default_factory=list)


def _check(sheet: Sheet, by: User, result: ImportResult, report_progress: Callable[[int], None]) -> _Plan:
    """Every row checked against the roster as it is (read in two queries, whatever the number of rows)."""
    townships = _Townships(by)
    tables = {fname: synonyms.lookup(fname) for fname in (*CHOICES, "gender")}
    id_column = sheet.columns["id_number"]
    numbers = [resident_id.normalise(synonyms.text(row[id_column])) for _n, row in sheet.rows]
    existing = {c.id_number: c for c in Cadre.objects.filter(id_number__in=numbers)}
    for cadre in existing.values():  # the townships in scope are loaded already (those outside it are not shown)
        if cadre.township_id in townships.by_id:
            cadre.township = townships.by_id[cadre.township_id]
    visible_ids = set(Cadre.objects.visible_to(by).filter(id_number__in=numbers).values_list("id_number", flat=True))

    plan = _Plan()
    seen: dict[str, int] = {}
    step = max(len(sheet.rows) // 20, 50)
    for index, ((number, row), id_number) in enumerate(zip(sheet.rows, numbers, strict=True)):
        if index and index % step == 0:
            report_progress(PROGRESS_READ + (PROGRESS_CHECKED - PROGRESS_READ) * index // len(sheet.rows))
        values = sheet.values(row)
        messages: list[str] = []
        failed: set[str] = set()

        registered = existing.get(id_number)
        elsewhere = registered if registered is not None and id_number not in visible_ids else None
        if id_number and id_number in seen:
            messages.append(
                _("%(col)s：与第 %(row)d 行重复。") % {"col": column_title("id_number"), "row": seen[id_number]}
            )
        seen.setdefault(id_number, number)
        # The row is checked as a cadre of its own, so the one on the roster stays as it was (for the audit
        # entry's before → after). One registered elsewhere is checked like a new cadre (so the answer does not
        # depend on what the other roster holds), kept only as a transfer request.
        cadre = Cadre()
        cadre.transfer_requested = elsewhere is not None
        before = registered if registered is not None and elsewhere is None else None
        if before is not None:
            cadre.pk, cadre.created_at = before.pk, before.created_at
            cadre._state.adding = False
        try:
            cadre.id_number = _id_number(values["id_number"])
        except ValidationError as error:
            _report(messages, failed, "id_number", error)
        cadre.name = synonyms.name(values["name"])
        cadre.mobile = _mobile(values["mobile"])
        cadre.note = synonyms.text(values["note"])
        parsers = (
            ("township", lambda v: townships.find(v, values.get("county"))),  # noqa: B023
            ("position", lambda v: _choice("position", v, tables["position"])),
            ("education", lambda v: _choice("education", v, tables["education"])),
            ("political_status", lambda v: _choice("political_status", v or "中共党员", tables["political_status"])),
            ("status", lambda v: _choice("status", v or "在岗", tables["status"])),
            ("reserve_level", lambda v: _choice("reserve_level", v or "否", tables["reserve_level"])),
            ("left_on", _date),
        )
        for fname, parse in parsers:
            raw = values[fname]
            if isinstance(raw, str) or raw is None:
                raw = synonyms.text(raw)
            try:
                setattr(cadre, fname, parse(raw))
            except ValidationError as error:
                _report(messages, failed, fname, error)
        try:
            # Gender and birth date come from the ID number here, as on the page and in the API. The ID number's
            # uniqueness is settled above (on the roster: updated; elsewhere: a transfer; twice in the file: an
            # error), and the township was found among those in scope.
            cadre.full_clean(exclude=[*failed, "township"], validate_unique=False)
        except ValidationError as error:
            for fname, errs in error.message_dict.items():
                if fname == "__all__":
                    messages.extend(errs)
                else:
                    messages.extend(f"{_field_label(fname)}：{e}" for e in errs)
        _cross_check(cadre, values, messages, tables["gender"])
        if messages:
            result.errors.append(RowError(row=number, name=cadre.name, messages=messages))
        elif elsewhere is not None:
            plan.transfers.append((elsewhere, cadre))
        elif before is None:
            plan.new.append(cadre)
        elif any(getattr(before, f) != getattr(cadre, f) for f in CHANGEABLE_FIELDS):
            plan.changed.append((before, cadre))
        else:
            result.unchanged += 1
    return plan


def _write(plan: _Plan, by: User) -> None:
    """The plan's writes in one transaction, in bulk, each created or updated cadre with its audit entry."""
    now = timezone.now()
    changes = [(cadre, audit.diff(before, cadre)) for before, cadre in plan.changed]
    updated_fields = sorted({name for _cadre, changed in changes for name in changed} | {"updated_at"})
    for cadre, _changed in changes:
        cadre.updated_at = now
    with transaction.atomic():
        Cadre.objects.bulk_create(plan.new, batch_size=WRITE_BATCH)
        Cadre.objects.bulk_update([cadre for cadre, _c in changes], updated_fields, batch_size=WRITE_BATCH)
        # Bulk writes skip the per-row save signals the audit trail listens to: it hears of them here instead.
        created = [(cadre, audit.diff(None, cadre)) for cadre in plan.new]
        bulk_saved.send(sender=Cadre, created=created, changed=changes)
        moved = [cadre for before, cadre in plan.changed if before.township_id != cadre.township_id]
        if moved:
            _move_accounts(moved)
        for registered, entered in plan.transfers:
            request_transfer(registered, to_township=entered.township, entered_name=entered.name, by=by)


#: Rows per INSERT or UPDATE statement.
WRITE_BATCH = 1000


def _move_accounts(moved: list[Cadre]) -> None:
    """Cadres who changed township take their accounts with them, as a single save does
    (``Cadre._move_account_with_cadre``): one query finds the accounts, each change of scope is audited."""
    townships = {cadre.pk: cadre.township_id for cadre in moved}
    for account in User.objects.filter(cadre__in=moved):
        if account.scope_id != townships[account.cadre_id]:
            account.scope_id = townships[account.cadre_id]
            account.save(update_fields=["scope"])


#: What an import row may change: entered fields (the township by id) and what the ID number gives.
CHANGEABLE_FIELDS = tuple(
    "township_id" if f == "township" else f for f in (*Cadre.ENTERED_FIELDS, *Cadre.DERIVED_FROM_ID)
)


def _field_label(fname: str) -> str:
    return str(Cadre._meta.get_field(fname).verbose_name)
