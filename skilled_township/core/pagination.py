"""Long lists page by key ("keyset" or "seek" paging) and count only as far as is cheap.

A numbered page (OFFSET) makes the database read and throw away every row before it, and its page count
needs a COUNT over the whole list: both grow with the data. A keyset list orders its rows by a key that
ends in a unique column, e.g. ``("-studied_on", "-id")``, and asks for the rows beyond the last one shown,
which an index in the same order answers by reading one page's worth of rows however deep the page is.
Rows added meanwhile never push a row onto two pages.

The cursor in a page link names that position: base64 of JSON, readable rather than secret (every query
stays scoped, so an edited cursor can only move within rows the user may see anyway). It carries a
fingerprint of the filters, so changing a filter starts again at the first page. A cursor that does not
decode, or that was made under other filters, is ignored: the list shows its first page.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import connection, models
from django.db.models import F, Q
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils import timezone
from django.utils.http import urlencode

#: The query parameter that carries the cursor.
CURSOR_PARAM = "cursor"
#: Longer cursors are not even decoded.
MAX_CURSOR_LENGTH = 512


class InvalidCursor(ValueError):
    """A cursor that does not decode to a position in this list."""


def filters_fingerprint(pairs: Iterable[tuple[str, str]]) -> str:
    """A short digest of the filter values in force; blank values count as absent."""
    items = sorted((name, value) for name, value in pairs if value not in ("", None))
    return hashlib.sha256(urlencode(items).encode()).hexdigest()[:12] if items else ""


class _Key:
    """One column of the order: a concrete, non-null field of the model, ascending or descending."""

    def __init__(self, model: type[models.Model], spec: str):
        self.descending = spec.startswith("-")
        name = spec.removeprefix("-")
        try:
            self.field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist as error:
            raise ImproperlyConfigured(f"keyset {spec!r}: {model.__name__} has no such field") from error
        if not self.field.concrete or self.field.null or self.field.many_to_many:
            raise ImproperlyConfigured(f"keyset {spec!r}: a key must be a concrete, non-null column")
        self.name = self.field.attname

    def order(self, backwards: bool) -> str:
        return f"-{self.name}" if self.descending != backwards else self.name

    def dump(self, value: Any) -> Any:
        if isinstance(value, datetime.date):  # datetimes too, with their offset and microseconds
            return value.isoformat()
        if isinstance(value, (int, str)):
            return value
        return str(value)

    def load(self, raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, (int, str)):
            raise InvalidCursor
        if isinstance(raw, str) and "\x00" in raw:
            raise InvalidCursor
        try:
            value = self.field.to_python(raw)
        except (ValidationError, TypeError, ValueError, OverflowError) as error:
            raise InvalidCursor from error
        if value is None:
            raise InvalidCursor
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            raise InvalidCursor
        if isinstance(value, int):
            low, high = connection.ops.integer_field_range(self.field.get_internal_type())
            if (low is not None and value < low) or (high is not None and value > high):
                raise InvalidCursor
        return value


@dataclass(frozen=True)
class _Position:
    values: tuple
    backwards: bool  # the page that ends just before this row
    number: int  # which page that is, counted from the first, for display only


class KeysetPage(Sequence):
    """One page of a keyset list: its rows, links onwards and back, and a count capped at ``count_limit``."""

    def __init__(self, paginator: KeysetPaginator, rows: list, number: int, has_previous: bool, has_next: bool):
        self.paginator = paginator
        self.object_list = rows
        self.number = number
        self.has_previous_page = has_previous
        self.has_next_page = has_next
        self._count: int | None = None

    def __len__(self) -> int:
        return len(self.object_list)

    def __getitem__(self, index):
        return self.object_list[index]

    def has_next(self) -> bool:
        return self.has_next_page

    def has_previous(self) -> bool:
        return self.has_previous_page

    def has_other_pages(self) -> bool:
        return self.has_next_page or self.has_previous_page

    @property
    def next_cursor(self) -> str:
        if not self.has_next_page:
            return ""
        return self.paginator.encode(self.object_list[-1], backwards=False, number=self.number + 1)

    @property
    def previous_cursor(self) -> str:
        """The cursor of the page before; blank when that is the first page (its link carries no cursor)."""
        if not self.has_previous_page or self.number <= 2:
            return ""
        return self.paginator.encode(self.object_list[0], backwards=True, number=self.number - 1)

    @property
    def count(self) -> int:
        """How many rows the list has, counted no further than ``count_limit + 1`` (see ``count_capped``)."""
        if self._count is None:
            if not self.has_previous_page and not self.has_next_page:
                self._count = len(self.object_list)  # the whole list is on this page
            else:
                self._count = self.paginator.count_upto()
        return min(self._count, self.paginator.count_limit)

    @property
    def count_capped(self) -> bool:
        """Whether the list has more rows than ``count_limit`` (shown as "more than N")."""
        return self.count == self.paginator.count_limit and self._count > self.paginator.count_limit


class KeysetPaginator:
    """Pages ``queryset`` in the order ``keys`` (the last key unique, e.g. the primary key)."""

    def __init__(self, queryset: models.QuerySet, keys: Sequence[str], per_page: int, count_limit: int = 1000):
        if not keys:
            raise ImproperlyConfigured("a keyset needs at least one key")
        self.queryset = queryset
        self.keys = [_Key(queryset.model, spec) for spec in keys]
        if not (self.keys[-1].field.primary_key or self.keys[-1].field.unique):
            raise ImproperlyConfigured("the last key of a keyset must be unique, e.g. the primary key")
        self.per_page = per_page
        self.count_limit = count_limit
        self.filters = ""

    # --- cursors -------------------------------------------------------------------------------------

    def encode(self, row: models.Model, backwards: bool, number: int) -> str:
        values = [key.dump(getattr(row, key.name)) for key in self.keys]
        payload = {"k": values, "b": int(backwards), "n": number, "f": self.filters}
        raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    def decode(self, cursor: str) -> _Position:
        if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR_LENGTH:
            raise InvalidCursor
        try:
            payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        except (binascii.Error, ValueError) as error:  # bad base64, bad UTF-8, bad JSON
            raise InvalidCursor from error
        if not isinstance(payload, dict):
            raise InvalidCursor
        values, backwards, number = payload.get("k"), payload.get("b"), payload.get("n")
        if payload.get("f") != self.filters:
            raise InvalidCursor  # made under other filters
        if not isinstance(values, list) or len(values) != len(self.keys):
            raise InvalidCursor
        if backwards not in (0, 1) or isinstance(backwards, bool):
            raise InvalidCursor
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 10**9:
            raise InvalidCursor
        loaded = tuple(key.load(raw) for key, raw in zip(self.keys, values, strict=True))
        return _Position(loaded, bool(backwards), number)

    # --- queries -------------------------------------------------------------------------------------

    def beyond(self, values: tuple, backwards: bool) -> Q:
        """Rows after the position in the list's order (before it, going back)."""

        def after(key) -> bool:  # "after" means a larger value in an ascending column
            return key.descending == backwards

        if len({after(key) for key in self.keys}) == 1:
            # One direction throughout: a row comparison, (a, b) < (x, y), which an index on (a, b) answers.
            lookup = TupleGreaterThan if after(self.keys[0]) else TupleLessThan
            return Q(lookup(Tuple(*(F(key.name) for key in self.keys)), list(values)))
        condition = Q()
        for index, key in enumerate(self.keys):
            step = Q(**{f"{key.name}__{'gt' if after(key) else 'lt'}": values[index]})
            for earlier, value in zip(self.keys[:index], values[:index], strict=True):
                step &= Q(**{earlier.name: value})
            condition |= step
        return condition

    def page(self, cursor: str | None, filters: str = "", strict: bool = False) -> KeysetPage:
        """The page a cursor points at; the first page for no cursor or one that is invalid or stale.

        ``strict`` (the API's way): a cursor that is invalid or made under other filters raises
        ``InvalidCursor``, and a cursor with nothing beyond it gives an empty last page rather than the first
        page again, so that a client reading "next" until there is none always stops."""
        self.filters = filters
        position = None
        if cursor:
            try:
                position = self.decode(cursor)
            except InvalidCursor:
                if strict:
                    raise
                position = None
        return self._page(position, strict)

    def _page(self, position: _Position | None, strict: bool = False) -> KeysetPage:
        backwards = position is not None and position.backwards
        rows = self.queryset.order_by(*(key.order(backwards) for key in self.keys))
        if position is not None:
            rows = rows.filter(self.beyond(position.values, backwards))
        rows = list(rows[: self.per_page + 1])
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if position is None:
            return KeysetPage(self, rows, 1, has_previous=False, has_next=more)
        if strict and not rows and not backwards:
            return KeysetPage(self, rows, position.number, has_previous=False, has_next=False)
        if not rows or (backwards and not more):
            # Nothing beyond (rows were removed), or going back reached the start: the true first page.
            return self._page(None)
        if backwards:
            rows.reverse()
            return KeysetPage(self, rows, max(position.number, 2), has_previous=True, has_next=True)
        return KeysetPage(self, rows, position.number, has_previous=True, has_next=more)

    def count_upto(self) -> int:
        """COUNT over at most ``count_limit + 1`` rows (a LIMIT inside the count), never over the whole list."""
        return self.queryset.order_by()[: self.count_limit + 1].count()
