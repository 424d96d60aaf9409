"""Text messages to households' phones through a backend chosen by the ``SMS_BACKEND`` setting (a dotted path).

The default writes each message to the log (``skilled_township.sms``), for development and for a township
without an SMS contract; production names a backend that calls its SMS gateway. A backend is a class with
``send(phone, message)``.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "skilled_township.pairing.services.sms.LogBackend"

logger = logging.getLogger("skilled_township.sms")


class LogBackend:
    """Writes every message to the log instead of sending it."""

    def send(self, phone: str, message: str) -> None:
        logger.info("SMS to %s: %s", phone, message)


class MemoryBackend:
    """Keeps every message in ``outbox`` (a list of ``(phone, message)``), for tests and demonstrations."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, message: str) -> None:
        self.outbox.append((phone, message))


def backend():
    return import_string(getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND)()


def send(phone: str, message: str) -> None:
    backend().send(phone, message)
