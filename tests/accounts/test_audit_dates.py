"""The audit trail's date filters mean days in local time (Asia/Shanghai) and are answered from the index
the trail is ordered by, however many entries it holds."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.urls import reverse

from skilled_township.accounts.filters import AuditEntryFilter
from skilled_township.accounts.models import AuditEntry

AUDIT = reverse("accounts:audit_list")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2026, 3, 10)


def entry_at(world, name: str, local: datetime.datetime) -> AuditEntry:
    entry = AuditEntry.objects.create(
        username="someone", action="update", object_repr=name, region_code=world.township.code
    )
    AuditEntry.objects.filter(pk=entry.pk).update(timestamp=local.replace(tzinfo=SHANGHAI))
    return entry


@pytest.fixture
def around_the_day(world):
    """Entries just either side of 10 March's two local midnights (16:00 UTC on the 9th and the 10th)."""
    at = datetime.datetime
    return {
        "day before, 23:59": entry_at(world, "前一天深夜", at(2026, 3, 9, 23, 59, 59, 999999)),
        "00:00": entry_at(world, "当天零点", at(2026, 3, 10, 0, 0)),
        "noon": entry_at(world, "当天中午", at(2026, 3, 10, 12, 0)),
        "23:59": entry_at(world, "当天深夜", at(2026, 3, 10, 23, 59, 59, 999999)),
        "next day, 00:00": entry_at(world, "次日零点", at(2026, 3, 11, 0, 0)),
    }


def shown(client, **params) -> set[str]:
    response = client.get(AUDIT, params)
    assert response.status_code == 200
    return {row.object_repr for row in response.context["table"].data}


def test_one_day_means_from_local_midnight_to_the_next(world, org_admin, client_as, around_the_day):
    client = client_as(org_admin)
    assert shown(client, since=DAY, until=DAY) == {"当天零点", "当天中午", "当天深夜"}
    assert shown(client, until=DAY) == {"前一天深夜", "当天零点", "当天中午", "当天深夜"}
    next_day = DAY + datetime.timedelta(days=1)
    assert shown(client, since=next_day, until=next_day) == {"次日零点"}
    assert shown(client, since=DAY, until=DAY - datetime.timedelta(days=1)) == set()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_first_and_last_days_there_are_do_not_break_the_filter(world, org_admin, client_as, around_the_day, day):
    client = client_as(org_admin)
    assert len(shown(client, since=day, until=day)) in (0, len(around_the_day))
    assert client.get(AUDIT, {"since": day}).status_code == 200


def test_a_date_range_is_read_off_the_trails_index(world, org_admin):
    """20,000 entries over 200 days: one day's are found through audit_order's bounds on the timestamp, not by
    converting every entry's timestamp to a date."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO accounts_auditentry (timestamp, username, source, action, object_id, object_repr,
                                             region_code, changes)
            SELECT %s::timestamptz - make_interval(mins => n * 15), 'someone', 'web', 'update', n::text, 'x', %s,
                   '{}'::jsonb
            FROM generate_series(1, 20000) AS n
            """,
            [datetime.datetime(2026, 6, 1, tzinfo=SHANGHAI), world.township.code],
        )
        cursor.execute("ANALYZE accounts_auditentry")
    one_day = {"since": "2026-03-10", "until": "2026-03-10"}
    filtered = AuditEntryFilter(one_day, queryset=AuditEntry.objects.visible_to(org_admin), user=org_admin).qs
    page = filtered.order_by("-timestamp", "-id")[:26]
    sql = str(page.query)
    assert "::date" not in sql and "AT TIME ZONE" not in sql.upper()
    plan = page.explain()
    assert "audit_order" in plan, plan
    assert "Index Cond" in plan and "timestamp" in plan.split("Index Cond", 1)[1], plan
    assert filtered.count() == 96  # every quarter of an hour of that day
