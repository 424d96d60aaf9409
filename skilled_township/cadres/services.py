"""Rules and writes of the roster: the Excel import (every row validated, nothing written unless every row
is valid; a row whose ID number is on the roster updates that cadre), the formula-safe export, the
education structure of a township's cadres against its targets (seed 003), and cadres' own sign-in accounts."""

from __future__ import annotations

import datetime
import io
import re
import secrets
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from skilled_township.accounts.models import User
from skilled_township.accounts.roles import Role
from skilled_township.core import resident_id
from skilled_township.core.excel import workbook_bytes
from skilled_township.regions import codes
from skilled_township.regions.models import Region

from . import synonyms
from .models import (
    LEADERSHIP_POSITIONS,
    Cadre,
    Education,
    EducationTarget,
    Gender,
    PoliticalStatus,
    Position,
    TransferRequest,
)

# Column header (as in the template) → model field. Every one of these must be in the file.
COLUMNS = [
    ("乡镇", "township"),
    ("姓名", "name"),
    ("身份证号码", "id_number"),
    ("手机号码", "mobile"),
    ("职务类别", "position"),
    ("学历", "education"),
    ("政治面貌", "political_status"),
    ("后备干部", "is_reserve"),
    ("状态", "status"),
    ("离岗日期", "left_on"),
    ("备注", "note"),
]
CHOICES = {
    "position": Position,
    "education": Education,
    "political_status": PoliticalStatus,
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
IGNORED_COLUMNS = [gettext_noop("序号")]
#: The template's columns, in order.
TEMPLATE_COLUMNS = [OPTIONAL_COLUMNS[0], *COLUMNS]
#: Limits that keep a crafted upload cheap to refuse: any township secretary may upload.
MAX_ROWS = 5000  # data rows in one file
ROW_SLACK = 1000  # empty rows tolerated among and after them; every row read counts, empty or not
MAX_COLUMNS = 50  # the template has len(COLUMNS); a sheet declaring more is not a roster
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024  # an xlsx is a zip: the sum of its members once unpacked
#: Rows the template prepares (drop-downs) for data.
TEMPLATE_ROWS = MAX_ROWS
#: What the template's example shows (a valid ID number); it is on the instruction sheet, never uploaded.
EXAMPLE = {
    "county": "麻阳苗族自治县",
    "township": "高村镇",
    "name": "阿依古丽·买买提",
    "id_number": "43122619880512058X",
    "mobile": "13800000000",
    "position": "一般干部",
    "education": "本科",
    "political_status": "中共党员",
    "is_reserve": "否",
    "status": "在岗",
    "left_on": "",
    "note": "",
}


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


def _column_title(fname: str) -> str:
    return next(_(title) for title, f in [*COLUMNS, *OPTIONAL_COLUMNS] if f == fname)


def template_bytes() -> bytes:
    """The roster template: the data sheet (drop-downs on the choice columns, the ID column kept as text so
    Excel keeps 18 digits and the x) and a 填写说明 sheet listing the columns, the words accepted in each
    choice column (``synonyms.SYNONYMS``) and an example row."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("干部名册")
    sheet.append([title for title, _f in TEMPLATE_COLUMNS])
    letters = {fname: get_column_letter(i) for i, (_t, fname) in enumerate(TEMPLATE_COLUMNS, start=1)}
    for fname, letter in letters.items():
        sheet.column_dimensions[letter].width = 22 if fname in ("id_number", "township", "county") else 14
    for fname in ("id_number", "mobile"):
        sheet.column_dimensions[letters[fname]].number_format = "@"  # text: Excel keeps all 18 digits and the x
    sheet.freeze_panes = "A2"
    choices = {
        **{fname: [labels[0] for labels in map(synonyms.labels, synonyms.CHOICE_KINDS[fname])] for fname in CHOICES},
        "is_reserve": ["是", "否"],
    }
    for fname, words in choices.items():
        # A drop-down of the labels; other accepted words may still be typed (no error box).
        validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
        validation.showErrorMessage = False
        validation.add(f"{letters[fname]}2:{letters[fname]}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)

    guide = book.create_sheet(_("填写说明"))
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 60
    guide.append([_("填写说明")])
    guide.append([_("每行一名干部，从第 2 行起填写；身份证号码已在名册中的，更新该干部的信息。")])
    guide.append([_("所有行都通过校验才会导入。")])
    guide.append([_("全角数字与字母、前后及中间的空格、身份证号码末位的小写 x 会自动改正。")])
    guide.append([])
    guide.append([_("列"), _("填写要求")])
    rules = {
        "county": _("选填。乡镇同名时用于区分，例如“麻阳苗族自治县”。"),
        "township": _("必填。乡镇名称或 12 位统计用区划代码。"),
        "name": _("必填。少数民族姓名中的间隔号“·”照原样填写。"),
        "id_number": _("必填。18 位，末位可为 X；此列为文本格式，请勿改为数字。"),
        "mobile": _("必填。11 位手机号码。"),
        "is_reserve": _("填“是”或“否”，不填为否。"),
        "status": _("不填为在岗。"),
        "left_on": _("离岗的干部填写，例如 2025-03-01。"),
        "note": _("选填。"),
        "political_status": _("不填为中共党员。"),
        "gender": _("选填，须与身份证号码一致。"),
        "birth_date": _("选填，须与身份证号码一致。"),
    }
    for title, fname in [*TEMPLATE_COLUMNS, *OPTIONAL_COLUMNS[1:]]:
        guide.append([_(title), rules.get(fname, _("必填，可选值见下表。"))])
    guide.append([])
    guide.append([_("列"), _("可选值"), _("也可以填写")])
    for fname in (*CHOICES, "gender"):
        for label, words in synonyms.accepted_words(fname):
            guide.append([_column_title(fname), label, "、".join(words)])
    guide.append([_column_title("is_reserve"), "是", "、".join(w for w in synonyms.YES_WORDS if w != "是")])
    guide.append([_column_title("is_reserve"), "否", "、".join(w for w in synonyms.NO_WORDS if w != "否")])
    guide.append([])
    guide.append([_("示例（请勿复制到干部名册）")])
    guide.append([title for title, _f in TEMPLATE_COLUMNS])
    guide.append([EXAMPLE[fname] for _t, fname in TEMPLATE_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _choice(fname: str, value, table: dict[str, object]):
    text = synonyms.key(value)
    if text in table:
        return table[text]
    raise ValidationError(_("“%(v)s”不是有效的选项。") % {"v": synonyms.text(value)})


_YES = frozenset(map(synonyms.key, synonyms.YES_WORDS))
_NO = frozenset(map(synonyms.key, synonyms.NO_WORDS))


def _yes_no(value) -> bool:
    text = synonyms.key(value)
    if text in _YES:
        return True
    if not text or text in _NO:
        return False
    raise ValidationError(_("“%(v)s”应为“是”或“否”。") % {"v": synonyms.text(value)})


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


def _open_workbook(file):
    """Check the upload as a zip before openpyxl unpacks anything: its size, then the declared size of its members."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ImportRefused(_("文件不能超过 5 MB。"))
    data = file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused(_("文件不能超过 5 MB。"))
    unreadable = _("无法读取该文件，请上传 Excel（.xlsx）文件。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # zipfile never unpacks a member past its declared size, so the declared sum bounds the work.
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(unreadable) from None
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise ImportRefused(
            _("文件解压后超过 %(mb)d MB，不是干部名册。请使用下载的模板。") % {"mb": MAX_UNCOMPRESSED_BYTES // 2**20}
        )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a zip that is not a workbook, or a corrupt one
        raise ImportRefused(unreadable) from None


def _too_wide(columns: int) -> ImportRefused:
    return ImportRefused(
        _("工作表有 %(n)d 列，最多 %(max)d 列。请使用下载的模板。") % {"n": columns, "max": MAX_COLUMNS}
    )


def _read_rows(file) -> tuple[list[tuple[int, dict]], list[str]]:
    """The data rows of the first sheet, reading only the header's columns and at most MAX_ROWS + ROW_SLACK
    rows, and the headers of the columns the import does not know.

    The sheet's declared size is never trusted to be small: a 2 KB file may declare 16,384 columns × 1,048,576 rows.
    """
    book = _open_workbook(file)
    try:
        sheet = book.worksheets[0]
        declared_columns = sheet.max_column  # None when the sheet declares no size
        if declared_columns is not None and declared_columns > MAX_COLUMNS:
            raise _too_wide(declared_columns)
        first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS + 1, values_only=True), ())
        header = [synonyms.text(cell) for cell in first]
        while header and not header[-1]:
            header.pop()
        if len(header) > MAX_COLUMNS:
            raise _too_wide(len(header))
        known = _header_fields()
        index: dict[str, int] = {}
        unknown = []
        for position, title in enumerate(header):
            fname = known.get(synonyms.key(title))
            if fname is None:
                if title:
                    unknown.append(title)
            elif fname:
                index.setdefault(fname, position)
        missing = [_(title) for title, fname in COLUMNS if fname not in index]
        if missing:
            raise ImportRefused(_("缺少列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)})
        budget = MAX_ROWS + ROW_SLACK
        # Read one row past the budget to tell whether the sheet goes on; every row read counts, empty or not.
        rows = sheet.iter_rows(min_row=2, max_row=budget + 2, max_col=len(header), values_only=True)
        out = []
        for number, row in enumerate(rows, start=2):
            if number - 1 > budget:
                raise ImportRefused(
                    _("工作表超过 %(n)d 行（空行也计入）。请删除末尾的空行，或分成多个文件导入。") % {"n": budget}
                )
            if row is None or all(cell is None or synonyms.text(cell) == "" for cell in row):
                continue
            out.append((number, {fname: row[i] if i < len(row) else None for fname, i in index.items()}))
            if len(out) > MAX_ROWS:
                raise ImportRefused(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
        if not out:
            raise ImportRefused(_("文件中没有数据行：请在表头下方每行填写一名干部。"))
        return out, unknown
    finally:
        book.close()


class _Townships:
    """The townships in the importer's scope, found by 12-digit code, or by name with the county's name (or
    code) when two of them share a name: never a silent pick between namesakes."""

    def __init__(self, user: User):
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for township in Region.objects.visible_to(user).townships().select_related("parent").order_by("code"):
            self.by_code[township.code] = township
            self.by_name.setdefault(synonyms.compact(township.name), []).append(township)

    def find(self, value, county) -> Region:
        text = synonyms.compact(value)
        county_text = synonyms.compact(county)
        if not text:
            raise ValidationError(_("请填写乡镇名称或 12 位乡镇代码。"))
        if re.fullmatch(r"\d{12}", text):
            if text in self.by_code:
                return self.by_code[text]
            raise ValidationError(_("乡镇代码“%(v)s”不存在或不在您的管辖范围内。") % {"v": text})
        found = self.by_name.get(text, [])
        if county_text:
            found = [t for t in found if county_text in (synonyms.compact(t.parent.name), t.parent.code)]
            if not found:
                raise ValidationError(
                    _("县市区“%(c)s”下没有乡镇“%(v)s”，或不在您的管辖范围内。") % {"c": county_text, "v": text}
                )
        if not found:
            raise ValidationError(_("乡镇“%(v)s”不存在或不在您的管辖范围内。") % {"v": text})
        if len(found) > 1:
            raise ValidationError(
                _("有 %(n)d 个乡镇名为“%(v)s”（%(where)s），请填写县市区或 12 位乡镇代码。")
                % {"n": len(found), "v": text, "where": "、".join(f"{t.parent.name} {t.code}" for t in found)}
            )
        return found[0]


def _id_number(raw) -> str:
    number = resident_id.normalise(synonyms.text(raw))
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # Excel keeps 15 significant digits of a number: an 18-digit ID typed into a number cell has lost its end.
        raise ValidationError(_("身份证号码被 Excel 存成了数字，末几位可能已丢失：请把该列设为文本后重新填写。"))
    return number


def _cross_check(cadre: Cadre, values: dict, messages: list[str], genders: dict) -> None:
    """性别 and 出生日期, when the file has them, must say what the ID number says."""
    try:
        resident_id.validate_resident_id(cadre.id_number)
    except ValidationError:
        return  # reported on the ID number
    gender_text = synonyms.text(values.get("gender"))
    if gender_text:
        title = _column_title("gender")
        derived = resident_id.gender(cadre.id_number)
        try:
            entered = _choice("gender", gender_text, genders)
        except ValidationError as error:
            messages.append(f"{title}：{'；'.join(error.messages)}")
        else:
            if entered != derived:
                messages.append(
                    _("%(col)s：填写的“%(v)s”与身份证号码得出的“%(d)s”不一致。")
                    % {"col": title, "v": gender_text, "d": Gender(derived).label}
                )
    if synonyms.text(values.get("birth_date")):
        title = _column_title("birth_date")
        derived = resident_id.birth_date(cadre.id_number)
        try:
            entered = _date(values["birth_date"])
        except ValidationError as error:
            messages.append(f"{title}：{'；'.join(error.messages)}")
        else:
            if entered != derived:
                messages.append(
                    _("%(col)s：填写的“%(v)s”与身份证号码得出的“%(d)s”不一致。")
                    % {"col": title, "v": entered.isoformat(), "d": derived.isoformat()}
                )


def _report(messages: list[str], failed: set[str], fname: str, error: ValidationError) -> None:
    failed.add(fname)
    messages.extend(f"{_column_title(fname)}：{message}" for message in error.messages)


def _masked_refusal(rows) -> str:
    masked = [number for number, values in rows if "*" in synonyms.compact(values.get("id_number"))]
    if not masked:
        return ""
    return _(
        "第 %(rows)s 行的身份证号码是打码的（如 4312**********1234），无法确定是哪一位干部，未导入任何数据。"
        "请由可查看完整身份证号码的人员导出名册，或填写完整的身份证号码。"
    ) % {"rows": "、".join(str(n) for n in masked[:10]) + ("…" if len(masked) > 10 else "")}


def import_cadres(file, *, by) -> ImportResult:
    """Validate every row of the uploaded roster and, only if all are valid, save them in one transaction.

    Values are normalised first (full-width characters, spaces, a lowercase x) and stored normalised; the choice
    columns take the words of ``synonyms.SYNONYMS`` in either language, whatever the interface language. Every
    error of a row is reported, each naming its column. A row that changes nothing is counted as unchanged and
    not written (so no audit entry)."""
    result = ImportResult()
    try:
        rows, unknown = _read_rows(file)
        refusal = _masked_refusal(rows)
        if refusal:
            raise ImportRefused(refusal)
    except ImportRefused as refusal:
        result.refusal = str(refusal)
        return result
    if unknown:
        result.warnings.append(_("以下列未导入：%(cols)s。") % {"cols": "、".join(unknown)})

    townships = _Townships(by)
    tables = {fname: synonyms.lookup(fname) for fname in (*CHOICES, "gender")}
    numbers = [synonyms.compact(values["id_number"]).upper() for _n, values in rows]
    existing = {c.id_number: c for c in Cadre.objects.filter(id_number__in=numbers).select_related("township")}
    visible_ids = set(Cadre.objects.visible_to(by).filter(id_number__in=numbers).values_list("id_number", flat=True))

    result.total = len(rows)
    seen: dict[str, int] = {}
    to_save: list[Cadre] = []
    transfers: list[tuple[Cadre, Cadre]] = []
    for (number, values), id_number in zip(rows, numbers, strict=True):
        messages: list[str] = []
        failed: set[str] = set()

        cadre = existing.get(id_number)
        elsewhere = cadre if cadre is not None and id_number not in visible_ids else None
        if id_number and id_number in seen:
            messages.append(
                _("%(col)s：与第 %(row)d 行重复。") % {"col": _column_title("id_number"), "row": seen[id_number]}
            )
        seen.setdefault(id_number, number)
        if elsewhere is not None:
            # Checked like a new cadre (so the answer does not depend on what the other roster holds), kept
            # only as a transfer request.
            cadre = Cadre()
            cadre.transfer_requested = True
        cadre = cadre or Cadre()
        before = {f: getattr(cadre, f) for f in CHANGEABLE_FIELDS} if cadre.pk else None
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
            ("is_reserve", _yes_no),
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
            transfers.append((elsewhere, cadre))
        elif before is not None and before == {f: getattr(cadre, f) for f in CHANGEABLE_FIELDS}:
            result.unchanged += 1
        else:
            to_save.append(cadre)

    if result.errors:
        return result
    with transaction.atomic():
        for cadre in to_save:
            created = cadre.pk is None
            cadre.save()
            result.created += created
            result.updated += not created
        for registered, entered in transfers:
            request_transfer(registered, to_township=entered.township, entered_name=entered.name, by=by)
            result.transfers += 1
    return result


#: What an import row may change: entered fields (the township by id) and what the ID number gives.
CHANGEABLE_FIELDS = tuple(
    "township_id" if f == "township" else f for f in (*Cadre.ENTERED_FIELDS, *Cadre.DERIVED_FROM_ID)
)


# --- Moving a cadre between townships ------------------------------------------------------------


def transfer_requested_message() -> str:
    """The one answer to an ID number on a roster outside the requester's scope, on the page, in the API and
    the import: it says the person is registered in the city (the number is unique city-wide), never where."""
    return _("该干部已在本市登记，已提交调入申请，由上级组织部审核。")


def registered_elsewhere(id_number: str, by: User) -> Cadre | None:
    """The cadre with this resident ID when their roster is outside ``by``'s scope."""
    number = resident_id.normalise(id_number or "")
    cadre = Cadre.objects.filter(id_number=number).first() if number else None
    if cadre is None or Cadre.objects.visible_to(by).filter(pk=cadre.pk).exists():
        return None
    return cadre


def request_transfer(cadre: Cadre, *, to_township: Region, entered_name: str, by: User) -> TransferRequest:
    """Ask for ``cadre`` to move to ``to_township`` (in ``by``'s scope); asking again while one is pending
    changes nothing. Audited like every new row."""
    if not by.has_role_perm("cadres.manage") or not Region.objects.visible_to(by).filter(pk=to_township.pk).exists():
        raise PermissionDenied
    transfer, _created = TransferRequest.objects.get_or_create(
        cadre=cadre,
        to_township=to_township,
        status=TransferRequest.Status.PENDING,
        defaults={"entered_name": entered_name[:32], "requested_by": by},
    )
    return transfer


@transaction.atomic
def decide_transfer(transfer_id: int, *, approve: bool, by: User) -> TransferRequest:
    """Approve (the cadre moves to the requesting township, their account with them) or refuse a pending
    request; only someone whose scope holds both townships may (``TransferRequest.objects.decidable_by``)."""
    transfer = TransferRequest.objects.decidable_by(by).select_for_update(of=("self",)).get(pk=transfer_id)
    if transfer.status != TransferRequest.Status.PENDING:
        raise ValidationError(_("该申请已审核。"))
    if approve:
        cadre = Cadre.objects.select_for_update().get(pk=transfer.cadre_id)
        cadre.township = transfer.to_township
        cadre.save()  # audited; moves their account's scope (Cadre._move_account_with_cadre)
    transfer.status = TransferRequest.Status.APPROVED if approve else TransferRequest.Status.REFUSED
    transfer.decided_by = by
    transfer.decided_at = timezone.now()
    transfer.save()
    return transfer


def _field_label(fname: str) -> str:
    return str(Cadre._meta.get_field(fname).verbose_name)


def roster_bytes(cadres, *, full_ids: bool = False) -> bytes:
    """The roster as the import reads it: with ``full_ids`` (for those allowed to see them,
    ``cadres.view_id_number``) an export re-imports as 未变 for every row; otherwise ID numbers are masked."""
    header = [
        _("乡镇"),
        _("姓名"),
        _("性别"),
        _("身份证号码"),
        _("手机号码"),
        _("职务类别"),
        _("学历"),
        _("政治面貌"),
        _("后备干部"),
        _("状态"),
        _("离岗日期"),
        _("备注"),
        _("县市区"),
    ]
    rows = (
        [
            cadre.township.name,
            cadre.name,
            cadre.get_gender_display(),
            cadre.id_number if full_ids else cadre.masked_id_number,
            cadre.mobile,
            cadre.get_position_display(),
            cadre.get_education_display(),
            cadre.get_political_status_display(),
            _("是") if cadre.is_reserve else _("否"),
            cadre.get_status_display(),
            cadre.left_on.isoformat() if cadre.left_on else "",
            cadre.note,
            cadre.township.parent.name if cadre.township.parent_id else "",
        ]
        for cadre in cadres.iterator(chunk_size=1000)
    )
    return workbook_bytes(_("干部名册"), header, rows)


#: Seed 003: 班子成员大专以上 ≥ 90%, 其他干部 ≥ 80%, 后备干部 ≥ 95% — used where no target is configured.
DEFAULT_TARGETS = {
    EducationTarget.Group.LEADERSHIP: Decimal("90"),
    EducationTarget.Group.OTHERS: Decimal("80"),
    EducationTarget.Group.RESERVE: Decimal("95"),
}


# --- Education structure ------------------------------------------------------------------------


@dataclass
class EducationRow:
    group: str
    label: str
    cadres: int
    qualified: int
    target: Decimal
    min_education: int
    configured: bool = field(default=False)

    @property
    def share(self) -> Decimal:
        if not self.cadres:
            return Decimal("0")
        return (Decimal(self.qualified) * 100 / self.cadres).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool:
        return self.cadres == 0 or self.share >= self.target

    @property
    def min_education_label(self) -> str:
        return Education(self.min_education).label


def education_structure(township: Region) -> list[EducationRow]:
    """班子成员 / 其他干部 / 后备干部: how many hold the required education, against the nearest targets.

    A reserve cadre counts in the reserve group and also in the leadership or other group by position.
    """
    configured = EducationTarget.objects.filter(region__code__in=codes.ancestor_codes(township.code))
    by_group: dict[str, list[EducationTarget]] = {}
    for target in configured.select_related("region"):
        by_group.setdefault(target.group, []).append(target)
    targets = {group: codes.nearest(rows, township.code) for group, rows in by_group.items()}
    rows = []
    cadres = Cadre.objects.filter(township=township).in_post()
    groups = {
        EducationTarget.Group.LEADERSHIP: cadres.filter(position__in=LEADERSHIP_POSITIONS),
        EducationTarget.Group.OTHERS: cadres.exclude(position__in=LEADERSHIP_POSITIONS),
        EducationTarget.Group.RESERVE: cadres.filter(is_reserve=True),
    }
    for group, members in groups.items():
        target = targets.get(group)
        min_education = target.min_education if target else Education.JUNIOR_COLLEGE
        counts = members.aggregate(total=Count("id"), qualified=Count("id", filter=Q(education__gte=min_education)))
        rows.append(
            EducationRow(
                group=group,
                label=str(EducationTarget.Group(group).label),
                cadres=counts["total"],
                qualified=counts["qualified"],
                target=target.target_percent if target else DEFAULT_TARGETS[group],
                min_education=min_education,
                configured=target is not None,
            )
        )
    return rows


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
