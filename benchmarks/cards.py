"""Render times of the service cards: one cadre's sheet and a township's batch of ``BENCH_CARDS`` cadres (60),
with HarfBuzz subsetting of the embedded Noto CJK font and, for comparison, with fontTools' (what WeasyPrint
falls back to without ``libharfbuzz-subset0``).

Run by `make bench` (database ``BENCH_DATABASE_URL``, created and migrated when missing). The township and
its cadres are made in a transaction that is rolled back. Prints pages, size and wall time of each PDF.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/skilled_township_bench"
)

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import translation  # noqa: E402

CARDS = int(os.environ.get("BENCH_CARDS", "60"))
SKILLS = [("JB01", "柑桔栽培与管理"), ("JB02", "生猪养殖"), ("JB03", "电子商务"), ("JB04", "农机维修")]


class RolledBack(Exception):
    pass


def ensure_database() -> None:
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def build_township():
    from skilled_township.cadres.models import Cadre, Education, Position
    from skilled_township.certifications.models import Certificate, PublicProfile
    from skilled_township.core.resident_id import check_digit
    from skilled_township.regions.models import Region
    from skilled_township.skills.models import Skill, SkillCategory

    city, _ = Region.objects.get_or_create(code="431200000000", defaults={"name": "怀化市"})
    county = Region.objects.create(code="431299000000", name="测试县", parent=city)
    township = Region.objects.create(code="431299101000", name="卡片镇", parent=county)
    category = SkillCategory.objects.create(code="bench-cards", name="发展经济（测试）", order=99)
    skills = [Skill.objects.create(code=code, name=f"{name}（测试）", category=category) for code, name in SKILLS]
    for n in range(CARDS):
        first17 = f"43129919800101{n * 2 + 1:03d}"
        cadre = Cadre.objects.create(
            township=township,
            name=f"干部{n:02d}号",
            id_number=first17 + check_digit(first17),
            mobile="13800000000",
            position=Position.STAFF,
            education=Education.BACHELOR,
        )
        PublicProfile.objects.create(
            cadre=cadre,
            duties="柑桔嫁接、病虫害防治上门指导",
            public_phone=f"139{n:08d}",
            phone_consent_on=datetime.date(2026, 1, 5),
        )
        for k, skill in enumerate(skills[: 1 + n % 3]):
            Certificate.objects.create(
                cadre=cadre,
                skill=skill,
                level=1 + (n + k) % 5,
                number=f"BENCH-{n:03d}-{k}",
                issuing_body="怀化市人力资源和社会保障局",
                issued_on=datetime.date(2026, 1, 10),
            )
    return township


def pdf_facts(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True).stdout
    pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
    return f"{pages} pages, {len(content):,} bytes"


def timed(label: str, render) -> None:
    started = time.perf_counter()
    content = render()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed:6.2f} s   {pdf_facts(content)}")


def main() -> None:
    import weasyprint.pdf.fonts as fonts

    from skilled_township.cadres.models import Cadre
    from skilled_township.certifications.services import cards

    ensure_database()
    with translation.override("zh-hans"):
        try:
            with transaction.atomic():
                township = build_township()
                run = cards.township_run(township, Cadre.objects.all(), "http://127.0.0.1")
                print(f"Service cards: {len(run.cards)} cadres in one township, {cards.CARDS_PER_PAGE} cards a page")
                cards.cadre_sheet(run.cards[0])  # fonts found and loaded once, as in a running server
                for subsetting in ("harfbuzz", "fonttools"):
                    saved = fonts.harfbuzz_subset
                    if subsetting == "fonttools":
                        fonts.harfbuzz_subset = None
                    elif saved is None:
                        print("  (libharfbuzz-subset0 is not installed: every run below uses fontTools)")
                    try:
                        timed(f"one cadre's sheet, {subsetting} subsetting", lambda: cards.cadre_sheet(run.cards[0]))
                        timed(f"township batch, {subsetting} subsetting", lambda: cards.township_batch(run))
                    finally:
                        fonts.harfbuzz_subset = saved
                raise RolledBack
        except RolledBack:
            pass


if __name__ == "__main__":
    main()
