"""The household confirms a visit (seed 002: 联系对象签字), in one of two ways and never by the cadre alone.

* A short numeric code sent to the household's registered phone (``sms``): whoever holds that phone reads it
  back and it is entered on the visit's page. Only its digest is stored; it expires after
  ``VisitCode.VALID_MINUTES``, takes ``VisitCode.MAX_ATTEMPTS`` tries, and codes cannot be resent without limit.
* Offline, the head of the household signs on the cadre's phone: kept as an image and marked as the weaker kind.

A visit confirmed neither way counts as unconfirmed everywhere (``Visit.confirmation``).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from skilled_township.core import ratelimit

from ..models import Visit, VisitCode
from . import sms

CODE_DIGITS = 6
#: Codes one visit may be sent in ``RESEND_WINDOW`` seconds: enough for a missed message, not for a flood.
RESEND_LIMIT = 3
RESEND_WINDOW = 60 * 60
#: A drawn signature is small: a canvas of a phone's width.
MAX_SIGNATURE_BYTES = 512 * 1024
MAX_SIGNATURE_PIXELS = 4_000_000


def _digest(visit_id: int, code: str) -> str:
    return salted_hmac("pairing.visit-code", f"{visit_id}:{code}", algorithm="sha256").hexdigest()


def masked_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else phone


def can_send_code(visit: Visit) -> bool:
    return not visit.is_confirmed and bool(visit.household.phone) and visit.household.phone != visit.cadre.mobile


def send_code(visit: Visit, *, by) -> VisitCode:
    """Send a fresh code to the household's registered phone; earlier codes of the visit stop working."""
    if visit.is_confirmed:
        raise ValidationError(_("这篇民情日志已经确认，无需再发送验证码。"), code="confirmed")
    phone = visit.household.phone
    if not phone:
        raise ValidationError(_("该农户没有登记联系电话，请让户主手写签名确认。"), code="no_phone")
    if phone == visit.cadre.mobile:
        # The code would reach the cadre themselves: that is no confirmation by the household.
        raise ValidationError(
            _("农户登记的联系电话就是结对干部本人的手机号码，不能用验证码确认，请先更正农户的联系电话。"),
            code="own_phone",
        )
    if not ratelimit.attempt("visit-code", str(visit.pk), limit=RESEND_LIMIT, window=RESEND_WINDOW):
        raise ValidationError(
            _("验证码发送过于频繁，请 %(minutes)s 分钟后再试。") % {"minutes": RESEND_WINDOW // 60}, code="rate"
        )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        VisitCode.objects.filter(visit=visit, used_at__isnull=True).update(attempts=VisitCode.MAX_ATTEMPTS)
        sent = VisitCode.objects.create(visit=visit, code_hash=_digest(visit.pk, code), phone=phone)
        message = _(
            "【民情日志】%(cadre)s 于 %(date)s 到您家%(kind)s。"
            "如属实，请把验证码 %(code)s 告诉干部，%(minutes)s 分钟内有效。"
        ) % {
            "cadre": visit.cadre.name,
            "date": visit.visited_on.strftime("%Y-%m-%d"),
            "kind": visit.get_kind_display(),
            "code": code,
            "minutes": VisitCode.VALID_MINUTES,
        }
        sms.send(phone, message)
    return sent


def confirm_with_code(visit: Visit, code: str, *, by) -> Visit:
    """Confirm ``visit`` with the code its household received; every wrong try counts, also when it fails."""
    code = (code or "").strip()
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.is_confirmed:
            raise ValidationError(_("这篇民情日志已经确认。"), code="confirmed")
        latest = VisitCode.objects.select_for_update().filter(visit=visit).order_by("-sent_at", "-id").first()
        problem = _code_problem(latest)
        if problem is None:
            latest.attempts += 1
            matches = constant_time_compare(latest.code_hash, _digest(visit.pk, code))
            if matches:
                latest.used_at = timezone.now()
                visit.confirmation = Visit.Confirmation.CODE
                visit.confirmed_at = latest.used_at
                visit.save(update_fields=["confirmation", "confirmed_at", "updated_at"])
            latest.save(update_fields=["attempts", "used_at"])
            if not matches:
                left = VisitCode.MAX_ATTEMPTS - latest.attempts
                problem = (
                    _("验证码不正确，还可以再试 %(left)s 次。") % {"left": left}
                    if left > 0
                    else _("验证码不正确，尝试次数已用完，请重新发送验证码。")
                )
    if problem is not None:
        raise ValidationError(problem, code="code")
    return visit


def _code_problem(latest: VisitCode | None) -> str | None:
    if latest is None:
        return _("请先向农户发送验证码。")
    if latest.used_at is not None or latest.attempts >= VisitCode.MAX_ATTEMPTS:
        return _("验证码尝试次数已用完，请重新发送验证码。")
    if timezone.now() > latest.sent_at + datetime.timedelta(minutes=VisitCode.VALID_MINUTES):
        return _("验证码已过期（%(minutes)s 分钟内有效），请重新发送。") % {"minutes": VisitCode.VALID_MINUTES}
    return None


def signature_image(data_url: str) -> ContentFile:
    """A signature drawn on the page (``data:image/png;base64,…``), checked and re-encoded as a PNG."""
    from PIL import Image, UnidentifiedImageError

    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise ValidationError(_("请户主在签名框内签名。"), code="empty")
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError(_("签名图片无法识别，请重新签名。"), code="type") from None
    if len(raw) > MAX_SIGNATURE_BYTES:
        raise ValidationError(_("签名图片过大。"), code="size")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG":
                raise ValidationError(_("签名图片无法识别，请重新签名。"), code="type")
            width, height = image.size
            if width * height > MAX_SIGNATURE_PIXELS:
                raise ValidationError(_("签名图片过大。"), code="pixels")
            drawn = image.convert("RGBA")
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("签名图片无法识别，请重新签名。"), code="type") from None
    # Strokes are opaque on a transparent canvas: nothing opaque, nothing signed.
    if drawn.getchannel("A").getbbox() is None:
        raise ValidationError(_("请户主在签名框内签名。"), code="empty")
    out = io.BytesIO()
    drawn.save(out, "PNG", optimize=True)
    return ContentFile(out.getvalue(), name="signature.png")


def confirm_with_signature(visit: Visit, data_url: str, *, by) -> Visit:
    """Confirm ``visit`` by the head's signature drawn on the cadre's phone: the weaker kind."""
    content = signature_image(data_url)
    with transaction.atomic():
        visit = Visit.objects.select_for_update().get(pk=visit.pk)
        if visit.is_confirmed:
            raise ValidationError(_("这篇民情日志已经确认。"), code="confirmed")
        visit.signature.save(content.name, content, save=False)  # through the storage API
        visit.confirmation = Visit.Confirmation.SIGNATURE
        visit.confirmed_at = timezone.now()
        visit.save(update_fields=["signature", "confirmation", "confirmed_at", "updated_at"])
    return visit
