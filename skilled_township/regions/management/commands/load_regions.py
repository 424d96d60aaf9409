"""``manage.py load_regions fixtures/regions/431200.csv --year 2023``: bring a city's tree up to an edition."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from skilled_township.core.context import acting_as
from skilled_township.regions.codes import LEVEL_LABELS, LEVEL_ORDER
from skilled_township.regions.loading import read_rows
from skilled_township.regions.services import OUTCOMES, load_region_tree


class Command(BaseCommand):
    @property
    def help(self) -> str:  # looked up when the parser is built, in the active language
        return _(
            "从一个市的区划子集文件（code,name,parent_code）载入区划树：新增新代码，更新改名的单位，"
            "数据中已没有的单位标记为在 --year 年撤销，从不删除。可重复运行。"
        )

    def add_arguments(self, parser):
        parser.add_argument("path", help=_("用 cut_regions 切出的 CSV 文件，如 fixtures/regions/431200.csv"))
        parser.add_argument("--year", type=int, required=True, help=_("区划代码的版本年份，如 2023"))

    def handle(self, *args, path, year, **options):
        try:
            with acting_as(source="command"):
                result = load_region_tree(read_rows(path), year=year)
        except (OSError, ValidationError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            raise CommandError("\n".join(messages)) from None
        labels = {
            "created": _("新增 %(n)s"),
            "renamed": _("更名 %(n)s"),
            "restored": _("恢复 %(n)s"),
            "abolished": _("撤销 %(n)s"),
            "unchanged": _("未变 %(n)s"),
        }
        self.stdout.write(_("%(city)s（%(year)s年版区划代码）：") % {"city": result.city.name, "year": year})
        for level in LEVEL_ORDER:
            counts = ", ".join(labels[outcome] % {"n": result.counts[level][outcome]} for outcome in OUTCOMES)
            self.stdout.write("  " + _("%(level)s：%(counts)s") % {"level": LEVEL_LABELS[level], "counts": counts})
        if result.changed:
            self.stdout.write(self.style.SUCCESS(_("共 %(n)s 处变化，已记入审计日志。") % {"n": result.changed}))
        else:
            self.stdout.write(self.style.SUCCESS(_("没有变化。")))
