"""Service cards (便民服务卡): the printed card a household keeps, "一个电话，上门服务".

A card carries the township, the cadre's name and duties, their skills with the level of their best valid
certificate in each, the phone number they agreed to publish (none otherwise: never the roster's mobile), and
one QR code that opens the public verification page of their best certificate (highest level, then the most
recently issued): a card is a sixth of an A4 sheet, too small for several codes that a phone still reads at a
glance, and one code already shows the holder's name, masked ID and certificate as the issuing body recorded them.

Only cadres in post with at least one valid certificate get a card; the others are listed with the reason.
Cards are printed six to an A4 page (2 × 3, cut along the dashed lines): a township's batch one card per cadre,
a cadre's own sheet six copies of their card to hand out.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.cadres.models import Cadre
from skilled_township.core import generators
from skilled_township.core.models import GeneratedFile
from skilled_township.core.pdf import render_pdf
from skilled_township.core.services import request_file
from skilled_township.regions.models import Region

from ..models import Certificate, PublicProfile
from .verification import grouped, site_root, verification_url

CARDS_PER_PAGE = 6
BATCH_KIND = "certification_cards_pdf"


@dataclass(frozen=True)
class SkillLine:
    skill: str
    level_label: str


@dataclass
class Card:
    cadre: Cadre
    township: str
    duties: str
    phone: str
    skills: list[SkillLine]
    certificate: Certificate
    verify_url: str = ""
    verify_code: str = ""
    qr_svg: str = ""


@dataclass
class CardRun:
    """Who gets a card in a township, and who is left out and why."""

    township: Region
    cards: list[Card] = field(default_factory=list)
    #: (cadre, reason) of the township's cadres who get no card.
    left_out: list[tuple[Cadre, str]] = field(default_factory=list)

    def reasons(self) -> list[tuple[str, int]]:
        """Each reason and how many cadres it leaves out."""
        counts: dict[str, int] = defaultdict(int)
        for _cadre, reason in self.left_out:
            counts[reason] += 1
        return sorted(counts.items(), key=lambda item: -item[1])


def _best(certificates: list[Certificate]) -> Certificate:
    """Highest level (1 is the highest), then the most recently issued, then the number."""
    return min(certificates, key=lambda c: (c.level, -c.issued_on.toordinal(), c.number))


def qr_svg(url: str) -> str:
    """``url`` as an inline SVG QR code (nothing fetched); medium error correction survives a worn card."""
    import segno

    return segno.make(url, error="m").svg_inline(scale=3, border=2, omitsize=True)


def cards_for(cadres: QuerySet[Cadre], root: str = "", day: datetime.date | None = None) -> tuple[list[Card], list]:
    """Cards of ``cadres`` (already read through ``visible_to``) and the (cadre, reason) of those left out;
    ``root``: the site's address the QR codes point to (``verification.site_root``)."""
    day = day or timezone.localdate()
    cadres = list(cadres.select_related("township").order_by("name", "id"))
    ids = [cadre.pk for cadre in cadres]
    valid: dict[int, list[Certificate]] = defaultdict(list)
    for certificate in Certificate.objects.valid(day).filter(cadre_id__in=ids).select_related("skill"):
        valid[certificate.cadre_id].append(certificate)
    held_any = set(Certificate.objects.filter(cadre_id__in=ids).values_list("cadre_id", flat=True))
    profiles = {profile.cadre_id: profile for profile in PublicProfile.objects.filter(cadre_id__in=ids)}

    cards, left_out = [], []
    for cadre in cadres:
        if cadre.status != Cadre.Status.IN_POST:
            left_out.append((cadre, _("不在岗（%(status)s）") % {"status": cadre.get_status_display()}))
            continue
        if not valid[cadre.pk]:
            reason = _("证书均已撤销或过期") if cadre.pk in held_any else _("尚无技能证书")
            left_out.append((cadre, reason))
            continue
        best_per_skill: dict[int, Certificate] = {}
        for certificate in valid[cadre.pk]:
            current = best_per_skill.get(certificate.skill_id)
            best_per_skill[certificate.skill_id] = certificate if current is None else _best([current, certificate])
        ordered = sorted(best_per_skill.values(), key=lambda c: (c.level, c.skill.code))
        profile = profiles.get(cadre.pk)
        phone = profile.public_phone if profile and profile.public_phone and profile.phone_consent_on else ""
        best = _best(ordered)
        url = verification_url(best, root)
        cards.append(
            Card(
                cadre=cadre,
                township=cadre.township.name,
                duties=profile.duties if profile else "",
                phone=phone,
                skills=[SkillLine(c.skill.name, str(c.get_level_display())) for c in ordered],
                certificate=best,
                verify_url=url,
                verify_code=grouped(best.verification_code),
            )
        )
    return cards, left_out


def township_run(township: Region, cadres: QuerySet[Cadre], root: str = "") -> CardRun:
    """The cards of a township's cadres (``cadres``: the user's ``visible_to``) and those left out."""
    cards, left_out = cards_for(cadres.filter(township=township), root)
    return CardRun(township=township, cards=cards, left_out=left_out)


def request_batch(township: Region, request) -> GeneratedFile:
    """Queue a township's batch for the requesting user: it takes seconds (about 0.4 s a page of six cards, 4 to
    12 s for 60 cadres on a busy server), so a worker renders it and the user follows it on the file's page."""
    return request_file(BATCH_KIND, {"township": township.pk, "root": site_root(request)}, by=request.user)


@generators.register(BATCH_KIND)
def township_batch_file(job, report_progress) -> tuple[str, bytes]:
    """The batch of ``job.params["township"]``, read as the user who asked for it."""
    user = job.requested_by
    township = Region.objects.visible_to(user).townships().get(pk=job.params["township"])
    run = township_run(township, Cadre.objects.visible_to(user), job.params.get("root", ""))
    report_progress(10)
    if not run.cards:
        raise ValueError(_("该乡镇没有在岗且持有效技能证书的干部，没有可打印的服务卡。"))
    content = township_batch(run)
    job.message = _("%(cards)s 张服务卡；%(left)s 名干部未制卡。") % {
        "cards": len(run.cards),
        "left": len(run.left_out),
    }
    return _("便民服务卡-%(township)s.pdf") % {"township": township.name}, content


def _pages(cards: list[Card]) -> list[list[Card]]:
    return [cards[i : i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]


def render_cards(cards: list[Card], title: str) -> bytes:
    """An A4 PDF, six cards a page with cut lines."""
    codes: dict[str, str] = {}
    for card in cards:
        if card.verify_url not in codes:
            codes[card.verify_url] = qr_svg(card.verify_url)
        card.qr_svg = codes[card.verify_url]
    return render_pdf("certifications/cards/sheet.html", {"pages": _pages(cards), "title": title})


def cadre_sheet(card: Card) -> bytes:
    """A cadre's own sheet: one A4 page of six copies of their card."""
    return render_cards([card] * CARDS_PER_PAGE, _("便民服务卡 %(name)s") % {"name": card.cadre.name})


def township_batch(run: CardRun) -> bytes:
    """A township's batch: one card per cadre who gets one, six a page."""
    return render_cards(run.cards, _("便民服务卡 %(township)s") % {"township": run.township.name})
