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
    level = LEVEL_ORDER.index(level_of(code))
    return [padded(code[: PREFIX_LENGTH[upper]]) for upper in LEVEL_ORDER[:level]]


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
