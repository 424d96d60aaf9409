"""Demo appraisals and certificates for the demo pilot townships, recorded through the appraisal rules (JN numbers
from the sequence): most cadres pass one appraisal, a few fail one, a few certificates are revoked with a reason
and a few old paper certificates have expired; one cadre in six still holds none (the compliance page and the home
page's notice have someone to show). The demo cadre accounts (``cadres.demo.CADRE_ACCOUNTS``) each hold a valid
certificate, and several cadres of each township are certified in its lead industry (高村镇: citrus), so that
public requests for it are routed to them.

Deterministic (seeded per township) and idempotent: a township whose cadres have appraisals is left as it is.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from skilled_township.accounts.models import User
from skilled_township.cadres.models import Cadre
from skilled_township.regions.demo import PILOTS
from skilled_township.skills.models import Skill

from .models import Appraisal, CertificateLevel
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
