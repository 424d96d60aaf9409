"""The pairing app's part of the demo: households, pairings, incomes and the 民情日志 on the real tree."""

from __future__ import annotations

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from skilled_township.accounts import audit
from skilled_township.core.signals import bulk_saved

from .models import Pairing, Visit, VisitAmendment

#: Months of visits before the current one.
VISIT_MONTHS = 3
CONTENTS = {
    Visit.Kind.VISIT: ("了解家庭收入和生产情况", "看望老人，了解身体和用药情况", "了解孩子上学情况"),
    Visit.Kind.TECHNICAL: ("指导柑桔春季修剪", "指导生猪防疫和圈舍消毒", "指导茶园施肥"),
    Visit.Kind.POLICY: ("宣讲产业奖补政策", "讲解医保和养老保险缴费", "宣传小额信贷政策"),
    Visit.Kind.MEDIATION: ("调解与邻居的宅基地纠纷", "调解家庭赡养矛盾"),
    Visit.Kind.PRACTICAL: ("帮助联系收购商卖出柑桔", "帮助办理残疾证", "帮助修通入户水管"),
}
PROBLEMS = ("", "销路不稳", "缺少劳动力", "缺资金购买种苗", "技术跟不上")
HELP = ("", "联系合作社收购", "申请小额信贷", "推荐参加技能培训", "协调农技站上门指导")


def seed(state: dict) -> None:
    seed_visits(state)


def seed_visits(state: dict) -> None:
    """Visits of every paired demo cadre over the last months: most confirmed by code, some by signature, some
    unconfirmed, a few amended; about one cadre in four below the norm last month. A pairing that already has
    visits is left as it is, so running the demo again adds nothing."""
    from skilled_township.accounts.models import User

    today = timezone.localdate()
    pairings = list(
        Pairing.objects.active()
        .filter(visits__isnull=True)
        .select_related("cadre__township", "household")
        .order_by("cadre__id_number", "household__id_number")
    )
    if not pairings:
        return
    by_cadre: dict[int, list[Pairing]] = {}
    for pairing in pairings:
        by_cadre.setdefault(pairing.cadre_id, []).append(pairing)
    accounts = {u.cadre_id: u for u in User.objects.filter(cadre_id__in=by_cadre)}
    secretaries = {u.scope_id: u for u in User.objects.filter(role="township_secretary").order_by("username")}
    fallback = User.objects.filter(role="org_admin").order_by("username").first()
    signature = _signature_png()
    visits: list[Visit] = []
    for index, cadre_pairings in enumerate(by_cadre.values()):
        cadre = cadre_pairings[0].cadre
        rng = random.Random(f"visits-{cadre.id_number}")
        recorder = accounts.get(cadre.pk) or secretaries.get(cadre.township_id) or fallback
        if recorder is None:
            continue
        behind = index % 4 == 1
        for back in range(VISIT_MONTHS, -1, -1):
            months = today.year * 12 + today.month - 1 - back
            first = datetime.date(months // 12, months % 12 + 1, 1)
            last = min(_month_end(first), today)
            days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
            wanted = rng.randint(3, 6) if behind and back == 1 else rng.randint(10, 14)
            for n, day in enumerate(sorted(rng.sample(days, min(wanted, len(days))))):
                pairing = cadre_pairings[n % len(cadre_pairings)]
                if day < pairing.started_on:
                    continue
                visits.append(_visit(rng, pairing, day, recorder, today))
    with transaction.atomic():
        for visit in visits:
            if visit.confirmation == Visit.Confirmation.SIGNATURE:
                visit.signature.save("signature.png", ContentFile(signature), save=False)
        Visit.objects.bulk_create(visits)
        bulk_saved.send(sender=Visit, created=[(visit, audit.diff(None, visit)) for visit in visits])
        amended = [v for v in visits if v.is_confirmed and v.kind == Visit.Kind.POLICY][::7]
        for visit in amended:
            old = visit.content
            visit.content = f"{old}，并登记了补贴申请"
            visit.save(update_fields=["content", "updated_at"])
            VisitAmendment.objects.create(
                visit=visit,
                amended_by=visit.recorded_by,
                reason="漏记了当天帮助登记补贴申请",
                changes={"content": [old, visit.content]},
            )
    state["report"].append(f"Visit logs: {len(visits)} new, {len(amended)} amended.")


def _visit(rng: random.Random, pairing: Pairing, day: datetime.date, recorder, today: datetime.date) -> Visit:
    kind = rng.choice(list(CONTENTS))
    roll = rng.random()
    # The last week's visits are often not yet confirmed.
    recent = (today - day).days < 7
    if roll < (0.45 if recent else 0.75):
        confirmation = Visit.Confirmation.CODE
    elif roll < (0.55 if recent else 0.9):
        confirmation = Visit.Confirmation.SIGNATURE
    else:
        confirmation = Visit.Confirmation.NONE
    confirmed_at = None
    if confirmation != Visit.Confirmation.NONE:
        confirmed_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, rng.randint(0, 59))))
    follow_up = day + datetime.timedelta(days=rng.choice((7, 14, 30))) if rng.random() < 0.3 else None
    return Visit(
        pairing=pairing,
        cadre=pairing.cadre,
        household=pairing.household,
        visited_on=day,
        kind=kind,
        content=rng.choice(CONTENTS[kind]),
        problems=rng.choice(PROBLEMS),
        help_given=rng.choice(HELP),
        follow_up_due=follow_up,
        confirmation=confirmation,
        confirmed_at=confirmed_at,
        recorded_by=recorder,
    )


def _month_end(first: datetime.date) -> datetime.date:
    return (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def _signature_png() -> bytes:
    from PIL import Image, ImageDraw

    canvas = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).line([(20, 80), (70, 30), (120, 90), (180, 40), (270, 70)], fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    canvas.save(out, "PNG")
    return out.getvalue()
