"""Wall time and peak memory of the roster's Excel import on a realistic 5,000-row file.

Run by `make bench` after the pages (same database, ``BENCH_DATABASE_URL``; created and migrated here when
missing). Each run adds a fresh county with ten townships and an organisation-department admin over it, so the
file's 5,000 cadres (full-width digits, lowercase x, spaces, middle-dot names, synonyms in either language,
townships by name, by name with the county, or by code) are all new. It prints:

* the import of the file (validation, writes and their audit entries): wall and CPU time, and how much the
  process's peak resident memory (ru_maxrss) grew;
* the same file imported again (every row 未变: nothing written);
* the background job's part beyond the import: the row report (the uploaded rows and an 错误 column);
* Python's own peak allocation during the import (tracemalloc, which slows Python down, so it is a separate
  run into a second fresh county, rolled back).
"""

from __future__ import annotations

import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skilled_township_bench"
)

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import translation  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "5000"))
CITY = "431200000000"
TOWNSHIP_NAMES = ["高村镇", "锦和镇", "吕家坪镇", "兰里镇", "尧市镇"]
TOWNSHIP_NAMES += ["郭公坪镇", "谭家寨乡", "舒家村乡", "岩门镇", "板栗树乡"]


class RolledBack(Exception):
    pass


def ensure_database() -> None:
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def fresh_county():
    """A county code under the city that no region uses yet, its ten townships and an admin over it."""
    from skilled_township.accounts.models import User
    from skilled_township.accounts.roles import Role
    from skilled_township.regions.models import Region
    from tests.cadres.clerk_rows import Township

    city = Region.objects.filter(code=CITY).first() or Region.objects.create(code=CITY, name="怀化市")
    used = set(Region.objects.filter(code__startswith="4312", code__endswith="000000").values_list("code", flat=True))
    code = next(f"4312{n:02d}000000" for n in range(99, 0, -1) if f"4312{n:02d}000000" not in used)
    county = Region.objects.create(code=code, name=f"压测{code[4:6]}县", parent=city)
    townships = []
    for n, name in enumerate(TOWNSHIP_NAMES, start=1):
        township = Region.objects.create(code=f"{code[:6]}{100 + n:03d}000", name=name, parent=county)
        townships.append(Township(county.name, township.name, township.code))
    admin = User(username=f"bench_import_{code[:6]}", role=Role.ORG_ADMIN, scope=county, full_name="压测")
    admin.set_unusable_password()
    admin.save()
    return admin, tuple(townships), code[:6]


def roster_file(townships, area) -> bytes:
    from tests.cadres.clerk_rows import HEADER, clerk_rows, xlsx_bytes

    rows, _expected = clerk_rows(ROWS, townships, area)
    return xlsx_bytes(HEADER, rows)


def run_import(content: bytes, admin, phases: dict | None = None):
    """The import as the admin; ``phases`` gets the wall time at which the file was read and the rows checked
    (the progress the import reports at those points), and at the end."""
    from skilled_township.cadres.services.importing import PROGRESS_CHECKED, PROGRESS_READ, import_cadres
    from skilled_township.core.context import acting_as

    start = time.perf_counter()

    def progress(percent: int) -> None:
        if phases is not None and percent in (PROGRESS_READ, PROGRESS_CHECKED):
            phases[percent] = time.perf_counter() - start

    with translation.override("zh-hans"), acting_as(admin, ip="127.0.0.1", source="web"):
        result = import_cadres(SimpleUploadedFile("roster.xlsx", content), by=admin, progress=progress)
    if phases is not None:
        read, checked, end = phases.get(PROGRESS_READ, 0), phases.get(PROGRESS_CHECKED, 0), time.perf_counter() - start
        print(f"  read {read:.2f} s, check {checked - read:.2f} s, write {end - checked:.2f} s (wall)")
    return result


def timed(label: str, func):
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, start_cpu = time.perf_counter(), time.process_time()
    result = func()
    wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    print(f"{label:<44} {wall:>7.2f} s wall {cpu:>7.2f} s CPU  peak RSS +{grown:>6.1f} MB")
    return result


def summary(result) -> str:
    if result.refusal:
        return f"refused: {result.refusal}"
    return (
        f"{result.total} rows: {result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
        f"{len(result.errors)} with errors"
    )


def main() -> None:
    ensure_database()
    admin, townships, area = fresh_county()
    content = roster_file(townships, area)
    print(f"Roster import: {ROWS} rows ({len(content) // 1024} KB xlsx) into {len(townships)} fresh townships")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak RSS before the import: {rss:.0f} MB")

    result = timed("import (all new)", lambda: run_import(content, admin, {}))
    print("  " + summary(result))
    again = timed("re-import (all 未变)", lambda: run_import(content, admin))
    print("  " + summary(again))
    from skilled_township.cadres.services.import_jobs import report_bytes

    report = timed("row report xlsx (the background job's file)", lambda: report_bytes(again))
    print(f"  {len(report) // 1024} KB")

    traced_admin, traced_townships, traced_area = fresh_county()
    traced_content = roster_file(traced_townships, traced_area)
    tracemalloc.start()
    try:
        with transaction.atomic():
            traced = run_import(traced_content, traced_admin)
            raise RolledBack
    except RolledBack:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{'import (all new), traced and rolled back':<44} tracemalloc peak {peak / 2**20:>6.1f} MB")
    print("  " + summary(traced))


if __name__ == "__main__":
    main()
