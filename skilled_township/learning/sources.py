"""Where a study record came from when it was not typed into the ledger: an app above learning (training's
attendance) registers a source; the ledger then shows it, and refuses to edit or remove such a record apart from
it, on the pages and through the API. Learning never imports those apps: they call :func:`register`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Source:
    #: What the ledger shows, e.g. "培训课次：2026-03-02 柑桔修剪".
    label: str
    #: Where the record is kept (the page to change it on).
    url: str


#: Each takes record ids and returns {id: Source} for the ones it keeps (one query for any number of ids).
_providers: list[Callable[[list[int]], dict[int, Source]]] = []


def register(provider: Callable[[list[int]], dict[int, Source]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def sources_of(ids: Iterable[int]) -> dict[int, Source]:
    ids = [pk for pk in ids if pk is not None]
    found: dict[int, Source] = {}
    if not ids:
        return found
    for provider in _providers:
        found.update(provider(ids))
    return found


def source_of(record) -> Source | None:
    if record is None or record.pk is None:
        return None
    return sources_of([record.pk]).get(record.pk)


def kept_elsewhere_message(source: Source) -> str:
    return _("这条学习记录来自%(source)s，只能在那里修改或删除。") % {"source": source.label}
