"""Exports hold only what their requester may see: the roster as the page shows it, and audit files produced by
a background job that re-reads the requesting account when it runs."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from skilled_township.core.models import GeneratedFile
from skilled_township.core.tasks import generate_file

from . import factories


def sheet_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_a_secretarys_roster_export_holds_only_their_township(world, secretary_of_gaocun, client_as):
    ours = factories.cadre(world.township, "高村镇干部")
    factories.cadre(world.other_township, "吕家坪镇干部")
    client = client_as(secretary_of_gaocun)
    for query in ({}, {"township": world.other_township.pk}, {"q": "干部"}):
        rows = sheet_rows(client.get(reverse("cadres:cadre_export"), query).content)
        assert [(row[0], row[1]) for row in rows[1:]] == [(world.township.name, ours.name)], query


def run_audit_export(client, user, params=None) -> list[tuple]:
    client.force_login(user)
    response = client.post(reverse("accounts:audit_export"), params or {})
    job = GeneratedFile.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    assert generate_file(job.pk) == "done"
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        return sheet_rows(handle.read())


def test_an_audit_export_holds_only_the_requesters_county(world, org_admin_of_other_county, client):
    zhijiang = factories.region("431228101000", "芷江镇", world.other_county)
    factories.cadre(zhijiang, "芷江镇干部")
    factories.cadre(world.township, "高村镇干部")
    exported = {row[6] for row in run_audit_export(client, org_admin_of_other_county)[1:]}
    assert {"芷江镇", "芷江镇干部"} <= exported
    assert not exported & {"高村镇", "高村镇干部", "secretary_gaocun", "麻阳苗族自治县"}


def test_an_audit_export_runs_as_the_account_is_when_the_job_runs(world, org_admin, client):
    factories.cadre(world.township, "高村镇干部")
    client.force_login(org_admin)
    response = client.post(reverse("accounts:audit_export"), {})
    job = GeneratedFile.objects.get(requested_by=org_admin)
    assert response.status_code == 302
    # Disabled between the request and the run: the job re-reads the account and exports nothing.
    org_admin.is_active = False
    org_admin.save()
    assert generate_file(job.pk) == "done"
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        assert sheet_rows(handle.read())[1:] == []
