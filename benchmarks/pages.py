"""Response time and query count of the busiest pages on a large database.

Run with `make bench`. It uses its own database (`BENCH_DATABASE_URL`, dropped and recreated unless
`BENCH_REUSE=1` finds it already built), loads the demo city, adds `BENCH_CADRES` cadres to one township,
`BENCH_STUDY_RECORDS` study records spread over their last two years and `BENCH_AUDIT_ENTRIES` audit
entries spread over the demo townships, then requests every page `BENCH_ROUNDS` times as the
organisation-department admin and as township secretaries (one of the big township, one of a small one).

For each page it prints the median, best and worst response time in ms, the median CPU time of this
process (views, forms and templates: steadier than wall time on a busy machine) and of the queries, the
number of queries and how many of them count rows.
"""

from __future__ import annotations

import datetime
import os
import re
import statistics
import sys
import time
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skilled_township_bench"
)

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

CADRES = int(os.environ.get("BENCH_CADRES", "5000"))
STUDY_RECORDS = int(os.environ.get("BENCH_STUDY_RECORDS", "500000"))
AUDIT_ENTRIES = int(os.environ.get("BENCH_AUDIT_ENTRIES", "500000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
REUSE = os.environ.get("BENCH_REUSE") == "1"
#: How deep the "deep page" of the study ledger is.
DEEP_PAGE = int(os.environ.get("BENCH_DEEP_PAGE", "200"))
BIG_TOWNSHIP = "431226106000"  # 高村镇, where the extra cadres work


def database_exists() -> bool:
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def recreate_database() -> None:
    from django.db import connections

    name = connection.settings_dict["NAME"]
    connections.close_all()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def grow() -> None:
    """Rows inserted by the database itself (INSERT … SELECT over generate_series): 500,000 study records
    and 500,000 audit entries take seconds this way, minutes through the ORM."""
    from skilled_township.cadres.models import Cadre
    from skilled_township.core.resident_id import check_digit
    from skilled_township.regions.models import Region

    township = Region.objects.get(code=BIG_TOWNSHIP)
    rows = []
    for n in range(CADRES):
        born = f"{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}"
        first17 = f"431226{born}{n % 1000:03d}"
        rows.append(
            Cadre(
                township=township,
                name=f"压测{n:05d}",
                id_number=first17 + check_digit(first17),
                gender="M" if n % 2 else "F",
                birth_date=f"{born[:4]}-{born[4:6]}-{born[6:]}",
                mobile="13800000000",
                position="staff",
                education=3,
            )
        )
    Cadre.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    per_cadre = max(1, STUDY_RECORDS // max(CADRES, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO learning_studyrecord
                   (created_at, updated_at, cadre_id, studied_on, hours, skill_id, mode, notes)
            SELECT now(), now(), c.id, current_date - ((c.id * 7 + k * 31) %% 720)::int, 2,
                   (SELECT array_agg(id ORDER BY code) FROM skills_skill)[1 + (c.id + k) %% 20], 'self_study', ''
            FROM cadres_cadre c CROSS JOIN generate_series(0, %s - 1) AS k
            WHERE c.name LIKE '压测%%'
            """,
            [per_cadre],
        )
        cursor.execute(
            """
            INSERT INTO accounts_auditentry (timestamp, username, source, action, object_id, object_repr, region_code,
                                             changes, content_type_id)
            SELECT now() - make_interval(secs => n * 60), 'bench', 'web', 'update', n::text, '压测 ' || n,
                   codes[1 + n %% array_length(codes, 1)], '{"hours": ["1", "2"]}'::jsonb,
                   (SELECT id FROM django_content_type WHERE app_label = 'learning' AND model = 'studyrecord')
            FROM generate_series(1, %s) AS n,
                 (SELECT array_agg(code ORDER BY code) AS codes FROM regions_region WHERE level = 'township') AS t
            """,
            [AUDIT_ENTRIES],
        )
        cursor.execute("ANALYZE")


def deep_url(client: Client, url: str, pages: int) -> str:
    """The URL of page ``pages`` reached by following "next" links (a cursor; an API list's ``next``), or
    ``?page=`` where the list pages by number."""
    for _ in range(pages - 1):
        response = client.get(url)
        if response.get("Content-Type", "").startswith("application/json"):
            following = response.json().get("next")
            if not following:
                break
            url = following.removeprefix("http://testserver")
            continue
        html = response.content.decode()
        found = re.search(r'<a[^>]*rel="next"[^>]*href="([^"]+)"', html) or re.search(
            r'<a[^>]*href="([^"]+)"[^>]*rel="next"', html
        )
        if not found:
            return f"{url}?page={pages}" if "?" not in url else f"{url}&page={pages}"
        href = unescape(found.group(1))
        url = url.split("?")[0] + href if href.startswith("?") else href
    return url


def measure(client: Client, url: str) -> dict:
    """Wall time, this process's CPU time (the Python side: views, forms, templates; steadier than wall
    time on a busy machine) and the time the queries took, over ``ROUNDS`` requests."""
    timings, cpu, sql = [], [], []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {
        "median": statistics.median(timings),
        "min": min(timings),
        "max": max(timings),
        "cpu": statistics.median(cpu),
        "sql": statistics.median(sql),
        "queries": len(queries),
        "counts": sum(1 for q in queries.captured_queries if "COUNT(" in q["sql"].upper()),
    }


def main() -> None:
    started = time.perf_counter()
    built = False
    if not (REUSE and database_exists()):
        recreate_database()
        built = True
    call_command("migrate", verbosity=0)
    if built:
        call_command("seed_demo", verbosity=0)
        grow()
    from skilled_township.accounts.models import AuditEntry, User
    from skilled_township.cadres.models import Cadre
    from skilled_township.learning.models import StudyRecord
    from skilled_township.regions.models import Region

    township = Region.objects.get(code=BIG_TOWNSHIP)
    print(
        f"{Cadre.objects.count()} cadres, {StudyRecord.objects.count()} study records, "
        f"{AuditEntry.objects.count()} audit entries; setup {time.perf_counter() - started:.0f} s "
        f"({'built' if built else 'reused'}); {ROUNDS} rounds per page"
    )
    columns = ("median", "min", "max", "cpu", "sql", "queries", "counts")
    print(f"{'user':<19} {'page':<44} " + " ".join(f"{name:>7}" for name in columns))
    study = reverse("learning:study_list")
    pages = [
        reverse("cadres:cadre_list"),
        reverse("cadres:cadre_list") + "?education=3&has_certificate=false",
        reverse("cadres:cadre_list") + "?page=100",
        study,
        f"deep:{study}",
        study + "?cadre_name=压测00042",
        reverse("learning:plan_overview") + f"?township={township.pk}",
        reverse("learning:monthly") + f"?township={township.pk}",
        reverse("cadres:education") + f"?region={township.code}",
        # The city's roll-up (its counties ranked); for a secretary the page of their own township.
        reverse("cadres:education"),
        reverse("learning:demand_gap") + f"?township={township.pk}",
        "/api/v1/cadres/",
        "/api/v1/study-records/",
        "deep:/api/v1/study-records/",
    ]
    audit = reverse("accounts:audit_list")
    # One day of audit entries a month back (the bench adds one a minute).
    day = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    # The demand gap of the whole city (the organisation department's starting point), rolled up from every township.
    city_gap = reverse("learning:demand_gap")
    admin_only = [city_gap, audit, f"deep:{audit}", audit + "?action=login", audit + f"?since={day}&until={day}"]
    users = {
        "org_admin": pages + admin_only,
        "secretary_gaocun": pages,
        "secretary_zhijiang": [study, "/api/v1/study-records/"],
    }
    for username, urls in users.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in urls:
            label = url
            if url.startswith("deep:"):
                url = deep_url(client, url.removeprefix("deep:"), DEEP_PAGE)
                label = f"{url.split('?')[0]} page {DEEP_PAGE}"
            m = measure(client, url)
            figures = " ".join(f"{m[name]:>7.1f}" for name in columns[:5])
            print(f"{username:<19} {label[:44]:<44} {figures} {m['queries']:>7} {m['counts']:>7}")


if __name__ == "__main__":
    main()
