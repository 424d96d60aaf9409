"""Response time and query count of the busiest pages on a large roster.

Run with `make bench`. It uses its own database (`BENCH_DATABASE_URL`, dropped and recreated), loads the
demo city, adds `BENCH_CADRES` cadres with a year of study records each, then requests every page
`BENCH_ROUNDS` times as the organisation-department admin and as a township secretary.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

CADRES = int(os.environ.get("BENCH_CADRES", "5000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))


def recreate_database() -> None:
    from django.db import connections

    name = connection.settings_dict["NAME"]
    connections.close_all()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


def grow(cadres: int) -> None:
    from skilled_township.cadres.models import Cadre
    from skilled_township.core.resident_id import check_digit
    from skilled_township.learning.models import StudyRecord
    from skilled_township.regions.models import Region
    from skilled_township.skills.models import Skill

    township = Region.objects.get(code="431226106000")
    skills = list(Skill.objects.all()[:20])
    rows = []
    for n in range(cadres):
        first17 = f"431226{datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28):%Y%m%d}{n % 1000:03d}"
        number = first17 + check_digit(first17)
        rows.append(
            Cadre(
                township=township,
                name=f"压测{n:05d}",
                id_number=f"{number}",
                gender="M" if n % 2 else "F",
                birth_date=datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28),
                mobile="13800000000",
                position="staff",
                education=3,
            )
        )
    Cadre.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    today = datetime.date.today()
    records = [
        StudyRecord(
            cadre=cadre,
            studied_on=today - datetime.timedelta(days=(cadre.pk * 7 + k * 31) % 360),
            hours=Decimal("2"),
            skill=skills[(cadre.pk + k) % len(skills)],
            mode="self_study",
        )
        for cadre in Cadre.objects.filter(name__startswith="压测").only("pk")
        for k in range(10)
    ]
    StudyRecord.objects.bulk_create(records, batch_size=5000)


def measure(client: Client, url: str) -> tuple[float, float, int]:
    timings = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), max(timings), len(queries)


def main() -> None:
    recreate_database()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    grow(CADRES)
    setup_test_environment()
    from skilled_township.cadres.models import Cadre
    from skilled_township.learning.models import StudyRecord
    from skilled_township.regions.models import Region

    township = Region.objects.get(code="431226106000")
    print(f"{Cadre.objects.count()} cadres, {StudyRecord.objects.count()} study records; {ROUNDS} rounds per page")
    print(f"{'user':<18} {'page':<52} {'median ms':>9} {'max ms':>8} {'queries':>7}")
    pages = [
        "/cadres/",
        "/cadres/?education=3&has_certificate=false",
        "/cadres/?page=100",
        "/learning/study/",
        f"/learning/plans/?township={township.pk}",
        f"/learning/monthly/?township={township.pk}",
        f"/learning/education/?township={township.pk}",
        f"/demand/gap/?township={township.pk}",
        "/api/v1/cadres/",
        "/api/v1/study-records/",
    ]
    admin_only = ["/audit/"]
    for username in ("org_admin", "secretary_gaocun"):
        client = Client()
        client.force_login(
            __import__("skilled_township.accounts.models", fromlist=["User"]).User.objects.get(username=username)
        )
        for url in pages + (admin_only if username == "org_admin" else []):
            median, worst, queries = measure(client, url)
            print(f"{username:<18} {url:<52} {median:>9.1f} {worst:>8.1f} {queries:>7}")


if __name__ == "__main__":
    main()
