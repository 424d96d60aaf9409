"""Demo appraisals and certificates for the demo pilot townships, recorded through the appraisal rules (JN numbers
from the sequence): most cadres pass one appraisal, a few fail one, a few certificates are revoked with a reason
and a few old paper certificates have expired; one cadre in six still holds none (the compliance page and the home
page's notice have someone to show). The demo cadre accounts (``cadres.demo.CADRE_ACCOUNTS``) each hold a valid
certificate, and several cadres of each township are certified in its lead industry (高村镇: citrus), so that
public requests for it are routed to them.

Then the public side: every demo township's in-post cadres get a public listing (every third publishes a phone,
with the date of consent) and six service requests, one in each state (queued, assigned, overdue, closed and
rated with its service-ledger entry, cancelled).

Deterministic (seeded per township) and idempotent: a township whose cadres have appraisals is left as it is.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from skilled_township.accounts.models import User
from skilled_township.cadres.models import Cadre
from skilled_township.regions.demo import PILOTS
from skilled_township.regions.models import Region
from skilled_township.skills.models import Skill

from .models import (
    READABLE_ALPHABET,
    Appraisal,
    Certificate,
    CertificateLevel,
    PublicProfile,
    ServiceRecord,
    ServiceRequest,
)
from .services import issuing

#: Each demo township's lead-industry skills (catalogue codes): 高村镇 citrus and navel oranges, and so on.
INDUSTRY_SKILLS = {
    "gaocun": ("JJ02", "JJ03"),
    "zhijiang": ("JJ15", "JJ14"),
    "qinglang": ("JJ17", "JJ16"),
    "guanzhuang": ("JJ05",),
    "qiancheng": ("JJ04",),
}
REVOCATION_REASONS = ["鉴定材料与本人实际操作不符", "冒名顶替参加鉴定", "发证信息录入错误，已重新鉴定发证"]
#: Cadres by their place in the township's roster (by id): without a certificate, with one revoked, with an
#: expired paper certificate beside their current one, with a failed appraisal before passing.
UNCERTIFIED, REVOKED, EXPIRED, FAILED_FIRST = 5, 2, 3, 1


def seed(state: dict) -> None:
    appraiser = User.objects.get(username="hr_appraiser")
    skills = list(Skill.objects.filter(is_active=True).order_by("code"))
    by_code = {skill.code: skill for skill in skills}
    today = timezone.localdate()
    for code, *_rest, slug in PILOTS:
        township = state["regions"][code]
        roster = list(Cadre.objects.filter(township=township).in_post().order_by("id"))
        if Appraisal.objects.filter(cadre__township=township).exists():
            continue
        industry = [by_code[c] for c in INDUSTRY_SKILLS.get(slug, ()) if c in by_code] or skills[:1]
        rng = random.Random(f"appraisals-{code}")
        for index, cadre in enumerate(roster):
            # Drawn for every cadre, so that the sequence (and so the demo) is the same on every run.
            own = industry[index % len(industry)] if index % 3 == 0 else rng.choice(skills)
            level = rng.choice(CertificateLevel.values[:3])  # levels 5, 4 and 3
            day = today - datetime.timedelta(days=rng.randint(20, 600))
            method = rng.choice(list(Appraisal.Method))
            theory, practice = Decimal(rng.randint(60, 98)), Decimal(rng.randint(60, 98))
            lasts = rng.random() < 0.5
            if index % 6 == UNCERTIFIED:
                _appraise(cadre, own, day, method, "failed", level, Decimal(52), Decimal(55), appraiser)
                continue
            if index % 6 == FAILED_FIRST:
                earlier = day - datetime.timedelta(days=90)
                _appraise(cadre, own, earlier, method, "failed", level, Decimal(48), Decimal(57), appraiser)
            expires = day.replace(year=day.year + 3) if lasts else None
            _appraise(cadre, own, day, method, "passed", level, theory, practice, appraiser, expires)
            if index % 6 == REVOKED:
                revoked = _appraise(
                    cadre, rng.choice(skills), day, method, "passed", 5, theory, practice, appraiser
                ).certificate
                issuing.revoke(revoked, reason=REVOCATION_REASONS[index % len(REVOCATION_REASONS)], by=appraiser)
            if index % 6 == EXPIRED:
                issued = datetime.date(today.year - 6, 4, 1)
                issuing.register_paper_certificate(
                    cadre=cadre,
                    skill=own,
                    level=5,
                    number=f"湘人社{code[4:9]}{index:04d}",
                    issued_on=issued,
                    expires_on=issued.replace(year=issued.year + 4),
                )
    state["report"].append(
        f"Appraisals: {Appraisal.objects.count()}; certificates: "
        f"{Appraisal.objects.filter(result='passed').count()} issued by appraisal, numbered JN-<year>-<6 digits>."
    )
    seed_service_requests(state)


def _appraise(cadre, skill, day, method, result, level, theory, practice, appraiser, expires=None):
    return issuing.record_appraisal(
        cadre=cadre,
        skill=skill,
        appraised_on=day,
        method=method,
        theory_score=theory,
        practice_score=practice,
        result=result,
        level=level,
        by=appraiser,
        expires_on=expires,
    )


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
