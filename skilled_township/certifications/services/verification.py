"""Public verification of a certificate by its code (the QR code of a service card, or typed from the paper).

The public page and the API show the whole record, so that an edited printout cannot pass for a real one:
status (valid, revoked with its reason and date, expired), number, holder, masked ID, skill, level, dates and
issuing body. Nothing else personal (no phone, no full ID, no birth date).

Codes are 16 characters of an alphabet without 0/O, 1/I/L (about 79 bits): nobody finds one by trying. To keep
it so, every client address may look up only ``MISSES_ALLOWED`` unknown codes an hour; past that, every lookup
from it is refused until the hour is over, so that a lucky hit cannot be told apart from a miss either.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from skilled_township.core import ratelimit
from skilled_township.core.resident_id import mask

from ..models import READABLE_ALPHABET, Certificate

CODE_LENGTH = 16
RATE_SCOPE = "certificate-verify"
#: Unknown codes one client address may look up in ``MISS_WINDOW_SECONDS``: room for typing mistakes.
MISSES_ALLOWED = 20
MISS_WINDOW_SECONDS = 3600
#: What people type between the groups of a code printed as ``ABCD-EFGH-JKMN-PQRS``.
_SEPARATORS = frozenset(" -_.·—–")


class TooManyLookups(Exception):
    """This client address looked up too many unknown codes: no more lookups until the window is over."""


def normalise_code(typed: str) -> str:
    """A code as a person types it: full-width letters folded, spaces and dashes dropped, upper case."""
    folded = unicodedata.normalize("NFKC", typed or "")
    return "".join(ch for ch in folded if not ch.isspace() and ch not in _SEPARATORS).upper()


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in READABLE_ALPHABET for ch in code)


def grouped(code: str) -> str:
    """``ABCDEFGHJKMNPQRS`` → ``ABCD-EFGH-JKMN-PQRS``: how the code is printed for people to read and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def site_root(request=None) -> str:
    """Where the site is, for links printed on paper: ``SITE_URL`` when set, else the address ``request`` came to
    (without the trailing slash); empty when neither is known."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return ""


def verification_url(certificate: Certificate, root: str = "") -> str:
    """The verification page's full address under ``root`` (``site_root()``), for a QR code."""
    return (settings.SITE_URL or root) + certificate.verification_path()


@dataclass(frozen=True)
class PublicRecord:
    """What anyone holding the code is shown."""

    code: str
    state: str
    state_label: str
    number: str
    holder: str
    masked_id: str
    township: str
    skill: str
    skill_code: str
    level: int
    level_label: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    issuing_body: str
    revoked_on: datetime.date | None
    revocation_reason: str


def public_record(certificate: Certificate) -> PublicRecord:
    revoked = certificate.state == Certificate.State.REVOKED
    return PublicRecord(
        code=certificate.verification_code,
        state=certificate.state,
        state_label=str(certificate.get_state_display()),
        number=certificate.number,
        holder=certificate.cadre.name,
        masked_id=mask(certificate.cadre.id_number),
        township=certificate.cadre.township.name,
        skill=certificate.skill.name,
        skill_code=certificate.skill.code,
        level=certificate.level,
        level_label=str(certificate.get_level_display()),
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        issuing_body=certificate.issuing_body,
        revoked_on=timezone.localdate(certificate.revoked_at) if revoked and certificate.revoked_at else None,
        revocation_reason=certificate.revocation_reason if revoked else "",
    )


def look_up(typed: str, client: str | None) -> PublicRecord | None:
    """The record of the certificate with code ``typed`` (as typed), ``None`` for an unknown code.

    Raises :class:`TooManyLookups` when ``client`` (an address) has looked up too many unknown codes."""
    key = client or "unknown"
    if ratelimit.exceeded(RATE_SCOPE, key, limit=MISSES_ALLOWED):
        raise TooManyLookups
    code = normalise_code(typed)
    certificate = None
    if is_well_formed(code):
        certificate = (
            Certificate.objects.select_related("cadre__township", "skill").filter(verification_code=code).first()
        )
    if certificate is None:
        if not ratelimit.attempt(RATE_SCOPE, key, limit=MISSES_ALLOWED, window=MISS_WINDOW_SECONDS):
            raise TooManyLookups
        return None
    return public_record(certificate)
