"""The Excel import of households, of their members and of their yearly incomes: one kind of file at a time,
each in the first sheet of a workbook, with the roster import's rules (``cadres.services.importing``): column
headers in the words clerks use, full-width characters, spaces and a lowercase x corrected, every error of a row
reported naming its column, nothing written unless every row is valid, big files in a background job
(``household_import_jobs``) and a row report with an 错误 column.

Villages are found by name among the villages of the importer's townships; a village name that two of their
townships share needs the 乡镇 column (or the village's 12-digit code). A resident ID already registered is
refused, naming the village only when the importer may see that household; a head's name already registered in
the same village (or twice in the file) is refused unless the row's 同名确认 says 是."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from skilled_township.accounts import audit
from skilled_township.accounts.models import User
from skilled_township.cadres import synonyms
from skilled_township.cadres.services.importing import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    ROW_SLACK,
    ImportRefused,
    RegionLookup,
    RowError,
    Sheet,
    upload_bytes,
)
from skilled_township.core import excel, resident_id
from skilled_township.core.signals import bulk_saved
from skilled_township.regions.models import Region

from ..models import Household, HouseholdIncome, Member
from . import households as household_rules

HOUSEHOLDS, MEMBERS, INCOMES = "households", "members", "incomes"


@dataclass(frozen=True)
class Column:
    #: The template's header (the msgid).
    title: str
    field: str
    required: bool = True
    #: Other headers clerks write for it.
    synonyms: tuple[str, ...] = ()


ID_SYNONYMS = ("身份证号", "身份证", "身份证号码", "公民身份号码", "户主身份证号", "户主身份证号码", "户主公民身份号码")
#: What each kind of file holds, in the template's order.
COLUMNS: dict[str, list[Column]] = {
    HOUSEHOLDS: [
        Column(gettext_noop("乡镇"), "township", False, ("乡镇名称", "乡（镇）", "镇")),
        Column(gettext_noop("村"), "village", True, ("村名", "所在村", "行政村", "村（社区）", "村名称")),
        Column(gettext_noop("户主姓名"), "head_name", True, ("户主", "户主名字", "姓名")),
        Column(gettext_noop("身份证号码"), "id_number", True, ID_SYNONYMS),
        Column(gettext_noop("联系电话"), "phone", False, ("电话", "手机", "手机号码", "手机号", "联系方式")),
        Column(gettext_noop("家庭人口"), "members", True, ("人口", "人口数", "家庭人口数", "户人口")),
        Column(gettext_noop("劳动力人数"), "labour_members", False, ("劳动力", "劳动力数", "劳力")),
        Column(gettext_noop("建档立卡户"), "registered_poor", False, ("建档立卡", "是否建档立卡户", "贫困户")),
        Column(gettext_noop("建档立卡年度"), "registered_poor_year", False, ("建档年度", "建档立卡年份")),
        Column(gettext_noop("主要产业"), "main_industry", False, ("产业", "主导产业")),
        Column(gettext_noop("备注"), "note", False, ()),
        Column(gettext_noop("同名确认"), "confirm_namesake", False, ("同村同名确认", "确认另一户")),
    ],
    MEMBERS: [
        Column(gettext_noop("户主身份证号码"), "head_id_number", True, ID_SYNONYMS),
        Column(gettext_noop("姓名"), "name", True, ("成员姓名", "家庭成员")),
        Column(gettext_noop("与户主关系"), "relation", False, ("关系", "与户主的关系")),
        Column(gettext_noop("出生年份"), "birth_year", False, ("出生年", "出生年度")),
        Column(gettext_noop("有劳动能力"), "labour_capable", False, ("劳动能力", "是否劳动力", "劳动力")),
    ],
    INCOMES: [
        Column(gettext_noop("户主身份证号码"), "head_id_number", True, ID_SYNONYMS),
        Column(gettext_noop("年度"), "year", True, ("年份", "年")),
        Column(
            gettext_noop("人均纯收入（元）"),
            "per_capita_net_income",
            True,
            ("人均纯收入", "人均纯收入(元)", "人均收入", "家庭人均纯收入", "人均可支配收入"),
        ),
        Column(gettext_noop("数据来源"), "source", False, ("来源",)),
    ],
}
#: The sheet's name in the template and the row report.
SHEET_TITLES = {HOUSEHOLDS: gettext_noop("农户"), MEMBERS: gettext_noop("家庭成员"), INCOMES: gettext_noop("农户收入")}
IGNORED = (gettext_noop("序号"), gettext_noop("错误"))
YES = {"是", "√", "✓", "y", "yes", "true", "1", "有", "确认"}
NO = {"否", "×", "✗", "n", "no", "false", "0", "无", "不是", ""}


@dataclass
class HouseholdImportResult:
    kind: str = HOUSEHOLDS
    total: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refusal: str = ""
    sheet: Sheet | None = None

    @property
    def ok(self) -> bool:
        return not self.refusal and not self.errors and self.total > 0

    # What the roster import's page and report read (``cadres.services.import_jobs.summary``).
    updated: int = 0
    unchanged: int = 0
    transfers: int = 0


def _in(language: str, title: str) -> str:
    with translation.override(language):
        return _(title)


def header_fields(kind: str) -> dict[str, str]:
    """Every header read for ``kind`` (as ``synonyms.key``, in Chinese and English) → field; "" for columns
    passed over."""
    known = {}
    for column in COLUMNS[kind]:
        for word in (_in("zh-hans", column.title), _in("en", column.title), *column.synonyms):
            known.setdefault(synonyms.key(word), column.field)
    for title in IGNORED:
        for language in ("zh-hans", "en"):
            known[synonyms.key(_in(language, title))] = ""
    return known


def column_title(kind: str, fname: str) -> str:
    return next(_(column.title) for column in COLUMNS[kind] if column.field == fname)


def read_sheet(kind: str, file) -> Sheet:
    """The data rows of the upload's first sheet under the headers of ``kind``, with the roster import's bounds
    on size, width and rows. Raises ``ImportRefused`` for a file that cannot be imported as a whole."""
    data = file if isinstance(file, bytes) else upload_bytes(file)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(_("无法读取该文件，请上传 Excel（.xlsx）文件。")) from None
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise ImportRefused(_("文件解压后过大，请使用下载的模板。"))
    try:
        reader = excel.open_sheet(data, max_column=MAX_COLUMNS + 1)
        return _sheet(kind, reader)
    except excel.UNREADABLE:
        raise ImportRefused(_("无法读取该文件，请上传 Excel（.xlsx）文件。")) from None


def _sheet(kind: str, reader: excel.SheetReader) -> Sheet:
    rows = reader.rows()
    first = next(rows, None)
    if reader.declared_columns is not None and reader.declared_columns > MAX_COLUMNS:
        raise ImportRefused(
            _("工作表有 %(n)d 列，最多 %(max)d 列。") % {"n": reader.declared_columns, "max": MAX_COLUMNS}
        )
    header = [synonyms.text(cell) for cell in first[1]] if first is not None and first[0] == 1 else []
    while header and not header[-1]:
        header.pop()
    known = header_fields(kind)
    columns: dict[str, int] = {}
    unknown = []
    for position, title in enumerate(header):
        fname = known.get(synonyms.key(title))
        if fname is None:
            if title:
                unknown.append(title)
        elif fname:
            columns.setdefault(fname, position)
    missing = [_(c.title) for c in COLUMNS[kind] if c.required and c.field not in columns]
    if missing:
        raise ImportRefused(_("缺少列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)})
    reader.max_column = max(len(header), 1)
    budget = MAX_ROWS + ROW_SLACK
    data = []
    for number, row in rows:
        if number - 1 > budget:
            raise ImportRefused(_("工作表超过 %(n)d 行（空行也计入）。请分成多个文件导入。") % {"n": budget})
        if all(cell is None or synonyms.text(cell) == "" for cell in row):
            continue
        data.append((number, row))
        if len(data) > MAX_ROWS:
            raise ImportRefused(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
    if not data:
        raise ImportRefused(_("文件中没有数据行：请在表头下方每行填写一条。"))
    id_field = "id_number" if kind == HOUSEHOLDS else "head_id_number"
    masked = [n for n, row in data if "*" in synonyms.compact(row[columns[id_field]])]
    if masked:
        raise ImportRefused(
            _("第 %(rows)s 行的身份证号码是打码的，无法确定是哪一户，未导入任何数据。请填写完整的身份证号码。")
            % {"rows": "、".join(str(n) for n in masked[:10]) + ("…" if len(masked) > 10 else "")}
        )
    fields = {c.field for c in COLUMNS[kind]}
    return Sheet(header=header, rows=data, columns={f: i for f, i in columns.items() if f in fields}, unknown=unknown)


# --- Cells -------------------------------------------------------------------------------------------------------


def _id_number(raw) -> str:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise ValidationError(_("身份证号码被 Excel 存成了数字，末几位可能已丢失：请把该列设为文本后重新填写。"))
    number = resident_id.normalise(synonyms.text(raw))
    if not number:
        raise ValidationError(_("请填写身份证号码。"))
    resident_id.validate_resident_id(number)
    return number


def _whole(raw, *, required: bool, low: int, high: int) -> int | None:
    text = synonyms.compact(raw)
    if text.endswith("人"):
        text = text[:-1]
    if not text:
        if required:
            raise ValidationError(_("必填。"))
        return None
    if not re.fullmatch(r"\d+", text):
        raise ValidationError(_("“%(v)s”不是整数。") % {"v": synonyms.text(raw)})
    value = int(text)
    if not low <= value <= high:
        raise ValidationError(_("应在 %(low)d 到 %(high)d 之间。") % {"low": low, "high": high})
    return value


def _yes_no(raw, default: bool) -> bool:
    text = synonyms.key(raw)
    if not text:
        return default
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(_("“%(v)s”应填写“是”或“否”。") % {"v": synonyms.text(raw)})


def _money(raw) -> Decimal:
    text = synonyms.compact(raw).replace(",", "").removesuffix("元")
    if not text:
        raise ValidationError(_("必填。"))
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(v)s”不是金额。") % {"v": synonyms.text(raw)}) from None
    if not value.is_finite():
        raise ValidationError(_("“%(v)s”不是金额。") % {"v": synonyms.text(raw)})
    if value < 0:
        raise ValidationError(_("不能为负数。"))
    if value >= Decimal("10000000"):
        raise ValidationError(_("金额过大。"))
    return value.quantize(Decimal("0.01"))


def _mobile(raw) -> str:
    text = synonyms.compact(raw).replace("-", "")
    return text[3:] if text.startswith("+86") else text


class _Villages(RegionLookup):
    """The villages of the importer's scope (open to new records), with the township's name when two townships of
    the scope have a village of that name."""

    EMPTY = gettext_lazy("请填写村名或 12 位村代码。")
    UNKNOWN_CODE = gettext_lazy("村代码“%(v)s”不存在或不在您的管辖范围内。")
    NOT_UNDER_PARENT = gettext_lazy("乡镇“%(t)s”下没有村“%(v)s”，或不在您的管辖范围内。")
    PARENT_KEY = "t"
    UNKNOWN_NAME = gettext_lazy("村“%(v)s”不存在或不在您的管辖范围内。")
    AMBIGUOUS = gettext_lazy("有 %(n)d 个村名为“%(v)s”（%(where)s），请在“乡镇”列填写所在乡镇。")

    def __init__(self, user: User):
        super().__init__(Region.objects.visible_to(user).villages().for_new_records())


# --- Import ------------------------------------------------------------------------------------------------------


#: Where the progress stands once the file is read, and once every row is checked (the writes follow).
PROGRESS_READ, PROGRESS_CHECKED = 5, 90
WRITE_BATCH = 1000


def import_file(kind: str, file, *, by: User, progress: Callable[[int], None] | None = None) -> HouseholdImportResult:
    """Read and import an upload of ``kind`` (``HOUSEHOLDS``, ``MEMBERS`` or ``INCOMES``)."""
    try:
        sheet = read_sheet(kind, file)
    except ImportRefused as refusal:
        return HouseholdImportResult(kind=kind, refusal=str(refusal))
    return import_sheet(kind, sheet, by=by, progress=progress)


def import_sheet(
    kind: str, sheet: Sheet, *, by: User, progress: Callable[[int], None] | None = None
) -> HouseholdImportResult:
    """Check every row with what ``by`` may do and see now; write them all in one transaction, or none."""
    report_progress = progress or (lambda percent: None)
    result = HouseholdImportResult(kind=kind, sheet=sheet, total=len(sheet.rows))
    if not (by.is_active and by.has_role_perm("pairing.manage")):
        result.refusal = _("您没有导入农户信息的权限。")
        return result
    if sheet.unknown:
        result.warnings.append(_("以下列未导入：%(cols)s。") % {"cols": "、".join(sheet.unknown)})
    report_progress(PROGRESS_READ)
    check = {HOUSEHOLDS: _check_households, MEMBERS: _check_members, INCOMES: _check_incomes}[kind]
    new_rows = check(sheet, by, result)
    if result.errors:
        return result
    report_progress(PROGRESS_CHECKED)
    model = {HOUSEHOLDS: Household, MEMBERS: Member, INCOMES: HouseholdIncome}[kind]
    try:
        with transaction.atomic():
            model.objects.bulk_create(new_rows, batch_size=WRITE_BATCH)
            # Bulk writes skip the per-row save signals the audit trail listens to: it hears of them here.
            bulk_saved.send(sender=model, created=[(row, audit.diff(None, row)) for row in new_rows], changed=[])
    except IntegrityError:
        result.refusal = _("导入期间数据有了其他改动（如同一身份证号码刚被登记），未导入任何数据。请重新上传。")
        return result
    result.created = len(new_rows)
    return result


def _repeated(kind: str, fname: str, row: int) -> str:
    return _("%(col)s：与第 %(row)d 行重复。") % {"col": column_title(kind, fname), "row": row}


def _row_messages(kind: str, failed: set[str], messages: list[str], fname: str, error: ValidationError) -> None:
    failed.add(fname)
    messages.extend(f"{column_title(kind, fname)}：{message}" for message in error.messages)


def _model_errors(kind: str, obj, exclude: set[str], messages: list[str]) -> None:
    try:
        # The check constraints are the model's ``clean`` rules, checked there without a query per row.
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for fname, errs in error.message_dict.items():
            if fname == "__all__":
                messages.extend(errs)
            else:
                label = obj._meta.get_field(fname).verbose_name
                messages.extend(f"{label}：{e}" for e in errs)


def _ids(sheet: Sheet, fname: str) -> list[str]:
    column = sheet.columns[fname]
    return [resident_id.normalise(synonyms.text(row[column])) for _n, row in sheet.rows]


def _check_households(sheet: Sheet, by: User, result: HouseholdImportResult) -> list[Household]:
    kind = HOUSEHOLDS
    villages = _Villages(by)
    numbers = _ids(sheet, "id_number")
    registered = {h.id_number: h for h in Household.objects.filter(id_number__in=numbers)}
    visible = set(Household.objects.visible_to(by).filter(id_number__in=numbers).values_list("id_number", flat=True))
    new: list[Household] = []
    seen_ids: dict[str, int] = {}
    seen_names: dict[tuple[int, str], int] = {}
    parsed: list[tuple[int, Household, list[str], bool]] = []
    for (number, row), id_number in zip(sheet.rows, numbers, strict=True):
        values = sheet.values(row)
        messages: list[str] = []
        failed: set[str] = set()
        household = Household()
        household.head_name = synonyms.name(values.get("head_name"))
        household.phone = _mobile(values.get("phone"))
        household.main_industry = synonyms.text(values.get("main_industry"))
        household.note = synonyms.text(values.get("note"))
        household.id_number = id_number
        parsers = (
            ("village", lambda v: villages.find(v, values.get("township"))),  # noqa: B023
            ("id_number", _id_number),
            ("members", lambda v: _whole(v, required=True, low=1, high=30)),
            ("labour_members", lambda v: _whole(v, required=False, low=0, high=30) or 0),
            ("registered_poor", lambda v: _yes_no(v, False)),
            ("registered_poor_year", lambda v: _whole(v, required=False, low=2000, high=2100)),
        )
        for fname, parse in parsers:
            try:
                setattr(household, fname, parse(values.get(fname)))
            except ValidationError as error:
                _row_messages(kind, failed, messages, fname, error)
        try:
            confirmed = _yes_no(values.get("confirm_namesake"), False)
        except ValidationError as error:
            _row_messages(kind, failed, messages, "confirm_namesake", error)
            confirmed = False
        if "id_number" not in failed:
            if id_number in registered:
                existing = registered[id_number]
                message = household_rules.registered_message(existing, by if id_number in visible else None)
                messages.append(f"{column_title(kind, 'id_number')}：{message}")
            elif id_number in seen_ids:
                messages.append(
                    _("%(col)s：与第 %(row)d 行重复。")
                    % {"col": column_title(kind, "id_number"), "row": seen_ids[id_number]}
                )
            seen_ids.setdefault(id_number, number)
        _model_errors(kind, household, failed | {"village", "paired_cadre"}, messages)
        parsed.append((number, household, messages, confirmed))
    # Namesakes in the same village: among the households registered already (one query) and within the file.
    village_ids = {h.village_id for _n, h, _m, _c in parsed if h.village_id}
    names = {h.head_name for _n, h, _m, _c in parsed}
    on_record: dict[tuple[int, str], Household] = {}
    for existing in Household.objects.filter(village_id__in=village_ids, head_name__in=names).order_by("pk"):
        on_record.setdefault((existing.village_id, existing.head_name), existing)
    for number, household, messages, confirmed in parsed:
        key = (household.village_id, household.head_name)
        if household.village_id and not confirmed:
            if key in on_record:
                messages.append(
                    f"{column_title(kind, 'head_name')}：{household_rules.namesake_message(on_record[key])}"
                )
            elif key in seen_names:
                messages.append(
                    _("%(col)s：与第 %(row)d 行同村同名。如确是另一户，请在“同名确认”列填写“是”。")
                    % {"col": column_title(kind, "head_name"), "row": seen_names[key]}
                )
        if household.village_id:
            seen_names.setdefault(key, number)
        if messages:
            result.errors.append(RowError(row=number, name=household.head_name, messages=messages))
        else:
            new.append(household)
    return new


def _households_by_head(sheet: Sheet, by: User) -> tuple[list[str], dict[str, Household]]:
    numbers = _ids(sheet, "head_id_number")
    visible = Household.objects.visible_to(by).filter(id_number__in=numbers).select_related("village")
    return numbers, {h.id_number: h for h in visible}


def _head(kind: str, raw, number: str, households: dict[str, Household], failed, messages) -> Household | None:
    try:
        _id_number(raw)
    except ValidationError as error:
        _row_messages(kind, failed, messages, "head_id_number", error)
        return None
    household = households.get(number)
    if household is None:
        messages.append(
            _("%(col)s：没有户主身份证号码为该号码的农户，或不在您的管辖范围内；请先导入农户。")
            % {"col": column_title(kind, "head_id_number")}
        )
    return household


def _check_members(sheet: Sheet, by: User, result: HouseholdImportResult) -> list[Member]:
    kind = MEMBERS
    numbers, households = _households_by_head(sheet, by)
    on_record = set(Member.objects.filter(household__in=households.values()).values_list("household_id", "name"))
    seen: dict[tuple[int, str], int] = {}
    new = []
    for (number, row), head_number in zip(sheet.rows, numbers, strict=True):
        values = sheet.values(row)
        messages: list[str] = []
        failed: set[str] = set()
        member = Member(name=synonyms.name(values.get("name")), relation=synonyms.text(values.get("relation")))
        household = _head(kind, values.get("head_id_number"), head_number, households, failed, messages)
        if household is not None:
            member.household = household
        for fname, parse in (
            ("birth_year", lambda v: _whole(v, required=False, low=1900, high=2100)),
            ("labour_capable", lambda v: _yes_no(v, True)),
        ):
            try:
                setattr(member, fname, parse(values.get(fname)))
            except ValidationError as error:
                _row_messages(kind, failed, messages, fname, error)
        if household is not None and member.name:
            key = (household.pk, member.name)
            if key in on_record:
                messages.append(_("%(col)s：该户已登记此成员。") % {"col": column_title(kind, "name")})
            elif key in seen:
                messages.append(_repeated(kind, "name", seen[key]))
            seen.setdefault(key, number)
        _model_errors(kind, member, failed | {"household"}, messages)
        if messages:
            result.errors.append(RowError(row=number, name=member.name, messages=messages))
        else:
            new.append(member)
    return new


def _check_incomes(sheet: Sheet, by: User, result: HouseholdImportResult) -> list[HouseholdIncome]:
    kind = INCOMES
    numbers, households = _households_by_head(sheet, by)
    on_record = set(
        HouseholdIncome.objects.filter(household__in=households.values()).values_list("household_id", "year")
    )
    seen: dict[tuple[int, int], int] = {}
    new = []
    for (number, row), head_number in zip(sheet.rows, numbers, strict=True):
        values = sheet.values(row)
        messages: list[str] = []
        failed: set[str] = set()
        income = HouseholdIncome(source=synonyms.text(values.get("source")))
        household = _head(kind, values.get("head_id_number"), head_number, households, failed, messages)
        if household is not None:
            income.household = household
        for fname, parse in (
            ("year", lambda v: _whole(v, required=True, low=2000, high=2100)),
            ("per_capita_net_income", _money),
        ):
            try:
                setattr(income, fname, parse(values.get(fname)))
            except ValidationError as error:
                _row_messages(kind, failed, messages, fname, error)
        if household is not None and income.year and "year" not in failed:
            key = (household.pk, income.year)
            if key in on_record:
                messages.append(
                    f"{column_title(kind, 'year')}：{household_rules.income_duplicate_message(income.year)}"
                )
            elif key in seen:
                messages.append(_repeated(kind, "year", seen[key]))
            seen.setdefault(key, number)
        _model_errors(kind, income, failed | {"household"}, messages)
        name = household.head_name if household is not None else synonyms.text(values.get("head_id_number"))
        if messages:
            result.errors.append(RowError(row=number, name=name, messages=messages))
        else:
            new.append(income)
    return new
