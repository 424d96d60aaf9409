"""Loading a city's region tree from an edition of the official division codes (统计用区划代码)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.core.signals import bulk_saved

from . import codes
from .loading import RegionRow
from .models import Region

BATCH_SIZE = 1000
OUTCOMES = ("created", "renamed", "restored", "abolished", "unchanged")


@dataclass
class LoadResult:
    city: Region
    #: level → outcome → number of units, e.g. ``counts["village"]["created"]``.
    counts: dict[str, Counter] = field(default_factory=lambda: {level: Counter() for level in codes.LEVEL_ORDER})

    @property
    def changed(self) -> int:
        return sum(n for level in self.counts.values() for outcome, n in level.items() if outcome != "unchanged")


@transaction.atomic
def load_region_tree(rows: Iterable[RegionRow], *, year: int) -> LoadResult:
    """Bring one city's units in line with ``rows`` (a whole city, as published for ``year``).

    New codes are created and renamed units renamed. Nothing is deleted: a unit of that city that the data
    no longer lists is marked abolished in ``year``, so the records made while it existed keep it; one that
    comes back is current again. Running it twice changes nothing the second time. Every change is written
    to the audit trail, in bulk, like the changes people make.
    """
    wanted = _checked(rows, year)
    city_code = next(code for code, row in wanted.items() if not row.parent_code)
    existing = {
        region.code: region
        for region in Region.objects.filter(code__startswith=codes.prefix_of(city_code)).only(
            "id", "code", "name", "level", "parent_id", "abolished_year"
        )
    }
    now = timezone.now()
    nodes = dict(existing)
    created: list[Region] = []
    for level in codes.LEVEL_ORDER:  # top down, so that every parent has its id before its children
        new = [
            Region(
                code=code,
                name=row.name,
                level=level,
                parent=nodes[row.parent_code] if row.parent_code else None,
            )
            for code, row in wanted.items()
            if code not in existing and codes.level_of(code) == level
        ]
        Region.objects.bulk_create(new, batch_size=BATCH_SIZE)
        nodes.update((region.code, region) for region in new)
        created.extend(new)

    changed: list[tuple[Region, dict]] = []
    for code, region in existing.items():
        row = wanted.get(code)
        changes = {}
        if row is None:
            if region.abolished_year is None:
                changes["abolished_year"] = [None, year]
                region.abolished_year = year
        else:
            if region.name != row.name:
                changes["name"] = [region.name, row.name]
                region.name = row.name
            if region.abolished_year is not None:
                changes["abolished_year"] = [region.abolished_year, None]
                region.abolished_year = None
        if changes:
            region.updated_at = now
            changed.append((region, changes))
    Region.objects.bulk_update(
        [region for region, _changes in changed], ["name", "abolished_year", "updated_at"], batch_size=BATCH_SIZE
    )

    result = LoadResult(city=nodes[city_code])
    for region in created:
        result.counts[region.level]["created"] += 1
    for region, changes in changed:
        if "name" in changes:
            result.counts[region.level]["renamed"] += 1
        if "abolished_year" in changes:
            result.counts[region.level]["abolished" if region.abolished_year else "restored"] += 1
    touched = {region.code for region in created} | {region.code for region, _changes in changed}
    for code, region in existing.items():
        if code not in touched:
            result.counts[region.level]["unchanged"] += 1
    _audit(created, changed)
    return result


def _checked(rows: Iterable[RegionRow], year: int) -> dict[str, RegionRow]:
    """The rows by code, once the whole file is known to describe one well-formed city tree."""
    if not 2000 <= year <= 2100:
        raise ValidationError(_("年份 %(year)s 不在 2000–2100 之间。") % {"year": year})
    wanted: dict[str, RegionRow] = {}
    errors: list[str] = []
    for row in rows:
        problem = _row_problem(row)
        if problem is None and row.code in wanted:
            problem = _("代码重复。")
        if problem is not None:
            errors.append(f"{row.code}: {problem}")
            continue
        wanted[row.code] = row
    cities = [code for code, row in wanted.items() if not row.parent_code]
    if len(cities) != 1:
        errors.append(_("数据应恰好包含一个市，实际有 %(n)s 个。") % {"n": len(cities)})
    else:
        prefix = codes.prefix_of(cities[0])
        for code, row in wanted.items():
            if not code.startswith(prefix):
                errors.append(f"{code}: " + _("不在市 %(city)s 之下。") % {"city": cities[0]})
            elif row.parent_code and row.parent_code not in wanted:
                errors.append(f"{code}: " + _("上级 %(parent)s 不在数据中。") % {"parent": row.parent_code})
    if errors:
        raise ValidationError(
            errors[:20] + ([_("……共 %(n)s 处错误。") % {"n": len(errors)}] if len(errors) > 20 else [])
        )
    return dict(sorted(wanted.items()))


def _row_problem(row: RegionRow) -> str | None:
    try:
        codes.validate_division_code(row.code)
        if row.parent_code:
            codes.validate_child_code(row.code, row.parent_code)
        elif codes.level_of(row.code) != "city":
            return _("只有市级区划可以没有上级。")
    except ValidationError as error:
        return " ".join(error.messages)
    if not row.name or len(row.name) > Region._meta.get_field("name").max_length:
        return _("名称不能为空，也不能超过 %(n)s 个字。") % {"n": Region._meta.get_field("name").max_length}
    return None


def _audit(created: list[Region], changed: list[tuple[Region, dict]]) -> None:
    """Announce the bulk writes to the audit trail, which records them like the changes people make (bulk
    writes skip the per-row save signals it listens to otherwise)."""
    if not created and not changed:
        return
    as_created = [
        (
            region,
            {
                "code": [None, region.code],
                "name": [None, region.name],
                "level": [None, region.level],
                **({"parent": [None, f"{region.parent} (#{region.parent_id})"]} if region.parent_id else {}),
            },
        )
        for region in created
    ]
    bulk_saved.send(sender=Region, created=as_created, changed=changed)
