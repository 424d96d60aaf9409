"""The household, pairing and 民情日志 lists as Excel files: resident IDs always masked, every cell formula-safe,
written row by row (``iterator`` over a server-side cursor into a write-only workbook), so a county's list does
not sit in memory as model instances."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.core.excel import workbook_bytes

from ..models import Visit, VisitAmendment
from .targets import TargetStatus


def households_bytes(households) -> bytes:
    """``households`` (with ``village__parent`` and ``paired_cadre`` selected) in the import's column order."""
    header = [
        _("乡镇"),
        _("村"),
        _("户主姓名"),
        _("身份证号码"),
        _("联系电话"),
        _("家庭人口"),
        _("劳动力人数"),
        _("建档立卡户"),
        _("建档立卡年度"),
        _("主要产业"),
        _("备注"),
        _("结对干部"),
    ]
    yes, no = _("是"), _("否")
    rows = (
        [
            h.village.parent.name if h.village.parent_id else "",
            h.village.name,
            h.head_name,
            h.masked_id_number,
            h.phone,
            h.members,
            h.labour_members,
            yes if h.registered_poor else no,
            h.registered_poor_year or "",
            h.main_industry,
            h.note,
            h.paired_cadre.name if h.paired_cadre_id else "",
        ]
        for h in households.iterator(chunk_size=1000)
    )
    return workbook_bytes(_("农户"), header, rows)


def _day(value) -> str:
    return value.isoformat() if value else ""


def pairings_bytes(pairings) -> bytes:
    """``pairings`` as the pairing list shows them: annotated by ``targets.with_targets``, with
    ``household__village__parent``, ``cadre`` and ``previous__cadre`` selected. A handed-over pairing names the
    one it continues."""
    header = [
        _("乡镇"),
        _("村"),
        _("户主姓名"),
        _("身份证号码"),
        _("结对干部"),
        _("结对日期"),
        _("结束日期"),
        _("目标状态"),
        _("收入差距（元）"),
        _("接续的结对"),
    ]

    def previous(pairing) -> str:
        if pairing.previous_id is None:
            return ""
        before = pairing.previous
        return _("%(cadre)s（%(start)s 至 %(end)s）") % {
            "cadre": before.cadre.name,
            "start": _day(before.started_on),
            "end": _day(before.ended_on),
        }

    rows = (
        [
            p.household.village.parent.name if p.household.village.parent_id else "",
            p.household.village.name,
            p.household.head_name,
            p.household.masked_id_number,
            p.cadre.name,
            _day(p.started_on),
            _day(p.ended_on),
            str(TargetStatus(p.target_status).label),
            "" if p.gap is None else p.gap,
            previous(p),
        ]
        for p in pairings.iterator(chunk_size=1000)
    )
    return workbook_bytes(_("结对帮扶"), header, rows)


def with_amendment_counts(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """``visits`` annotated with ``amendment_count``: one correlated count per row, not a join that would
    repeat the visit once per correction."""
    counted = VisitAmendment.objects.filter(visit=OuterRef("pk")).order_by().values("visit").annotate(n=Count("id"))
    return visits.annotate(
        amendment_count=Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))
    )


def visits_bytes(visits: QuerySet[Visit]) -> bytes:
    """The 民情日志 rows of ``visits`` (with ``household__village__parent`` and ``cadre`` selected), in their
    order: the household's confirmation and how often a confirmed visit was corrected since."""
    header = [
        _("走访日期"),
        _("乡镇"),
        _("村"),
        _("户主姓名"),
        _("身份证号码"),
        _("干部"),
        _("类型"),
        _("户主确认"),
        _("确认时间"),
        _("更正次数"),
    ]
    rows = (
        [
            _day(v.visited_on),
            v.household.village.parent.name if v.household.village.parent_id else "",
            v.household.village.name,
            v.household.head_name,
            v.household.masked_id_number,
            v.cadre.name,
            v.get_kind_display(),
            v.get_confirmation_display(),
            timezone.localtime(v.confirmed_at).strftime("%Y-%m-%d %H:%M") if v.confirmed_at else "",
            v.amendment_count,
        ]
        for v in with_amendment_counts(visits).iterator(chunk_size=1000)
    )
    return workbook_bytes(_("民情日志"), header, rows)
