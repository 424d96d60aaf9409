"""With a read replica configured, the reports' and figure pages' reads run on it; writes, locks and everything
else stay on the primary; without one everything stays on the primary.

The ``replica`` alias here is a second connection to the test database (what ``DATABASE_REPLICA_URL`` with
``TEST: {"MIRROR": "default"}`` gives in tests): the queries the replica connection executed are the ones the
router sent there.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skilled_township.assessment.models import AssessmentResult, ReportJob, RoundReport
from skilled_township.assessment.services import figures, reports
from skilled_township.core.db_router import ReplicaRouter, replica_reads

from ..assessment import builders
from ..worker import ROOT

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    """Reads of reports and figures switched to the ``replica`` alias (tests/settings.py: a mirror of the
    primary, as ``DATABASE_REPLICA_URL`` makes it in tests)."""
    settings.READ_REPLICA = "replica"
    return connections["replica"]


def test_without_a_replica_everything_stays_on_the_primary():
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(AssessmentResult) == "default"
    assert router.db_for_write(AssessmentResult) == "default"


def test_the_router_sends_reads_of_reports_to_the_replica_and_nothing_else(replica):
    router = ReplicaRouter()
    assert router.db_for_read(RoundReport) == "default"
    with replica_reads():
        assert router.db_for_read(RoundReport) == "replica"
        assert router.db_for_write(RoundReport) == "default"
        with transaction.atomic():
            # A transaction on the primary reads its own writes there.
            assert router.db_for_read(RoundReport) == "default"
    assert router.allow_migrate("replica", "assessment") is False
    assert router.allow_migrate("default", "assessment") is True


def test_a_report_reads_its_figures_on_the_replica_and_writes_on_the_primary(world, replica):
    round = builders.published_round(world)
    job = ReportJob.objects.create(round=round, started_by=builders.chair(world))
    report = RoundReport.objects.create(job=job, round=round, township=world.township)
    report = RoundReport.objects.select_related("round__city", "township__parent", "job").get(pk=report.pk)

    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        context = reports.township_context(report)
    assert context["result"].total == AssessmentResult.objects.get(round=round, township=world.township).total
    assert len(on_primary.captured_queries) == 0
    read = " ".join(query["sql"] for query in on_replica.captured_queries)
    assert "assessment_assessmentresult" in read and "assessment_resultline" in read
    assert "assessment_figuresnapshot" in read  # the automatic figures, as kept when the round closed

    # The report's own row is written on the primary.
    with CaptureQueriesContext(replica) as on_replica:
        reports.fail(report.pk, RuntimeError("stand-in"), final=False)
    assert on_replica.captured_queries == []
    assert RoundReport.objects.get(pk=report.pk).message == "stand-in"


def test_figure_pages_read_on_the_replica(world, org_admin, client, replica):
    client.force_login(org_admin)
    with CaptureQueriesContext(replica) as on_replica:
        assert client.get(reverse("cadres:education")).status_code == 200
        assert client.get(reverse("certifications:compliance")).status_code == 200
        values = figures.for_townships(["funds_disbursed"], [world.township.pk], 2024)
    assert world.township.pk in values["funds_disbursed"]
    read = " ".join(query["sql"] for query in on_replica.captured_queries)
    assert "cadres_cadre" in read and "training_disbursement" in read
    # The page's session and user were read on the primary.
    assert "django_session" not in read and "accounts_user" not in read


def test_the_replica_variable_adds_the_alias_and_without_it_there_is_none():
    code = (
        "from django.conf import settings; d = settings.DATABASES;"
        "print(d['replica']['NAME'], d['replica']['HOST'], d['replica']['TEST'], settings.DATABASE_ROUTERS)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "skilled_township.settings",
        "SECRET_KEY": "x",
        "DATABASE_URL": "postgres://app@10.0.0.1:5432/township",
        "DATABASE_REPLICA_URL": "postgres://reader@10.0.0.2:5432/township",
    }
    shown = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown.split(" ", 2)[:2] == ["township", "10.0.0.2"]
    assert "'MIRROR': 'default'" in shown and "ReplicaRouter" in shown
    env.pop("DATABASE_REPLICA_URL")
    code = "from django.conf import settings; print(sorted(settings.DATABASES))"
    shown = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert shown.strip() == "['default']"
