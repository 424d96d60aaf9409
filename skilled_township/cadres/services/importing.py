"""The roster's Excel import: every row validated, nothing written unless every row is valid; a row whose
ID number is on the roster updates that cadre. Also the template a clerk fills in."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from skilled_township.accounts.models import User
from skilled_township.core import resident_id
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
    "reserve_level": "否",
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
    choices = {fname: [labels[0] for labels in map(synonyms.labels, synonyms.CHOICE_KINDS[fname])] for fname in CHOICES}
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
        "reserve_level": _("乡镇后备干部、村级后备干部，或“否”；不填为否，填“是”按乡镇后备干部导入。"),
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


def _field_label(fname: str) -> str:
    return str(Cadre._meta.get_field(fname).verbose_name)
