"""The yearly evaluation reports (年度考核报告): a PDF and an Excel workbook per township and the city's summary.

``start`` creates a generation of reports (one per township with a result, and the city's summary) and queues one
background task per township; the township report finishing last queues the summary. ``build`` writes one report:
it is idempotent (a report of this generation already finished is left alone) and replaces the previous current
version atomically (the new files are written first, then the current pointer is switched in one transaction; a
constraint keeps one current report per round and township).

Every figure comes from the database: the stored results and result lines, the automatic figures
(``services.figures``, one query per figure) and aggregates; the report only formats them. Those reads go to the
read replica when there is one (``core.db_router``); the report's own rows are read and written on the primary.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from skilled_township.core.db_router import replica_reads
from skilled_township.core.pdf import render_pdf
from skilled_township.core.services import JobServiceUnavailable, sending_jobs

from ..models import AssessmentResult, AssessmentRound, Indicator, ReportJob, ResultLine, RoundReport
from . import figures, snapshots
from .rounds import may_manage

REPORTABLE = (AssessmentRound.Status.CLOSED, AssessmentRound.Status.PUBLISHED)
FINISHED = (RoundReport.Status.DONE, RoundReport.Status.FAILED)


def start(round: AssessmentRound, *, by) -> ReportJob:
    """A new generation of the round's reports, queued once the transaction commits. When the job service
    cannot take it, the generation waits (its reports say so) and is handed over as soon as the service answers
    again (``send_waiting``); ``JobServiceUnavailable`` is raised for the page to say so."""
    if not may_manage(by):
        raise PermissionDenied
    with transaction.atomic():
        round = AssessmentRound.objects.select_for_update().get(pk=round.pk)
        if round.status not in REPORTABLE:
            raise ValidationError(_("考核报告在评分结束后才能生成。"))
        townships = list(round.results.order_by("township__code").values_list("township_id", flat=True))
        if not townships:
            raise ValidationError(_("本轮次还没有考核结果，不能生成报告。"))
        job = ReportJob.objects.create(round=round, started_by=by)
        RoundReport.objects.bulk_create(
            [RoundReport(job=job, round=round, township_id=pk) for pk in townships]
            + [RoundReport(job=job, round=round, township=None)]
        )
        transaction.on_commit(lambda: _queue(job))
    return job


def _queue(job: ReportJob) -> None:
    """Hand the job's township reports still queued to the job service, and note when."""
    from celery import current_app, group

    from ..tasks import build_report

    report_ids = list(
        job.reports.filter(township__isnull=False, status=RoundReport.Status.QUEUED).values_list("pk", flat=True)
    )
    waiting = str(JobServiceUnavailable.message)[:255]
    # The queue travels with the tasks so that the summary follows the townships' reports.
    queue = current_app.conf.task_default_queue
    try:
        with sending_jobs():
            group(build_report.si(pk, queue) for pk in report_ids).apply_async(queue=queue)
    except JobServiceUnavailable:
        job.reports.filter(status=RoundReport.Status.QUEUED).update(message=waiting)
        raise
    ReportJob.objects.filter(pk=job.pk).update(sent_at=timezone.now())
    job.reports.filter(message=waiting).update(message="")


def send_waiting() -> int:
    """Hand the generations started while the job service was unavailable to it, oldest first; stops at the
    first refusal. Returns how many were handed over."""
    sent = 0
    for job in ReportJob.objects.filter(sent_at__isnull=True, finished_at__isnull=True).order_by("pk"):
        try:
            _queue(job)
        except JobServiceUnavailable:
            break
        sent += 1
    return sent


def progress(job: ReportJob) -> dict:
    """How far a generation is: townships finished of all, failures, the summary's state (from the counts of
    ``ReportJob.objects.with_progress()``, read here when ``job`` does not carry them)."""
    if not hasattr(job, "townships_total"):
        job = ReportJob.objects.with_progress().get(pk=job.pk)
    summary = job.summary_status
    total = job.townships_total + 1
    finished = job.townships_done + job.townships_failed + (1 if summary in FINISHED else 0)
    return {
        "total": job.townships_total,
        "done": job.townships_done,
        "failed": job.townships_failed,
        "summary": summary,
        "finished": summary in FINISHED,
        "percent": int(finished * 100 / total),
    }


# --- building one report --------------------------------------------------------------------------------------


def build(report_id: int, queue: str | None = None) -> str:
    """Write one report's PDF and workbook and make it current; ``"skipped"`` when it is already finished.
    The city's summary, when this was the last township, is queued on ``queue`` (the task's own)."""
    report = RoundReport.objects.select_related("round__city", "township__parent", "job").get(pk=report_id)
    if report.status == RoundReport.Status.DONE:
        return "skipped"
    RoundReport.objects.filter(pk=report_id).exclude(status=RoundReport.Status.DONE).update(
        status=RoundReport.Status.RUNNING, attempts=report.attempts + 1
    )
    context = township_context(report) if report.township_id else city_context(report)
    template = "township" if report.township_id else "city"
    pdf = render_pdf(f"assessment/reports/{template}.html", context)
    xlsx = (township_workbook if report.township_id else city_workbook)(context)
    place = report.township.code if report.township_id else report.round.city.code
    stem = f"{report.round.year}-{place}-{report.job_id}"
    report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().get(pk=report.job_id)
        current = RoundReport.objects.select_for_update().get(pk=report_id)
        if current.status == RoundReport.Status.DONE:
            report.pdf.storage.delete(report.pdf.name)
            report.xlsx.storage.delete(report.xlsx.name)
            return "skipped"
        same_place = RoundReport.objects.filter(round=report.round, township=report.township)
        # A later generation that finished first stays current: an older one never replaces it.
        superseded = same_place.filter(job_id__gt=report.job_id, status=RoundReport.Status.DONE).exists()
        if not superseded:
            same_place.filter(is_current=True).update(is_current=False)
        RoundReport.objects.filter(pk=report_id).update(
            pdf=report.pdf.name,
            xlsx=report.xlsx.name,
            status=RoundReport.Status.DONE,
            message="",
            is_current=not superseded,
            finished_at=timezone.now(),
        )
        _prune_superseded(report)
        _after(job, report, queue)
    return "done"


#: Superseded versions of a report whose files are kept (besides the current one), newest first; older ones
#: keep their row (who generated it and when) but lose their files.
KEEP_SUPERSEDED = 1


def _prune_superseded(report: RoundReport) -> None:
    """Called in the transaction that makes ``report`` current: the files of older superseded versions of the same
    round and township are deleted once it commits, so regenerating never fills the disk."""
    older = (
        RoundReport.objects.filter(round_id=report.round_id, township_id=report.township_id, is_current=False)
        .exclude(pdf="", xlsx="")
        .order_by("-finished_at", "-pk")[KEEP_SUPERSEDED:]
    )
    stale = list(older.values_list("pk", "pdf", "xlsx"))
    if not stale:
        return
    RoundReport.objects.filter(pk__in=[pk for pk, *_files in stale]).update(pdf="", xlsx="")
    storage = report.pdf.storage
    names = [name for _pk, *files in stale for name in files if name]
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def fail(report_id: int, error: Exception, *, final: bool, queue: str | None = None) -> None:
    """Note a failed attempt; the last one finishes the report as failed (its reason shown on the page)."""
    reason = str(error)[:255] or type(error).__name__
    with transaction.atomic():
        report = RoundReport.objects.select_related("round").get(pk=report_id)
        job = ReportJob.objects.select_for_update().get(pk=report.job_id)
        status = RoundReport.Status.FAILED if final else RoundReport.Status.QUEUED
        RoundReport.objects.filter(pk=report_id).exclude(status=RoundReport.Status.DONE).update(
            status=status, message=reason, finished_at=timezone.now() if final else None
        )
        if final:
            _after(job, report, queue)


def _after(job: ReportJob, report: RoundReport, queue: str | None) -> None:
    """Called with the job locked: the last township report queues the city's summary (once); the summary
    finishes the job."""
    if report.township_id is None:
        ReportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now())
        return
    pending = job.reports.filter(township__isnull=False).exclude(status__in=FINISHED).exists()
    if pending or job.summary_queued:
        return
    ReportJob.objects.filter(pk=job.pk).update(summary_queued=True)
    summary = job.reports.get(township__isnull=True).pk

    def send():
        from ..tasks import build_report

        build_report.apply_async((summary, queue), queue=queue)

    transaction.on_commit(send)


# --- what a report shows --------------------------------------------------------------------------------------


def _bars(rows: list[dict], value: str, limit: str) -> list[dict]:
    """Bar lengths (0–100) for the chart, from the figures already computed."""
    for row in rows:
        top = row[limit] or 0
        row["width"] = float(row[value] * 100 / top) if top else 0.0
    return rows


@replica_reads()
def township_context(report: RoundReport) -> dict:
    round, township = report.round, report.township
    result = AssessmentResult.objects.select_related("township__parent").get(round=round, township=township)
    lines = list(
        ResultLine.objects.filter(result=result)
        .select_related("indicator")
        .order_by("indicator__order", "indicator_id")
        .values(
            "indicator__area",
            "indicator__name",
            "indicator__max_points",
            "indicator__figure",
            "points",
            "reviewers",
            "trimmed",
        )
    )
    area_labels = {key: str(label) for key, label in Indicator.Area.choices}
    for line in lines:
        line["area"] = area_labels.get(line["indicator__area"], "")
    areas = _bars(
        [
            {**row, "label": area_labels.get(row["indicator__area"], "")}
            for row in ResultLine.objects.filter(result=result)
            .values("indicator__area")
            .annotate(points=Sum("points"), max_points=Sum("indicator__max_points"))
            .order_by("indicator__area")
        ],
        "points",
        "max_points",
    )
    values = snapshots.for_round(round, figures.FIGURES, [township.pk]).values
    automatic = [
        {"label": str(figure.label), "unit": str(figure.unit), "value": values[key].get(township.pk)}
        for key, figure in figures.FIGURES.items()
    ]
    return {
        "title": _("%(township)s %(year)s年度考核报告") % {"township": township, "year": round.year},
        "round": round,
        "township": township,
        "result": result,
        "lines": lines,
        "areas": areas,
        "figures": automatic,
        "generated_at": timezone.localtime(),
    }


@replica_reads()
def city_context(report: RoundReport) -> dict:
    round = report.round
    results = list(
        AssessmentResult.objects.filter(round=round)
        .order_by("city_rank", "township__code")
        .values("township__name", "township__parent__name", "total", "grade", "city_rank", "county_rank")
    )
    grade_labels = {key: str(label) for key, label in AssessmentResult.Grade.choices}
    for row in results:
        row["grade_label"] = grade_labels.get(row["grade"], "")
    counted = dict(
        AssessmentResult.objects.filter(round=round).values("grade").annotate(n=Count("pk")).values_list("grade", "n")
    )
    grades = _bars(
        [
            {"label": str(label), "count": counted.get(key, 0), "all": len(results)}
            for key, label in AssessmentResult.Grade.choices
        ],
        "count",
        "all",
    )
    return {
        "title": _("%(city)s %(year)s年度考核汇总报告") % {"city": round.city, "year": round.year},
        "round": round,
        "results": results,
        "grades": grades,
        "generated_at": timezone.localtime(),
    }


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def township_workbook(context: dict) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = _("考核结果")
    result = context["result"]
    summary.append([_("乡镇"), str(context["township"])])
    summary.append([_("考核年度"), context["round"].year])
    summary.append([_("总分"), _number(result.total)])
    summary.append([_("等次"), str(result.get_grade_display())])
    summary.append([_("全市排名"), result.city_rank])
    summary.append([_("县内排名"), result.county_rank])
    lines = book.create_sheet(_("指标得分"))
    lines.append([_("考核内容"), _("考核指标"), _("分值"), _("得分"), _("评分人数")])
    for line in context["lines"]:
        lines.append(
            [
                line["area"],
                line["indicator__name"],
                _number(line["indicator__max_points"]),
                _number(line["points"]),
                line["reviewers"],
            ]
        )
    automatic = book.create_sheet(_("自动指标"))
    automatic.append([_("指标"), _("数值"), _("单位")])
    for figure in context["figures"]:
        automatic.append([figure["label"], _number(figure["value"]), figure["unit"]])
    return _save(book)


def city_workbook(context: dict) -> bytes:
    book = Workbook()
    ranking = book.active
    ranking.title = _("排名")
    ranking.append([_("全市排名"), _("乡镇"), _("县（市、区）"), _("总分"), _("等次"), _("县内排名")])
    for row in context["results"]:
        ranking.append(
            [
                row["city_rank"],
                row["township__name"],
                row["township__parent__name"],
                _number(row["total"]),
                row["grade_label"],
                row["county_rank"],
            ]
        )
    grades = book.create_sheet(_("等次分布"))
    grades.append([_("等次"), _("乡镇数")])
    for row in context["grades"]:
        grades.append([row["label"], row["count"]])
    return _save(book)
