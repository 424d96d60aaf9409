"""Service requests (一个电话，上门服务): filing from the public page, routing to a certified cadre of the township,
the secretary's reassigning and cancelling, the cadre closing a request into the service ledger, and the
requester's tracking and rating.

Routing: among the township's in-post cadres holding a valid (not revoked, not expired) certificate in the
skill, the best level first (level 1 is the highest), then the fewest requests assigned to them and still open,
then the cadre entered in the roster first (the lowest roster number), so the same data always routes the same
way. When nobody qualifies the request waits in the secretary's queue. ``routing_note`` says which and why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.cadres.models import Cadre
from skilled_township.core.resident_id import normalise

from ..models import Certificate, CertificateLevel, ServiceRecord, ServiceRequest

#: Filing from one address / for one phone number: at most this many in the window.
FILINGS_PER_ADDRESS, FILINGS_PER_PHONE, FILING_WINDOW_SECONDS = 5, 3, 60 * 60
#: Looking a tracking code up (or rating) from one address.
LOOKUPS_PER_ADDRESS, LOOKUP_WINDOW_SECONDS = 20, 15 * 60


def valid_certificates(skill, day: datetime.date | None = None):
    return Certificate.objects.valid(day).filter(skill=skill)


def candidates(township, skill, day: datetime.date | None = None):
    """The township's in-post cadres with a valid certificate in ``skill``, in routing order, each annotated with
    ``level`` (their best) and ``open_requests`` (assigned to them, still open)."""
    best = valid_certificates(skill, day).filter(cadre=OuterRef("pk")).order_by("level").values("level")[:1]
    open_requests = (
        ServiceRequest.objects.filter(cadre=OuterRef("pk"), status=ServiceRequest.Status.ASSIGNED)
        .order_by()
        .values("cadre")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Cadre.objects.in_post()
        .filter(township=township, pk__in=valid_certificates(skill, day).values("cadre"))
        .annotate(
            level=Subquery(best, output_field=IntegerField()),
            open_requests=Coalesce(Subquery(open_requests, output_field=IntegerField()), 0),
        )
        .order_by("level", "open_requests", "pk")
    )


@dataclass(frozen=True)
class Routing:
    cadre: Cadre | None
    note: str


def route(township, skill, day: datetime.date | None = None) -> Routing:
    chosen = candidates(township, skill, day).first()
    if chosen is None:
        return Routing(None, _("本乡镇暂无持有“%(skill)s”有效证书的在岗干部，转乡镇填报员分派。") % {"skill": skill})
    note = _("自动分派：持“%(skill)s”%(level)s证书，当时在办请求 %(open)s 件。") % {
        "skill": skill,
        "level": CertificateLevel(chosen.level).label,
        "open": chosen.open_requests,
    }
    return Routing(chosen, note)


def normalise_phone(value: str) -> str:
    """A phone number as people type it: full-width digits folded, spaces and hyphens dropped."""
    return normalise(value or "").replace("-", "")


@transaction.atomic
def file_request(*, township, village, skill, name: str, phone: str, description: str) -> ServiceRequest:
    """Save a request from the public form and route it at once."""
    # One routing at a time per township, so that two requests filed together do not both go to the same
    # cadre on the strength of the same count of open requests.
    type(township).objects.select_for_update().filter(pk=township.pk).first()
    routing = route(township, skill)
    request = ServiceRequest(
        township=township,
        village=village,
        skill=skill,
        requester_name=name.strip(),
        requester_phone=normalise_phone(phone),
        description=description.strip(),
        routing_note=routing.note,
    )
    if routing.cadre is not None:
        request.cadre, request.status, request.assigned_at = (
            routing.cadre,
            ServiceRequest.Status.ASSIGNED,
            timezone.now(),
        )
    request.full_clean()
    request.save()
    return request


def reassign_choices(request: ServiceRequest, user):
    """Whom the secretary may give a request to: in-post cadres of the request's township in the user's scope,
    those certified in the skill first (in routing order), then the others by name."""
    return Cadre.objects.visible_to(user).in_post().filter(township_id=request.township_id).order_by("name", "pk")


def certified_levels(request: ServiceRequest) -> dict[int, int]:
    """Cadre id → best valid level in the request's skill, for the township's cadres."""
    rows = valid_certificates(request.skill).filter(cadre__township_id=request.township_id).best_levels()
    return {row["cadre_id"]: row["level"] for row in rows}


def _locked(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def reassign(request: ServiceRequest, cadre: Cadre, reason: str) -> ServiceRequest:
    request = _locked(request)
    if request.status not in (ServiceRequest.Status.QUEUED, ServiceRequest.Status.ASSIGNED):
        raise ValidationError(_("只有待分派或已分派的请求可以改派。"))
    if cadre.township_id != request.township_id or not cadre.is_in_post:
        raise ValidationError({"cadre": _("只能分派给本乡镇的在岗干部。")})
    if cadre.pk == request.cadre_id:
        raise ValidationError({"cadre": _("请求已由该干部承办。")})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写改派原因。")})
    request.cadre, request.status, request.assigned_at = cadre, ServiceRequest.Status.ASSIGNED, timezone.now()
    request.routing_note = (_("人工分派给%(name)s：%(reason)s") % {"name": cadre.name, "reason": reason})[:200]
    request.save()
    return request


@transaction.atomic
def cancel(request: ServiceRequest, reason: str) -> ServiceRequest:
    request = _locked(request)
    if request.status not in (ServiceRequest.Status.QUEUED, ServiceRequest.Status.ASSIGNED):
        raise ValidationError(_("只有待分派或已分派的请求可以撤销。"))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤销原因。")})
    request.status = ServiceRequest.Status.CANCELLED
    request.routing_note = (_("已撤销：%(reason)s") % {"reason": reason})[:200]
    request.save()
    return request


def certificate_for(cadre: Cadre, skill, day: datetime.date | None = None) -> Certificate | None:
    """The cadre's best valid certificate in ``skill`` on ``day`` (the one a service record cites)."""
    return valid_certificates(skill, day).filter(cadre=cadre).order_by("level", "-issued_on", "pk").first()


@transaction.atomic
def close(request: ServiceRequest, cadre: Cadre, *, served_on: datetime.date, content: str, outcome: str):
    """The cadre records the visit and its outcome: the request is closed and becomes a service record tied to
    the skill and to the cadre's valid certificate in it, both or neither."""
    request = _locked(request)
    if request.status != ServiceRequest.Status.ASSIGNED or request.cadre_id != cadre.pk:
        raise ValidationError(_("只有分派给您且尚未办结的请求可以办结。"))
    if served_on < timezone.localtime(request.created_at).date():
        raise ValidationError({"served_on": _("服务日期不能早于请求提交日期。")})
    record = ServiceRecord(
        cadre=cadre,
        skill=request.skill,
        certificate=certificate_for(cadre, request.skill, served_on),
        request=request,
        served_on=served_on,
        village=request.village,
        recipient=request.requester_name,
        content=content.strip(),
        outcome=outcome.strip(),
    )
    record.full_clean()
    record.save()
    request.status, request.closed_at = ServiceRequest.Status.CLOSED, timezone.now()
    request.save()
    return record


def find(code: str) -> ServiceRequest | None:
    """The request a tracking code names (typed in any case, spaces and full-width characters allowed)."""
    code = normalise(code)
    if not code or len(code) > 16:
        return None
    requests = ServiceRequest.objects.select_related("township__parent", "village", "skill", "cadre__public_profile")
    return requests.filter(code=code).first()


@transaction.atomic
def rate(request: ServiceRequest, rating: int, comment: str = "") -> ServiceRequest:
    """The requester's rating, once, after the request is closed."""
    request = _locked(request)
    if request.status != ServiceRequest.Status.CLOSED:
        raise ValidationError(_("请求办结后才能评价。"))
    if request.rating is not None:
        raise ValidationError(_("此请求已评价过，不能重复评价。"))
    request.rating, request.rating_comment, request.rated_at = rating, comment.strip(), timezone.now()
    request.full_clean()
    request.save()
    return request


def masked_name(name: str) -> str:
    """A requester's name as the tracking page shows it: the first character, the rest as ``*`` (张*, 欧阳**)."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def published_phone(cadre: Cadre | None) -> str:
    """The phone a cadre chose to publish (with consent), or nothing."""
    profile = getattr(cadre, "public_profile", None) if cadre is not None else None
    return profile.public_phone if profile is not None and profile.phone_consent_on else ""
