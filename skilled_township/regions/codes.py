"""Statistical division codes (统计用区划代码): 2 province + 2 city + 2 county + 3 township + 3 village."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CODE_LENGTH = 12

# Significant digits of a code at each level.
PREFIX_LENGTH = {"city": 4, "county": 6, "township": 9, "village": 12}
LEVEL_ORDER = ["city", "county", "township", "village"]


def level_of(code: str) -> str:
    """The level a well-formed code denotes, from where its trailing zeros begin."""
    if code[4:] == "00000000":
        return "city"
    if code[6:] == "000000":
        return "county"
    if code[9:] == "000":
        return "township"
    return "village"


def prefix_of(code: str) -> str:
    return code[: PREFIX_LENGTH[level_of(code)]]


def county_code_of(code: str) -> str:
    """The code of the county (县/市/区) that ``code`` lies in, or ``code`` itself for a county."""
    return county_prefix_of(code).ljust(CODE_LENGTH, "0")


def county_prefix_of(code: str) -> str:
    """The six significant digits of ``code``'s county: also the area code (GB 11643) that starts the resident
    IDs registered there."""
    return code[: PREFIX_LENGTH["county"]]


def child_code(parent_code: str, number: int) -> str:
    """The code of the child numbered ``number`` under ``parent_code`` (one level down)."""
    prefix = prefix_of(parent_code)
    child_level = LEVEL_ORDER[LEVEL_ORDER.index(level_of(parent_code)) + 1]
    width = PREFIX_LENGTH[child_level] - len(prefix)
    return f"{prefix}{number:0{width}d}".ljust(CODE_LENGTH, "0")


def padded(code: str) -> str:
    """A code as published at its own length (``4312``, ``431226``, ``431226106``) written out to 12 digits."""
    return code.strip().ljust(CODE_LENGTH, "0")


def parent_of(code: str) -> str | None:
    """The code of the node one level up; ``None`` for a city (provinces are not part of the tree)."""
    level = level_of(code)
    if level == "city":
        return None
    return padded(code[: PREFIX_LENGTH[LEVEL_ORDER[LEVEL_ORDER.index(level) - 1]]])


def administrative_code(code: str) -> str:
    """The 6-digit form used for cities and counties in GB/T 2260, e.g. 431200 for 怀化市."""
    return code[:6]


def city_of(code: str) -> str:
    return padded(code[: PREFIX_LENGTH["city"]])


def ancestors_of(code: str) -> list[str]:
    """Codes from the city down to the node's parent."""
    return ancestor_codes(code)[:0:-1]


def is_villagers_committee(code: str) -> bool:
    """A rural village (村民委员会) rather than an urban community (居民委员会, 001–199) or the like.

    NBS coding rules for the last three digits: 200–399 are villagers' committees.
    """
    return level_of(code) == "village" and 200 <= int(code[9:]) <= 399


def validate_division_code(code: str) -> None:
    if not isinstance(code, str) or len(code) != CODE_LENGTH or not code.isdigit():
        raise ValidationError(_("区划代码必须是12位数字。"), code="format")
    # City, county, township and village parts: none may be zero while a lower one is set.
    parts = [code[2:4], code[4:6], code[6:9], code[9:12]]
    if set(parts[0]) == {"0"}:
        raise ValidationError(_("区划代码至少要到市一级（第3-4位不能为00）。"), code="level")
    seen_zero = False
    for part in parts:
        if set(part) == {"0"}:
            seen_zero = True
        elif seen_zero:
            raise ValidationError(_("区划代码中上一级为零而下一级不为零，代码无效。"), code="gap")


def validate_child_code(child_code: str, parent_code: str) -> None:
    """A child sits exactly one level below its parent and extends the parent's prefix."""
    parent_level = level_of(parent_code)
    child_level = level_of(child_code)
    expected = LEVEL_ORDER.index(parent_level) + 1
    if expected >= len(LEVEL_ORDER) or LEVEL_ORDER[expected] != child_level:
        raise ValidationError(
            _("下级区划的层级不对：%(parent)s 的下级应为%(level)s。")
            % {"parent": parent_code, "level": LEVEL_LABELS.get(LEVEL_ORDER[min(expected, 3)], "")},
            code="level",
        )
    if not child_code.startswith(prefix_of(parent_code)):
        raise ValidationError(
            _("下级区划代码必须以上级代码的前缀 %(prefix)s 开头。") % {"prefix": prefix_of(parent_code)},
            code="prefix",
        )


LEVEL_LABELS = {"city": _("市"), "county": _("县（市、区）"), "township": _("乡镇"), "village": _("村")}


def ancestor_codes(code: str) -> list[str]:
    """Codes of the node ``code`` and of every node above it, nearest first (village → city)."""
    prefix = prefix_of(code)
    return [prefix[:n].ljust(CODE_LENGTH, "0") for n in (12, 9, 6, 4) if n <= len(prefix)]


def nearest(rows, code: str, region_code=lambda row: row.region.code):
    """Of rows attached to ``code`` or a node above it, the one attached nearest to it (None if none)."""
    order = {ancestor: i for i, ancestor in enumerate(ancestor_codes(code))}
    return min(rows, key=lambda row: order[region_code(row)], default=None)
