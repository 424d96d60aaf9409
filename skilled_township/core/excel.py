"""Excel (xlsx) helpers shared by every export and import: formula-injection safe cells."""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from xml.etree import ElementTree

from openpyxl import Workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#: A cell starting with one of these would be read by spreadsheet programs as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is kept as text by a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


#: Told of every row ``workbook_bytes`` writes, inside ``reporting_rows`` (a background job's progress).
_row_written: ContextVar[Callable[[int], None] | None] = ContextVar("row_written", default=None)


@contextmanager
def reporting_rows(total: int, report_progress: Callable[[int], None], every: int = 2000):
    """While inside, ``workbook_bytes`` reports how far it is through ``total`` rows: ``report_progress(percent)``
    every ``every`` rows (a background job's progress bar, whichever export writes the sheet)."""
    total = max(total, 1)

    def row_written(index: int) -> None:
        if index % every == 0:
            report_progress(index * 100 // total)

    token = _row_written.set(row_written)
    try:
        yield
    finally:
        _row_written.reset(token)


def workbook_bytes(title: str, header: list[Any], rows: Iterable[list[Any]]) -> bytes:
    """One sheet with a header row, written in streaming mode so large exports stay small in memory."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(title)[:31])
    sheet.append([safe_cell(str(cell)) for cell in header])
    row_written = _row_written.get()
    for index, row in enumerate(rows, start=1):
        sheet.append([safe_cell(cell) for cell in row])
        if row_written is not None:
            row_written(index)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Reading ----------------------------------------------------------------------------------------------------
# Uploads are read with a lean streaming parser of the first worksheet's XML rather than openpyxl's read-only
# mode: the same values (openpyxl's own date and number rules), at a fraction of the cost per cell, and a sheet
# that declares no size is never scanned to find it.


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _column_number(reference: str) -> int:
    """``"AB12"`` → 28."""
    letters = reference.rstrip("0123456789").upper()
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number if letters.isalpha() and letters.isascii() else 0


def _text(element) -> str:
    """A shared or inline string: its own text and its runs' text, leaving out phonetic guides."""
    parts = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(grand.text or "" for grand in child if _local(grand.tag) == "t")
    return "".join(parts)


class SheetReader:
    """The cell values of an xlsx's first worksheet, row by row, as ``load_workbook(read_only=True,
    data_only=True)`` gives them: text, numbers, booleans, dates, a formula's last computed value.

    ``declared_columns`` is what the sheet says about its width (``None`` when it says nothing), known once the
    first row has been read; ``max_column`` bounds the cells kept per row and may be lowered between rows.
    """

    def __init__(self, archive: zipfile.ZipFile, max_column: int):
        self.archive = archive
        self.max_column = max_column
        self.declared_columns: int | None = None
        workbook = self._path_of("", "officeDocument") or "xl/workbook.xml"
        relations = self._relations(workbook)
        tree = ElementTree.fromstring(archive.read(workbook))
        self.epoch = CALENDAR_WINDOWS_1900
        sheet = None
        for element in tree.iter():
            name = _local(element.tag)
            if name == "workbookPr" and element.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            elif name == "sheet" and sheet is None:
                kind, target = relations.get(element.get(f"{{{RELATIONSHIPS}}}id"), ("", ""))
                if kind.endswith("/worksheet"):
                    sheet = target
        if sheet is None:
            raise KeyError("no worksheet")
        self.sheet = sheet
        by_kind = {kind.rpartition("/")[2]: target for kind, target in relations.values()}
        self.shared_strings = self._shared_strings(by_kind.get("sharedStrings"))
        self.date_styles, self.timedelta_styles = self._date_styles(by_kind.get("styles"))

    def _path_of(self, part: str, kind: str) -> str | None:
        return next((t for k, t in self._relations(part).values() if k.endswith("/" + kind)), None)

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, member path) of a part (``""``: the package)."""
        folder, _slash, name = part.rpartition("/")
        path = posixpath.join(folder, "_rels", name + ".rels")
        try:
            tree = ElementTree.fromstring(self.archive.read(path))
        except KeyError:
            return {}
        relations = {}
        for element in tree:
            target = element.get("Target", "")
            if target.startswith("/"):
                target = target.lstrip("/")
            else:
                target = posixpath.normpath(posixpath.join(folder, target))
            relations[element.get("Id")] = (element.get("Type", ""), target)
        return relations

    def _shared_strings(self, path: str | None) -> list[str]:
        if path is None or path not in self.archive.namelist():
            return []
        strings = []
        for _event, element in ElementTree.iterparse(self.archive.open(path)):
            if _local(element.tag) == "si":
                strings.append(_text(element).replace("x005F_", ""))
                element.clear()
        return strings

    def _date_styles(self, path: str | None) -> tuple[set[int], set[int]]:
        """The cell styles whose number format shows a date (or a duration), as openpyxl decides it."""
        if path is None or path not in self.archive.namelist():
            return set(), set()
        tree = ElementTree.fromstring(self.archive.read(path))
        custom, styles = {}, []
        for element in tree:
            name = _local(element.tag)
            if name == "numFmts":
                custom = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in element}
            elif name == "cellXfs":
                styles = [int(xf.get("numFmtId", 0)) for xf in element]
        dates, durations = set(), set()
        for index, number_format in enumerate(styles):
            code = custom.get(number_format) or BUILTIN_FORMATS.get(number_format)
            if code and is_date_format(code):
                dates.add(index)
            if code and is_timedelta_format(code):
                durations.add(index)
        return dates, durations

    def _value(self, cell, ns: str) -> Any:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(ns + "is")
            if inline is None:
                return None
            if len(inline) == 1 and inline[0].tag == ns + "t":
                return inline[0].text or ""
            return _text(inline)
        raw = cell.findtext(ns + "v")
        if not raw:
            return None
        if kind == "n":
            number = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
            style = int(cell.get("s") or 0)
            if style in self.date_styles:
                try:
                    return from_excel(number, self.epoch, timedelta=style in self.timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared_strings[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # "str" (a formula's text) and "e" (an error such as #N/A)

    def rows(self) -> Iterator[tuple[int, tuple]]:
        """(row number, values up to ``max_column``) for every row the sheet has, empty or not, in order."""
        number = 0
        ns = None
        for _event, element in ElementTree.iterparse(self.archive.open(self.sheet)):
            tag = element.tag
            if ns is None:  # the sheet's namespace, from its first element
                ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
                row_tag, dimension_tag = ns + "row", ns + "dimension"
            if tag == row_tag:
                number = int(element.get("r") or number + 1)
                width = self.max_column
                values: list[Any] = [None] * width
                column = 0
                for cell in element:
                    reference = cell.get("r")
                    column = _column_number(reference) if reference else column + 1
                    if column <= width:
                        values[column - 1] = self._value(cell, ns)
                element.clear()
                yield number, tuple(values)
            elif tag == dimension_tag:
                last = (element.get("ref") or "").rpartition(":")[2]
                self.declared_columns = _column_number(last) or None


def open_sheet(data: bytes, max_column: int) -> SheetReader:
    """The first worksheet of an xlsx held in memory. Raises ``zipfile.BadZipFile``, ``KeyError`` (a part
    missing) or ``ElementTree.ParseError`` for a file that is not a workbook."""
    return SheetReader(zipfile.ZipFile(io.BytesIO(data)), max_column)


#: What reading a file that is not a readable workbook raises, at once or row by row.
UNREADABLE = (zipfile.BadZipFile, KeyError, ValueError, IndexError, OSError, EOFError, ElementTree.ParseError)
