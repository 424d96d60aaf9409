"""Excel (xlsx) helpers shared by every export and import: formula-injection safe cells."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

#: A cell starting with one of these would be read by spreadsheet programs as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is kept as text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def workbook_bytes(title: str, header: list[Any], rows: Iterable[list[Any]]) -> bytes:
    """One sheet with a header row, written in streaming mode so large exports stay small in memory."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(title)[:31])
    sheet.append([safe_cell(str(cell)) for cell in header])
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
