"""Rules and writes of the roster: the Excel import (every row validated, nothing written unless every row
is valid; a row whose ID number is on the roster updates that cadre), the formula-safe export, the
education structure of a township's cadres against its targets (seed 003), and cadres' own sign-in accounts."""

from __future__ import annotations

import datetime
import io
import secrets
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from skilled_township.accounts.models import User
from skilled_township.accounts.roles import Role
from skilled_township.core import resident_id
from skilled_township.core.excel import workbook_bytes
from skilled_township.regions import codes
from skilled_township.regions.models import Region

from .models import (
    LEADERSHIP_POSITIONS,
    Cadre,
    Education,
    EducationTarget,
    PoliticalStatus,
    Position,
    TransferRequest,
)

# Column header (as in the template) → model field.
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
YES = {"是", "yes", "y", "true", "1", "√"}
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
    #: Rows whose ID number is on a roster outside the importer's scope: sent as transfer requests.
    transfers: int = 0
    errors: list[RowError] = field(default_factory=list)
    #: Why the file as a whole was refused (shown instead of the row report), or "".
    refusal: str = ""

    @property
    def ok(self) -> bool:
        return not self.refusal and not self.errors and self.total > 0


def template_bytes() -> bytes:
    example = [
        "高村镇",
        "张三",
        "431226198805120011",
        "13800000000",
        "一般干部",
        "本科",
        "中共党员",
        "否",
        "在岗",
        "",
        "",
    ]
    return workbook_bytes(_("干部名册"), [header for header, _field in COLUMNS], [example])


def _choice(kind, value: str):
    text = str(value).strip()
    for choice in kind:
        if text in (str(choice.value), str(choice.label), choice.label):
            return choice.value
    raise ValidationError(_("“%(v)s”不是有效的选项。") % {"v": text})


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_("日期格式应为 2025-03-01。")) from None


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


def _read_rows(file) -> list[tuple[int, dict]]:
    """The data rows of the first sheet, reading only the header's columns and at most MAX_ROWS + ROW_SLACK rows.

    The sheet's declared size is never trusted to be small: a 2 KB file may declare 16,384 columns × 1,048,576 rows.
    """
    book = _open_workbook(file)
    try:
        sheet = book.worksheets[0]
        declared_columns = sheet.max_column  # None when the sheet declares no size
        if declared_columns is not None and declared_columns > MAX_COLUMNS:
            raise _too_wide(declared_columns)
        first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS + 1, values_only=True), ())
        header = [str(cell).strip() if cell is not None else "" for cell in first]
        while header and not header[-1]:
            header.pop()
        if len(header) > MAX_COLUMNS:
            raise _too_wide(len(header))
        missing = [title for title, _f in COLUMNS if title not in header]
        if missing:
            raise ImportRefused(_("缺少列：%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)})
        index = {title: header.index(title) for title, _f in COLUMNS}
        budget = MAX_ROWS + ROW_SLACK
        # Read one row past the budget to tell whether the sheet goes on; every row read counts, empty or not.
        rows = sheet.iter_rows(min_row=2, max_row=budget + 2, max_col=len(header), values_only=True)
        out = []
        for number, row in enumerate(rows, start=2):
            if number - 1 > budget:
                raise ImportRefused(
                    _("工作表超过 %(n)d 行（空行也计入）。请删除末尾的空行，或分成多个文件导入。") % {"n": budget}
                )
            if row is None or all(cell in (None, "") for cell in row):
                continue
            out.append(
                (number, {fname: row[index[title]] if index[title] < len(row) else None for title, fname in COLUMNS})
            )
            if len(out) > MAX_ROWS:
                raise ImportRefused(_("一次最多导入 %(n)d 行。") % {"n": MAX_ROWS})
        if not out:
            raise ImportRefused(_("文件中没有数据行：请在表头下方每行填写一名干部。"))
        return out
    finally:
        book.close()


def _township(value, townships: dict[str, Region]) -> Region:
    text = str(value or "").strip()
    if text in townships:
        return townships[text]
    raise ValidationError(_("乡镇“%(v)s”不存在或不在您的管辖范围内。") % {"v": text})


def import_cadres(file, *, by) -> ImportResult:
    """Validate every row of the uploaded roster and, only if all are valid, save them in one transaction."""
    result = ImportResult()
    try:
        rows = _read_rows(file)
    except ImportRefused as refusal:
        result.refusal = str(refusal)
        return result

    visible_townships = Region.objects.visible_to(by).townships()
    townships = {t.name: t for t in visible_townships} | {t.code: t for t in visible_townships}
    numbers = [resident_id.normalise(str(values["id_number"] or "")) for _n, values in rows]
    existing = {c.id_number: c for c in Cadre.objects.filter(id_number__in=numbers).select_related("township")}
    visible_ids = set(Cadre.objects.visible_to(by).filter(id_number__in=numbers).values_list("id_number", flat=True))

    result.total = len(rows)
    seen: dict[str, int] = {}
    to_save: list[Cadre] = []
    transfers: list[tuple[Cadre, Cadre]] = []
    for (number, values), id_number in zip(rows, numbers, strict=True):
        messages: list[str] = []
        cadre = existing.get(id_number)
        elsewhere = cadre if cadre is not None and id_number not in visible_ids else None
        if id_number in seen:
            messages.append(_("身份证号码与第 %(row)d 行重复。") % {"row": seen[id_number]})
        seen.setdefault(id_number, number)
        if elsewhere is not None:
            # Checked like a new cadre (so the answer does not depend on what the other roster holds), kept
            # only as a transfer request.
            cadre = Cadre()
            cadre.transfer_requested = True
        cadre = cadre or Cadre()
        cadre.id_number = id_number
        cadre.name = str(values["name"] or "").strip()
        cadre.mobile = str(values["mobile"] or "").strip()
        cadre.note = str(values["note"] or "").strip()
        cadre.is_reserve = str(values["is_reserve"] or "").strip().lower() in YES
        for fname, parse in (
            ("township", lambda v: _township(v, townships)),
            ("position", lambda v: _choice(Position, v)),
            ("education", lambda v: _choice(Education, v)),
            ("political_status", lambda v: _choice(PoliticalStatus, v or "中共党员")),
            ("status", lambda v: _choice(Cadre.Status, v or "在岗")),
            ("left_on", _date),
        ):
            try:
                setattr(cadre, fname, parse(values[fname]))
            except ValidationError as error:
                messages.append(f"{_field_label(fname)}：{'；'.join(error.messages)}")
        if not messages:
            try:
                # Gender and birth date come from the ID number here, as on the page and in the API.
                cadre.full_clean()
            except ValidationError as error:
                for fname, errs in error.message_dict.items():
                    label = _field_label(fname) if fname != "__all__" else ""
                    messages.extend(f"{label}：{e}" if label else e for e in errs)
        if messages:
            result.errors.append(RowError(row=number, name=cadre.name, messages=messages))
        elif elsewhere is not None:
            transfers.append((elsewhere, cadre))
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


def roster_bytes(cadres) -> bytes:
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
    ]
    rows = (
        [
            cadre.township.name,
            cadre.name,
            cadre.get_gender_display(),
            cadre.masked_id_number,
            cadre.mobile,
            cadre.get_position_display(),
            cadre.get_education_display(),
            cadre.get_political_status_display(),
            _("是") if cadre.is_reserve else _("否"),
            cadre.get_status_display(),
            cadre.left_on.isoformat() if cadre.left_on else "",
            cadre.note,
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
