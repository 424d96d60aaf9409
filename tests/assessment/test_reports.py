"""The yearly evaluation reports without a worker: who may start them, one current version per township when a
round's reports are generated again, a finished report left alone, and who downloads what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from skilled_township.accounts.roles import Role
from skilled_township.assessment.models import ReportJob, RoundReport
from skilled_township.assessment.services import reports, rounds

from ..generic import api_client
from . import builders

pytestmark = pytest.mark.django_db


def test_reports_start_only_on_a_closed_or_published_round_and_only_for_the_city_admin(
    world, org_admin_of_other_county
):
    with pytest.raises(ValidationError, match="评分结束后"):
        reports.start(builders.scoring_round(world), by=builders.chair(world))
    with pytest.raises(PermissionDenied):
        reports.start(builders.published_round(world), by=org_admin_of_other_county)
    assert not RoundReport.objects.exists()


def test_the_page_refuses_to_start_a_round_still_being_scored(world, client):
    client.force_login(builders.chair(world))
    round = builders.scoring_round(world)
    response = client.post(reverse("assessment:reports_start", args=[round.pk]), follow=True)
    assert "考核报告在评分结束后才能生成。" in response.content.decode()
    assert not RoundReport.objects.exists()


def test_the_api_starts_a_generation_for_the_city_admin_and_shows_its_progress(
    world, org_admin_of_other_county, django_assert_max_num_queries
):
    round = builders.published_round(world)
    chair = api_client(builders.chair(world))
    url = reverse("api:assessment-report-job-list")

    refused = api_client(org_admin_of_other_county).post(url, {"round": round.pk}, format="json")
    assert refused.status_code == 403
    assert not ReportJob.objects.exists()
    still_scoring = chair.post(url, {"round": builders.scoring_round(world).pk}, format="json")
    assert still_scoring.status_code == 400
    assert still_scoring.json() == {"non_field_errors": ["考核报告在评分结束后才能生成。"]}
    assert chair.post(url, {"round": 999999}, format="json").status_code == 400
    assert not ReportJob.objects.exists()

    started = chair.post(url, {"round": round.pk}, format="json")
    assert started.status_code == 201, started.json()
    job = ReportJob.objects.get()
    assert started.json()["id"] == job.pk and job.started_by.username == builders.chair(world).username
    # Queued, not yet handed over (the handover happens once the request's transaction commits).
    assert started.json()["progress"] == {
        "total": 1,
        "done": 0,
        "failed": 0,
        "summary": "queued",
        "finished": False,
        "percent": 0,
    }

    report = job.reports.get(township=world.township)
    assert reports.build(report.pk) == "done"
    answer = chair.get(reverse("api:assessment-report-job-detail", args=[job.pk])).json()
    assert (answer["progress"]["done"], answer["progress"]["percent"]) == (1, 50)
    # The list counts every generation's reports in the database: the same queries for one run or four.
    for _again in range(3):
        reports.start(round, by=builders.chair(world))
    with django_assert_max_num_queries(8):
        listed = chair.get(url).json()
    assert [row["progress"]["done"] for row in listed["results"]] == [0, 0, 0, 1]


def test_generating_again_replaces_each_report_and_keeps_one_current(world):
    round = builders.published_round(world)
    first = reports.start(round, by=builders.chair(world))
    for report in first.reports.all():
        assert reports.build(report.pk) == "done"
    old = first.reports.get(township=world.township)

    second = reports.start(round, by=builders.chair(world))
    # Until the new version is finished, the old one stays current (and downloadable).
    assert list(RoundReport.objects.filter(is_current=True, township=world.township)) == [old]
    new = second.reports.get(township=world.township)
    assert reports.build(new.pk) == "done"
    assert list(RoundReport.objects.filter(round=round, township=world.township, is_current=True)) == [new]
    assert RoundReport.objects.filter(round=round, is_current=True).count() == 2  # 高村镇 and the city's summary

    # A redelivered task for a finished report does nothing.
    name = RoundReport.objects.get(pk=new.pk).pdf.name
    assert reports.build(new.pk) == "skipped"
    refreshed = RoundReport.objects.get(pk=new.pk)
    assert (refreshed.pdf.name, refreshed.attempts) == (name, 1)


def test_an_older_generation_finishing_last_does_not_replace_a_newer_one(world):
    """Two generations queued together (e.g. both waiting for the job service): whichever order the workers
    finish them in, the newer one's report is the one current."""
    round = builders.published_round(world)
    older = reports.start(round, by=builders.chair(world)).reports.get(township=world.township)
    newer = reports.start(round, by=builders.chair(world)).reports.get(township=world.township)
    assert reports.build(newer.pk) == "done"
    assert reports.build(older.pk) == "done"
    current = RoundReport.objects.filter(round=round, township=world.township, is_current=True)
    assert list(current) == [newer]
    assert RoundReport.objects.get(pk=older.pk).status == RoundReport.Status.DONE


def test_regenerating_keeps_the_files_of_the_current_and_the_previous_version_only(
    world, django_capture_on_commit_callbacks
):
    round = builders.published_round(world)
    versions = []
    for _generation in range(3):
        job = reports.start(round, by=builders.chair(world))
        report = job.reports.get(township=world.township)
        with django_capture_on_commit_callbacks(execute=True):
            assert reports.build(report.pk) == "done"
        versions.append(RoundReport.objects.get(pk=report.pk))
    first, second, third = (RoundReport.objects.get(pk=v.pk) for v in versions)
    storage = third.pdf.storage
    assert third.is_current and storage.exists(third.pdf.name) and storage.exists(third.xlsx.name)
    assert storage.exists(second.pdf.name) and storage.exists(second.xlsx.name)
    # The oldest keeps its row (who generated it, when) but not its files, on disk or on the row.
    assert (first.pdf.name, first.xlsx.name) == ("", "")
    assert not storage.exists(versions[0].pdf.name) and not storage.exists(versions[0].xlsx.name)
    client_ = _signed_in(builders.chair(world))
    assert client_.get(reverse("assessment:report_download", args=[first.pk, "pdf"])).status_code == 404
    assert client_.get(reverse("assessment:report_download", args=[second.pk, "pdf"])).status_code == 200


def _signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_database_refuses_a_second_current_report(world):
    current = builders.report(world)
    later = ReportJob.objects.create(round=current.round, started_by=builders.chair(world))
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundReport.objects.create(job=later, round=current.round, township=world.township, is_current=True)


def test_a_failed_attempt_is_shown_with_its_reason_and_the_last_one_finishes_it(world):
    round = builders.published_round(world)
    job = reports.start(round, by=builders.chair(world))
    report = job.reports.get(township=world.township)
    reports.fail(report.pk, RuntimeError("字体缺失"), final=False)
    report.refresh_from_db()
    assert (report.status, report.message) == ("queued", "字体缺失")
    reports.fail(report.pk, RuntimeError("字体缺失"), final=True)
    job.refresh_from_db()
    assert job.summary_queued  # the summary follows even when a township's report failed
    assert reports.progress(job)["failed"] == 1


def test_downloads_follow_the_results(world, secretary_of_gaocun, client):
    township = builders.report(world)
    summary = builders.report(world, township=None)
    leader = builders.user("leader_city", Role.LEADER, world.city)
    assert set(RoundReport.objects.visible_to(secretary_of_gaocun)) == {township}
    assert set(RoundReport.objects.visible_to(leader)) == {township, summary}
    assert set(RoundReport.objects.visible_to(builders.chair(world))) == {township, summary}

    client.force_login(secretary_of_gaocun)
    assert client.get(reverse("assessment:report_download", args=[summary.pk, "pdf"])).status_code == 404
    assert client.get(reverse("assessment:report_download", args=[township.pk, "xlsx"])).status_code == 200

    # Reopened (no longer published): the secretary and the leader see nothing; the organisation department does.
    rounds.reopen(township.round, by=builders.chair(world), reason="复核")
    assert not RoundReport.objects.visible_to(secretary_of_gaocun).exists()
    assert not RoundReport.objects.visible_to(leader).exists()
    assert RoundReport.objects.visible_to(builders.chair(world)).count() == 2
