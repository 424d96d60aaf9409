"""Training: base photos, funds (allocations and disbursements under a row lock), attendance as the one source of
the attending cadres' study records, self check-in, and the plan progress of a township."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from skilled_township.cadres.models import Cadre, Secondment
from skilled_township.core import resident_id
from skilled_township.learning import sources
from skilled_township.learning.models import StudyRecord
from skilled_township.regions.models import Region

from .models import Attendance, BasePhoto, Disbursement, FundAllocation, TrainingBase, TrainingPlan, TrainingSession

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))

# --- Photos -----------------------------------------------------------------------------------------------

#: A phone's photo is a few MB; anything larger is refused before it is read.
MAX_PHOTO_BYTES = 8 * 1024 * 1024
#: Pixels a photo may have (a 40-megapixel camera): checked from the header, before any pixel is decoded, so a
#: small file that would expand to gigabytes (a decompression bomb) is refused.
MAX_PHOTO_PIXELS = 40_000_000
#: Formats accepted, by what the file is, not by its name.
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
#: Stored photos are at most this many pixels on the long side.
STORED_SIDE = 2048


def reencode_photo(uploaded) -> tuple[ContentFile, int, int]:
    """The upload checked and re-encoded as a fresh JPEG (no metadata, nothing but pixels survives)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if uploaded.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("照片不能超过 %(mb)s MB。") % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)}, code="size")
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            if image.format not in PHOTO_FORMATS:
                raise ValidationError(_("只能上传 JPEG、PNG 或 WebP 格式的照片。"), code="type")
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise ValidationError(
                    _("照片像素过多（%(w)s×%(h)s），不能超过 %(mp)s 百万像素。")
                    % {"w": width, "h": height, "mp": MAX_PHOTO_PIXELS // 1_000_000},
                    code="pixels",
                )
            image = ImageOps.exif_transpose(image)
            image.thumbnail((STORED_SIDE, STORED_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("无法识别的图片文件，请上传 JPEG、PNG 或 WebP 照片。"), code="type") from None
    return ContentFile(out.getvalue(), name="photo.jpg"), image.width, image.height


@transaction.atomic
def add_photo(base: TrainingBase, uploaded, caption: str = "", *, by=None) -> BasePhoto:
    content, width, height = reencode_photo(uploaded)
    photo = BasePhoto(base=base, caption=caption, width=width, height=height)
    photo.image.save(content.name, content, save=False)  # through the storage API
    photo.save()
    return photo


@transaction.atomic
def remove_photo(photo: BasePhoto, *, by=None) -> None:
    name, storage = photo.image.name, photo.image.storage
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Funds ------------------------------------------------------------------------------------------------


def over_disbursement_message(allocation: FundAllocation, others: Decimal) -> str:
    return _("超出可拨付余额：%(alloc)s 共 %(total)s 元，已拨付 %(paid)s 元，还可拨付 %(left)s 元。") % {
        "alloc": allocation,
        "total": allocation.amount,
        "paid": others,
        "left": allocation.amount - others,
    }


@transaction.atomic
def save_disbursement(disbursement: Disbursement, *, by=None) -> Disbursement:
    """Save a new or changed disbursement unless the allocation's disbursements would then exceed it.

    The allocation's row is locked first (``SELECT … FOR UPDATE``), so two people paying out of the same
    allocation at the same moment are served one after the other: the second sees the first's payment. The
    allocation's ``disbursed`` moves by the difference and the database refuses it above ``amount``, so even a
    write that skipped this function could not overspend."""
    allocation = FundAllocation.objects.select_for_update().get(pk=disbursement.allocation_id)
    previous = Decimal("0")
    if disbursement.pk is not None:
        stored = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
        if stored.allocation_id != allocation.pk:
            raise ValidationError({"allocation": _("拨付记录不能改到另一笔经费下。")})
        previous = stored.amount
    others = allocation.disbursed - previous
    if others + disbursement.amount > allocation.amount:
        raise ValidationError({"amount": over_disbursement_message(allocation, others)})
    disbursement.allocation = allocation
    disbursement.save()
    FundAllocation.objects.filter(pk=allocation.pk).update(
        disbursed=F("disbursed") + (disbursement.amount - previous), updated_at=timezone.now()
    )
    return disbursement


@transaction.atomic
def delete_disbursement(disbursement: Disbursement, *, by=None) -> None:
    allocation = FundAllocation.objects.select_for_update().get(pk=disbursement.allocation_id)
    amount = Disbursement.objects.get(pk=disbursement.pk).amount
    disbursement.delete()
    FundAllocation.objects.filter(pk=allocation.pk).update(disbursed=F("disbursed") - amount, updated_at=timezone.now())


@dataclass
class FundTotals:
    year: int
    #: Per base, per township, per county: dicts with names, ``allocated``, ``disbursed`` (and ``remaining``).
    bases: list[dict]
    townships: list[dict]
    counties: list[dict]
    total: dict


def _money(rows):
    rows = list(rows)
    for row in rows:
        row["remaining"] = row["allocated"] - row["disbursed"]
    return rows


def fund_totals(allocations, year: int) -> FundTotals:
    """Allocated and disbursed per base, township, county and in all of ``allocations`` (already scoped) for
    ``year``: four aggregate queries in the database, whatever the number of rows."""
    rows = allocations.filter(year=year).order_by()
    sums = {"allocated": Coalesce(Sum("amount"), ZERO), "disbursed": Coalesce(Sum("disbursed"), ZERO)}
    bases = rows.values("base", "base__name", "base__township__name").annotate(**sums)
    townships = rows.values("base__township", "base__township__name", "base__township__code").annotate(**sums)
    counties = rows.values("base__township__parent", "base__township__parent__name").annotate(**sums)
    total = rows.aggregate(**sums)
    total["remaining"] = total["allocated"] - total["disbursed"]
    return FundTotals(
        year=year,
        bases=_money(bases.order_by("base__township__code", "base__name")),
        townships=_money(townships.order_by("base__township__code")),
        counties=_money(counties.order_by("base__township__parent__code")),
        total=total,
    )


@dataclass
class Allowance:
    secondment: Secondment
    monthly: Decimal
    months: int

    @property
    def year_total(self) -> Decimal:
        return self.monthly * self.months


def months_in_year(start: datetime.date, end: datetime.date, year: int) -> int:
    """Calendar months of ``year`` that the term ``start``–``end`` touches."""
    first = max(start, datetime.date(year, 1, 1))
    last = min(end, datetime.date(year, 12, 31))
    if last < first:
        return 0
    return (last.year - first.year) * 12 + last.month - first.month + 1


def living_allowances(secondments, year: int) -> list[Allowance]:
    """The monthly living allowance of each tech deputy head seconded in ``year`` (seed 000 五(二): paid by the
    city's finance) and the months of the year it runs. ``secondments`` are already scoped; one query."""
    rows = (
        secondments.filter(
            kind=Secondment.Kind.TECH_DEPUTY,
            start_date__lte=datetime.date(year, 12, 31),
            end_date__gte=datetime.date(year, 1, 1),
        )
        .select_related("cadre__township")
        .order_by("cadre__township__code", "cadre__name", "id")
    )
    return [
        Allowance(row, row.living_allowance or Decimal("0"), months_in_year(row.start_date, row.end_date, year))
        for row in rows
    ]


# --- Attendance and the study records it keeps ------------------------------------------------------------


def record_notes(session: TrainingSession) -> str:
    return _("培训：%(topic)s") % {"topic": session.topic}


def _write_record(session: TrainingSession, cadre_id: int, record: StudyRecord | None) -> StudyRecord:
    record = record or StudyRecord(cadre_id=cadre_id)
    values = {
        "studied_on": session.date,
        "hours": session.hours,
        "skill_id": session.skill_id,
        "mode": session.mode,
        "notes": record_notes(session),
    }
    if record.pk is not None and all(getattr(record, name) == value for name, value in values.items()):
        return record
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean(exclude=["cadre"])
    record.save()
    return record


def not_yet_held_message(session: TrainingSession) -> str:
    return _("这次培训在 %(date)s，还没有举行，不能登记出勤。") % {"date": formats.date_format(session.date, "Y-m-d")}


def attendance_candidates(session: TrainingSession):
    """Who may be ticked: the township's cadres in post, and anyone already recorded whatever their status."""
    recorded = Attendance.objects.filter(session=session).values("cadre")
    return (
        Cadre.objects.filter(township=session.plan.township_id)
        .filter(Q(status=Cadre.Status.IN_POST) | Q(pk__in=recorded))
        .order_by("name", "id")
    )


@transaction.atomic
def save_attendance(session: TrainingSession, cadres: Iterable[Cadre], *, by=None) -> tuple[int, int]:
    """The session's attendance is exactly ``cadres`` (ticked on a phone, in one go): each gets a confirmed
    attendance and a study record for the session; a cadre no longer ticked loses both. Returns (added, removed)."""
    session = TrainingSession.objects.select_for_update().select_related("plan").get(pk=session.pk)
    if session.date > timezone.localdate():
        raise ValidationError(not_yet_held_message(session))
    wanted = {cadre.pk: cadre for cadre in cadres}
    strangers = [c.name for c in wanted.values() if c.township_id != session.plan.township_id]
    if strangers:
        raise ValidationError(_("不是本乡镇的干部，不能登记：%(names)s") % {"names": "、".join(strangers)})
    existing = {a.cadre_id: a for a in session.attendances.select_related("study_record")}
    removed = 0
    for cadre_id, attendance in existing.items():
        if cadre_id not in wanted:
            _remove_attendance(attendance)
            removed += 1
    added = 0
    now = timezone.now()
    for cadre_id in wanted:
        attendance = existing.get(cadre_id)
        if attendance is None:
            record = _write_record(session, cadre_id, None)
            Attendance.objects.create(session=session, cadre_id=cadre_id, study_record=record, checked_in_at=now)
            added += 1
        elif attendance.status == Attendance.Status.CLAIMED:
            _confirm(session, attendance)
            added += 1
        else:
            _write_record(session, cadre_id, attendance.study_record)
    return added, removed


def _confirm(session: TrainingSession, attendance: Attendance) -> None:
    attendance.study_record = _write_record(session, attendance.cadre_id, None)
    attendance.status = Attendance.Status.CONFIRMED
    attendance.save()


def _remove_attendance(attendance: Attendance) -> None:
    record = attendance.study_record
    attendance.delete()
    if record is not None:
        record.delete()


@transaction.atomic
def confirm_claim(attendance: Attendance, *, by=None) -> Attendance:
    attendance = Attendance.objects.select_for_update().select_related("session__plan").get(pk=attendance.pk)
    if attendance.status == Attendance.Status.CLAIMED:
        _confirm(attendance.session, attendance)
    return attendance


@transaction.atomic
def reject_claim(attendance: Attendance, *, by=None) -> None:
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.status == Attendance.Status.CLAIMED:
        attendance.delete()


@transaction.atomic
def sync_study_records(session: TrainingSession) -> int:
    """After a session is edited: its attendees' study records say what the session now says."""
    updated = 0
    for attendance in session.attendances.confirmed().select_related("study_record"):
        before = attendance.study_record.updated_at
        if _write_record(session, attendance.cadre_id, attendance.study_record).updated_at != before:
            updated += 1
    return updated


@transaction.atomic
def delete_session(session: TrainingSession, *, by=None) -> int:
    """Remove a session with its attendance and the study records it wrote; returns how many records went."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    records = 0
    for attendance in session.attendances.select_related("study_record"):
        records += attendance.study_record_id is not None
        _remove_attendance(attendance)
    session.delete()
    return records


def attendance_sources(ids: list[int]) -> dict[int, sources.Source]:
    """For the study ledger: the records that a session's attendance keeps (registered in ``apps.ready``)."""
    rows = Attendance.objects.filter(study_record__in=ids).values_list(
        "study_record", "session", "session__date", "session__topic"
    )
    return {
        record: sources.Source(
            label=_("培训课次 %(date)s %(topic)s") % {"date": formats.date_format(day, "Y-m-d"), "topic": topic},
            url=reverse("training:session_detail", args=[session]),
        )
        for record, session, day, topic in rows
    }


# --- Check-in ---------------------------------------------------------------------------------------------


def _hm(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def checkin_refusal(session: TrainingSession, now: datetime.datetime) -> str | None:
    """Why no one can check in to ``session`` at ``now`` (``None``: the window is open)."""
    opens, closes = session.window()
    today = timezone.localdate(now)
    day = formats.date_format(session.date, "Y-m-d")
    if session.date > today:
        return _("这次培训在 %(date)s 举行，还没到签到的日子。") % {"date": day}
    if session.date < today:
        return _("这次培训已于 %(date)s 结束，不能再签到。") % {"date": day}
    if now < opens:
        return _("签到从 %(time)s（开课前 30 分钟）开始，请稍后再来。") % {"time": _hm(opens)}
    if now > closes:
        return _("这次培训已于 %(time)s 结束，签到已关闭。") % {"time": _hm(closes)}
    return None


def cadre_refusal(session: TrainingSession, cadre: Cadre) -> str | None:
    if cadre.township_id != session.plan.township_id:
        return _("这次培训不是您所在乡镇的，不能签到。")
    if cadre.status != Cadre.Status.IN_POST:
        return _("您已离岗，不能签到。")
    return None


@transaction.atomic
def check_in(session: TrainingSession, cadre: Cadre, now: datetime.datetime | None = None) -> Attendance:
    """A cadre checks in with their own account: attendance confirmed and their study record written."""
    now = now or timezone.now()
    refusal = checkin_refusal(session, now) or cadre_refusal(session, cadre)
    if refusal:
        raise ValidationError(refusal)
    session = TrainingSession.objects.select_for_update().select_related("plan").get(pk=session.pk)
    attendance = Attendance.objects.filter(session=session, cadre=cadre).first()
    if attendance is None:
        record = _write_record(session, cadre.pk, None)
        return Attendance.objects.create(
            session=session, cadre=cadre, study_record=record, method=Attendance.Method.SELF, checked_in_at=now
        )
    if attendance.status == Attendance.Status.CLAIMED:
        _confirm(session, attendance)
    return attendance


@transaction.atomic
def claim_check_in(session: TrainingSession, name: str, id_last4: str, now=None) -> Attendance:
    """Checking in without an account: the name and the ID's last four digits of an in-post cadre of the session's
    township; the township confirms it (``confirm_claim``) before it counts."""
    now = now or timezone.now()
    refusal = checkin_refusal(session, now)
    if refusal:
        raise ValidationError(refusal)
    matches = list(
        Cadre.objects.filter(
            township=session.plan.township_id,
            status=Cadre.Status.IN_POST,
            name=name.strip(),
            id_number__endswith=resident_id.normalise(id_last4),
        )[:2]
    )
    if len(matches) != 1:
        raise ValidationError(_("本乡镇没有姓名和身份证后四位都相符的在岗干部，请核对后重填，或请填报员点名登记。"))
    cadre = matches[0]
    attendance, _created = Attendance.objects.get_or_create(
        session=session,
        cadre=cadre,
        defaults={"status": Attendance.Status.CLAIMED, "method": Attendance.Method.CLAIM, "checked_in_at": now},
    )
    return attendance


# --- Progress and calendar --------------------------------------------------------------------------------


@dataclass
class Progress:
    township: Region
    year: int
    plan: TrainingPlan | None
    planned: int
    scheduled: int
    held: int
    cadres: int
    attendances: int
    hours: Decimal
    cost: Decimal
    rows: list  # in-post cadres annotated with ``year_hours`` and ``year_sessions``

    @property
    def attendance_rate(self) -> Decimal | None:
        """Attendances against places: each held session × the township's in-post cadres (%)."""
        places = self.held * self.cadres
        return (Decimal(self.attendances) * 100 / places).quantize(Decimal("0.1")) if places else None

    @property
    def hours_per_cadre(self) -> Decimal | None:
        return (self.hours / self.cadres).quantize(Decimal("0.1")) if self.cadres else None

    @property
    def cost_per_attendee(self) -> Decimal | None:
        return (self.cost / self.attendances).quantize(Decimal("0.01")) if self.attendances else None


def plan_progress(township: Region, year: int, today: datetime.date | None = None) -> Progress:
    """Sessions planned against held, attendance rate, hours per cadre and cost per attendee (a handful of
    aggregate queries, whatever the number of sessions or cadres)."""
    today = today or timezone.localdate()
    plan = TrainingPlan.objects.filter(township=township, year=year).first()
    sessions = TrainingSession.objects.filter(plan__township=township, plan__year=year).order_by()
    held = sessions.filter(date__lte=today)
    counts = sessions.aggregate(
        scheduled=Count("id"),
        held=Count("id", filter=Q(date__lte=today)),
    )
    cost = held.aggregate(cost=Coalesce(Sum("cost"), ZERO))["cost"]
    confirmed = Attendance.objects.filter(session__in=held, status=Attendance.Status.CONFIRMED)
    totals = confirmed.aggregate(n=Count("id"), hours=Coalesce(Sum("session__hours"), ZERO))
    in_year = Q(
        attendances__status=Attendance.Status.CONFIRMED,
        attendances__session__plan__township=township,
        attendances__session__plan__year=year,
        attendances__session__date__lte=today,
    )
    rows = list(
        Cadre.objects.filter(township=township)
        .in_post()
        .annotate(
            year_hours=Coalesce(Sum("attendances__session__hours", filter=in_year), ZERO),
            year_sessions=Count("attendances", filter=in_year),
        )
        .order_by("-year_hours", "name", "id")
    )
    return Progress(
        township=township,
        year=year,
        plan=plan,
        planned=plan.planned_sessions if plan else 0,
        scheduled=counts["scheduled"],
        held=counts["held"],
        cadres=len(rows),
        attendances=totals["n"],
        hours=totals["hours"],
        cost=cost,
        rows=rows,
    )


def month_calendar(sessions, year: int, month: int) -> list[list[dict]]:
    """Weeks (Monday first) of days ``{"day": date | None, "sessions": [...]}`` with ``sessions`` of the month."""
    import calendar

    by_day: dict[datetime.date, list] = {}
    for session in sessions:
        by_day.setdefault(session.date, []).append(session)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"day": day if day.month == month else None, "sessions": by_day.get(day, [])} for day in week])
    return weeks
