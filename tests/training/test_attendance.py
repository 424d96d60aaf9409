"""Attendance is the one source of the attending cadres' study records for a session: ticking them writes the
records, editing the session changes them, deleting it removes them; the ledger shows where they came from and
leaves them to the session, on the page and through the API."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from skilled_township.accounts.models import AuditEntry
from skilled_township.learning.models import StudyRecord
from skilled_township.training.models import Attendance, TrainingSession

from .. import factories, objects
from ..generic import api_client, posted_values
from . import builders


def ledger(cadre):
    return list(
        StudyRecord.objects.filter(cadre=cadre).values_list("studied_on", "hours", "skill__name", "mode", "notes")
    )


def tick(client, session, cadres):
    return client.post(reverse("training:session_attendance", args=[session.pk]), {"cadres": [c.pk for c in cadres]})


def test_ticking_attendance_writes_study_records_and_unticking_removes_them(world, secretary_of_gaocun, client_as):
    session = builders.session(world)
    longjianguo = objects.cadre(world)
    zhangmin = factories.cadre(world.township, "张敏")
    outsider = factories.cadre(world.other_township, "外镇干部")
    client = client_as(secretary_of_gaocun)
    page = client.get(reverse("training:session_attendance", args=[session.pk])).content.decode()
    assert "张敏" in page and "外镇干部" not in page

    assert tick(client, session, [longjianguo, zhangmin]).status_code == 302

    expected = [(datetime.date(2026, 3, 2), Decimal("2.0"), "柑桔栽培与管理", "base_practice", "培训：柑桔春季修剪")]
    assert ledger(longjianguo) == ledger(zhangmin) == expected
    entries = AuditEntry.objects.filter(content_type__model="studyrecord", action="create")
    assert {(e.user, e.source) for e in entries} == {(secretary_of_gaocun, "web")}

    assert tick(client, session, [zhangmin]).status_code == 302
    assert ledger(longjianguo) == [] and ledger(zhangmin) == expected
    # Another township's cadre is not on offer.
    response = tick(client, session, [zhangmin, outsider])
    assert response.status_code == 200 and ledger(outsider) == []


def test_editing_the_session_changes_its_records_and_deleting_it_removes_them(world, secretary_of_gaocun, client_as):
    session = builders.session(world)
    cadre = objects.cadre(world)
    client = client_as(secretary_of_gaocun)
    tick(client, session, [cadre])
    url = reverse("training:session_update", args=[session.pk])
    page = client.get(url)
    changes = {
        "hours": "3.5",
        "mode": "expert_lecture",
        "topic": "柑桔夏季修剪",
        "date": "2026-03-04",
        "other_skills": [],
    }

    assert client.post(url, {**posted_values(page), **changes}).status_code == 302

    expected = [(datetime.date(2026, 3, 4), Decimal("3.5"), "柑桔栽培与管理", "expert_lecture", "培训：柑桔夏季修剪")]
    assert ledger(cadre) == expected

    assert client.post(reverse("training:session_delete", args=[session.pk])).status_code == 302
    assert ledger(cadre) == []
    assert not TrainingSession.objects.filter(pk=session.pk).exists()
    assert not Attendance.objects.exists()


def test_attendance_for_a_session_not_yet_held_is_refused(world, secretary_of_gaocun, client_as):
    from django.utils import timezone

    later = timezone.localdate() + datetime.timedelta(days=3)
    plan = builders.plan(world)
    plan.year = later.year
    plan.save()
    session = builders.session(world, day=later, topic="下周培训")
    response = tick(client_as(secretary_of_gaocun), session, [objects.cadre(world)])
    assert "还没有举行，不能登记出勤" in response.content.decode()
    assert not StudyRecord.objects.exists()


def test_the_ledger_shows_where_a_record_came_from_and_refuses_to_edit_it_apart(world, secretary_of_gaocun, client_as):
    session = builders.session(world)
    cadre = objects.cadre(world)
    typed = objects.study_record(world)
    client = client_as(secretary_of_gaocun)
    tick(client, session, [cadre])
    record = StudyRecord.objects.exclude(pk=typed.pk).get(cadre=cadre)

    listing = client.get(reverse("learning:study_list")).content.decode()
    assert "培训课次 2026-03-02 柑桔春季修剪" in listing and session.get_absolute_url() in listing
    assert reverse("learning:study_update", args=[record.pk]) not in listing
    assert reverse("learning:study_update", args=[typed.pk]) in listing

    edit = reverse("learning:study_update", args=[record.pk])
    assert "只能在那里修改或删除" in client.get(edit).content.decode()
    data = {"cadre": cadre.pk, "studied_on": "2026-03-02", "hours": "9", "skill": record.skill_id, "mode": "self_study"}
    assert client.post(edit, data).status_code == 409
    assert client.post(reverse("learning:study_delete", args=[record.pk])).status_code == 409
    record.refresh_from_db()
    assert record.hours == Decimal("2.0")

    api = api_client(secretary_of_gaocun)
    detail = reverse("api:study-record-detail", args=[record.pk])
    patched = api.patch(detail, {"hours": "9"}, format="json")
    assert patched.status_code == 400 and "只能在那里修改或删除" in patched.data["non_field_errors"][0]
    assert api.delete(detail).status_code == 400
    assert StudyRecord.objects.filter(pk=record.pk, hours=Decimal("2.0")).exists()


def test_the_api_sets_attendance_and_deletes_a_session_with_its_records(world, secretary_of_gaocun):
    session = builders.session(world)
    cadre = objects.cadre(world)
    api = api_client(secretary_of_gaocun)
    url = reverse("api:training-session-attendance", args=[session.pk])
    assert api.post(url, {"cadres": [cadre.pk]}, format="json").data == {"added": 1, "removed": 0}
    assert ledger(cadre)[0][1] == Decimal("2.0")
    assert api.delete(reverse("api:training-session-detail", args=[session.pk])).status_code == 204
    assert ledger(cadre) == []


def session_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("training:session_list")).status_code == 200
    return len(queries)


def add_sessions(world, count):
    plan = builders.plan(world)
    skill = objects.skill(world)
    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            plan=plan,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
            start_time=datetime.time(9, 0),
            end_time=datetime.time(10, 0),
            hours=Decimal("1"),
            mode="classroom",
            topic=f"课次{n}",
            skill=skill,
            instructor_kind="expert",
            instructor_name="专家",
            base=builders.base(world),
        )
        for n in range(count)
    )
    return sessions


def test_the_session_list_costs_the_same_queries_for_10_and_1000_sessions(world, org_admin, client_as):
    client = client_as(org_admin)
    first = add_sessions(world, 10)
    from skilled_township.training import services

    services.save_attendance(first[0], [objects.cadre(world)])
    at_10 = session_list_queries(client)
    add_sessions(world, 990)
    at_1000 = session_list_queries(client)
    print(f"session list queries: {at_10} at 10 sessions, {at_1000} at 1,000 sessions")
    assert at_10 == at_1000
