"""The household, pairing and 民情日志 lists as Excel files: resident IDs always masked, every cell formula-safe,
written row by row (``iterator`` over a server-side cursor into a write-only workbook), so a county's list never
sits in memory whole."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.core import resident_id
from skilled_township.core.excel import workbook_bytes

from ..models import Pairing, Visit, VisitAmendment
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


def _labels(choices) -> dict[str, str]:
    """Value → label of a model's choices, translated once for the whole file rather than once a row."""
    return {value: str(label) for value, label in choices}


#: What an export reads of each row: plain values through the joins, not five model instances a row (with a
#: county's 民情日志 the instances and each row's choice look-ups cost as much as writing the workbook).
PAIRING_COLUMNS = (
    "household__village__parent__name",
    "household__village__name",
    "household__head_name",
    "household__id_number",
    "cadre__name",
    "started_on",
    "ended_on",
    "target_status",
    "gap",
    "previous__cadre__name",
    "previous__started_on",
    "previous__ended_on",
)


def pairings_bytes(pairings: QuerySet[Pairing]) -> bytes:
    """``pairings`` (annotated by ``targets.with_targets``) as the pairing list shows them, in their order; a
    handed-over pairing names the one it continues."""
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
    statuses = _labels(TargetStatus.choices)
    continues = _("%(cadre)s（%(start)s 至 %(end)s）")

    def cells(row) -> list:
        township, village, head, id_number, cadre, started, ended, status, gap, before, before_start, before_end = row
        previous = (
            ""
            if before is None
            else continues % {"cadre": before, "start": _day(before_start), "end": _day(before_end)}
        )
        return [
            township or "",
            village,
            head,
            resident_id.mask(id_number),
            cadre,
            _day(started),
            _day(ended),
            statuses[status],
            "" if gap is None else gap,
            previous,
        ]

    rows = pairings.values_list(*PAIRING_COLUMNS).iterator(chunk_size=2000)
    return workbook_bytes(_("结对帮扶"), header, map(cells, rows))


def with_amendment_counts(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """``visits`` annotated with ``amendment_count``: one correlated count per row, not a join that would
    repeat the visit once per correction."""
    counted = VisitAmendment.objects.filter(visit=OuterRef("pk")).order_by().values("visit").annotate(n=Count("id"))
    return visits.annotate(
        amendment_count=Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))
    )


VISIT_COLUMNS = (
    "visited_on",
    "household__village__parent__name",
    "household__village__name",
    "household__head_name",
    "household__id_number",
    "cadre__name",
    "kind",
    "confirmation",
    "confirmed_at",
    "amendment_count",
)


def visits_bytes(visits: QuerySet[Visit]) -> bytes:
    """The 民情日志 rows of ``visits``, in their order: the household's confirmation and how often a confirmed
    visit was corrected since."""
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
    kinds, confirmations = _labels(Visit.Kind.choices), _labels(Visit.Confirmation.choices)

    def cells(row) -> list:
        visited_on, township, village, head, id_number, cadre, kind, confirmation, confirmed_at, amendments = row
        return [
            _day(visited_on),
            township or "",
            village,
            head,
            resident_id.mask(id_number),
            cadre,
            kinds[kind],
            confirmations[confirmation],
            timezone.localtime(confirmed_at).strftime("%Y-%m-%d %H:%M") if confirmed_at else "",
            amendments,
        ]

    rows = with_amendment_counts(visits).values_list(*VISIT_COLUMNS).iterator(chunk_size=2000)
    return workbook_bytes(_("民情日志"), header, map(cells, rows))
