"""Demo certificates: about one cadre in four of each demo pilot township holds one."""

import datetime
import random

from django.utils import timezone

from skilled_township.cadres.models import Cadre, Position
from skilled_township.regions import codes
from skilled_township.regions.demo import PILOTS
from skilled_township.regions.models import Region
from skilled_township.skills.models import Skill

from .models import (
    READABLE_ALPHABET,
    Certificate,
    CertificateLevel,
    PublicProfile,
    ServiceRecord,
    ServiceRequest,
)


def seed(state: dict) -> None:
    today = timezone.localdate()
    skills = list(Skill.objects.filter(is_active=True).order_by("code"))
    for code, *_rest in PILOTS:
        rng = random.Random(f"certificates-{code}")
        cadres = Cadre.objects.filter(township=state["regions"][code]).exclude(position=Position.TECH_DEPUTY)
        for index, cadre in enumerate(cadres.order_by("id")):
            # Drawn for every cadre, so that the random sequence (and so the demo) is the same on every run.
            skill, level, age = rng.choice(skills), rng.choice(CertificateLevel.values), rng.randint(30, 700)
            if index % 4 == 1:
                Certificate.objects.get_or_create(
                    number=f"{codes.county_prefix_of(code)}-{index:04d}",
                    defaults={
                        "cadre": cadre,
                        "skill": skill,
                        "level": level,
                        "issued_on": today - datetime.timedelta(days=age),
                    },
                )
    state["report"].append(f"Certificates: {Certificate.objects.count()} on the demo rosters.")
    seed_service_requests(state)


#: Duties the demo cadres list publicly, in turn.
DEMO_DUTIES = [
    "产业技术上门指导",
    "矛盾纠纷调解、法律咨询",
    "农村电商开店、直播带货指导",
    "惠民政策解读、代办服务",
    "病虫害防治、科学用药",
]
#: The demo's requests in each pilot township: (state, days since filed, requester, what they ask).
DEMO_REQUESTS = [
    ("assigned", 1, "向桂花", "果树叶子发黄卷边，想请懂行的干部来看看。"),
    ("assigned", 5, "舒老伯", "家里的鸭苗这两天不爱吃食，请上门看一下。"),
    ("closed", 12, "杨大姐", "想学网上开店卖土特产，不会操作。"),
    ("closed", 20, "滕师傅", "邻里为宅基地边界有争议，请帮忙调解。"),
    ("cancelled", 8, "龙阿婆", "想咨询新农合报销，后来已自己办好。"),
    ("queued", 2, "姚大哥", "想申请小额贴息贷款，不清楚流程。"),
]


def _demo_code(township_code: str, index: int) -> str:
    rng = random.Random(f"service-request-{township_code}-{index}")
    return "".join(rng.choice(READABLE_ALPHABET) for _ in range(10))


def seed_service_requests(state: dict) -> None:
    """Public listings for the demo townships' cadres (every third publishes a phone, with consent) and requests
    in every state: queued, assigned, assigned and overdue, closed and rated (with their service records),
    cancelled. Those that a cadre holds go to a cadre certified in the skill, else to the cadre of the demo
    account; the queued one asks for a skill nobody of the township is certified in."""
    from skilled_township.accounts.models import User

    from .services import requests

    today = timezone.localdate()
    now = timezone.now()
    own = {account.scope_id: account.cadre for account in User.objects.filter(role="cadre").select_related("cadre")}
    skills = list(Skill.objects.filter(is_active=True).order_by("code"))
    for code, *_rest in PILOTS:
        township = state["regions"][code]
        roster = list(Cadre.objects.filter(township=township).in_post().order_by("id"))
        for index, cadre in enumerate(roster):
            if PublicProfile.objects.filter(cadre=cadre).exists():
                continue
            published = index % 3 == 0
            PublicProfile.objects.create(
                cadre=cadre,
                duties=DEMO_DUTIES[index % len(DEMO_DUTIES)],
                public_phone=cadre.mobile if published else "",
                phone_consent_on=today - datetime.timedelta(days=30 + index) if published else None,
            )
        if not roster:
            continue
        certified = set(
            Certificate.objects.valid().filter(cadre__in=roster).values_list("skill_id", flat=True).distinct()
        )
        held = [skill for skill in skills if skill.pk in certified] or skills
        missing = [skill for skill in skills if skill.pk not in certified] or skills
        villages = list(Region.objects.villages().filter(parent=township).order_by("code")[:5])
        for index, (status, age, name, description) in enumerate(DEMO_REQUESTS):
            request_code = _demo_code(code, index)
            if ServiceRequest.objects.filter(code=request_code).exists():
                continue
            skill = (missing if status == "queued" else held)[index % len(missing if status == "queued" else held)]
            routing = requests.route(township, skill)
            cadre = routing.cadre
            note = routing.note
            if status != "queued" and cadre is None:
                cadre = own.get(township.pk, roster[0])
                note = f"人工分派给{cadre.name}：本乡镇暂无持证干部，安排熟悉情况的干部"
            filed_at = now - datetime.timedelta(days=age, hours=index)
            request = ServiceRequest.objects.create(
                code=request_code,
                township=township,
                village=villages[index % len(villages)] if villages else None,
                requester_name=name,
                requester_phone=f"139{int(code[4:9]) % 10000:04d}{index:04d}",
                skill=skill,
                description=description,
                status="assigned" if status in ("closed", "cancelled") else status,
                cadre=None if status == "queued" else cadre,
                assigned_at=None if status == "queued" else filed_at + datetime.timedelta(minutes=1),
                routing_note=note,
            )
            if status == "closed":
                served_on = (filed_at + datetime.timedelta(days=2)).date()
                ServiceRecord.objects.create(
                    cadre=cadre,
                    skill=skill,
                    certificate=requests.certificate_for(cadre, skill, served_on),
                    request=request,
                    served_on=served_on,
                    village=request.village,
                    recipient=name,
                    content=f"上门了解情况：{description}",
                    outcome="已现场指导解决，群众满意。",
                )
                request.status, request.closed_at = "closed", filed_at + datetime.timedelta(days=2)
                request.rating, request.rating_comment = 5 - index % 2, "来得及时，讲得明白。"
                request.rated_at = request.closed_at + datetime.timedelta(hours=3)
                request.save()
            elif status == "cancelled":
                request.status, request.routing_note = "cancelled", "已撤销：群众已自行解决"
                request.save()
            ServiceRequest.objects.filter(pk=request.pk).update(created_at=filed_at)
    state["report"].append(
        f"Service requests: {ServiceRequest.objects.count()}, service records: {ServiceRecord.objects.count()}, "
        f"public listings: {PublicProfile.objects.count()}."
    )
