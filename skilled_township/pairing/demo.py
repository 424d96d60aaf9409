"""Demo households of the pilot townships: about six for each demo cadre (the pairings are made by the pairing
part of the demo, from ``demo_households``), with their members, the members' skills over two years and the
households' incomes of the last two years around their village's line, several far below it (at risk).

Then the pairings: every demo household paired with a cadre of its township (about six households a cadre, the
demo cadres' accounts first), a couple of handovers with their history, and one cadre who has left the post
with pairings awaiting handover. Deterministic and idempotent: a township that has pairings is left as it is.

Then the 民情日志 of the last months: most visits confirmed by a code, some by a signature, some unconfirmed, a
few amended, and one paired cadre in four below the village-days norm last month."""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from skilled_township.accounts import audit
from skilled_township.cadres.demo import CADRE_ACCOUNTS
from skilled_township.cadres.models import Cadre, Position
from skilled_township.core.resident_id import check_digit
from skilled_township.core.signals import bulk_saved
from skilled_township.regions import codes
from skilled_township.regions.demo import INCOME_YEARS, PILOTS
from skilled_township.regions.models import Region, VillageIncome
from skilled_township.skills.models import Skill

from .models import Household, HouseholdIncome, Member, MemberSkill, Pairing, Visit, VisitAmendment
from .services import pairings as pairing_rules

#: Households registered for each in-post cadre of a demo township (tech deputy heads excepted).
HOUSEHOLDS_PER_CADRE = 6
SURNAMES = "张王李刘陈杨黄赵吴周龙田滕舒向蒲杨姚"
GIVEN = ["德华", "长生", "福贵", "桂英", "水生", "金花", "老四", "顺平", "玉梅", "光明", "满仓", "秀兰", "春生", "发财"]
CHILDREN = ["小军", "小芳", "建", "丽", "勇", "婷", "涛", "燕"]
INDUSTRIES = {
    "431226106000": ["柑桔", "柑桔", "水稻", "生猪"],
    "431228100000": ["芷江鸭", "芷江鸭", "水稻", "务工"],
    "431225212000": ["网箱养鱼", "茶油", "务工", "水稻"],
    "431222114000": ["茶叶", "茶叶", "务工", "生猪"],
    "431281101000": ["葡萄", "葡萄", "水稻", "务工"],
}


def pairing_cadres(township: Region):
    """The cadres of a demo township who each get ``HOUSEHOLDS_PER_CADRE`` households, in roster order."""
    return Cadre.objects.filter(township=township).in_post().exclude(position=Position.TECH_DEPUTY).order_by("id")


def demo_households(township: Region) -> dict[Cadre, list[Household]]:
    """Which demo households go with which demo cadre: the n-th cadre of ``pairing_cadres`` the n-th six."""
    households = list(Household.objects.filter(village__parent=township).order_by("id"))
    step = HOUSEHOLDS_PER_CADRE
    return {cadre: households[n * step : (n + 1) * step] for n, cadre in enumerate(pairing_cadres(township))}


def _resident_id(rng: random.Random, area: str, born_from: int, born_to: int, male: bool) -> str:
    born = datetime.date(rng.randint(born_from, born_to), rng.randint(1, 12), rng.randint(1, 28))
    sequence = rng.randint(0, 498) // 2 * 2 + (1 if male else 0)
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def seed(state: dict) -> None:
    skills = list(Skill.objects.filter(code__startswith="JJ").order_by("code")) or list(Skill.objects.order_by("code"))
    made = 0
    for code, *_rest in PILOTS:
        made += seed_township(state["regions"][code], skills)
    state["report"].append(f"Households: {Household.objects.count()} in the demo townships ({made} new).")
    seed_pairings(state)
    seed_visits(state)


@transaction.atomic
def seed_township(township: Region, skills: list[Skill]) -> int:
    """The township's demo households, members, skills and incomes; nothing if it has households already."""
    if Household.objects.filter(village__parent=township).exists():
        return 0
    villages = [v for v in Region.objects.villages().filter(parent=township).order_by("code")]
    villages = [v for v in villages if codes.is_villagers_committee(v.code)][:8] or villages[:8]
    if not villages:
        return 0
    lines = {
        (line.village_id, line.year): line.per_capita_net_income
        for line in VillageIncome.objects.filter(village__in=villages, year__in=INCOME_YEARS)
    }
    rng = random.Random(f"households-{township.code}")
    area = codes.county_prefix_of(township.code)
    count = pairing_cadres(township).count() * HOUSEHOLDS_PER_CADRE
    taken = set(Household.objects.values_list("id_number", flat=True))
    households, plans = [], []
    for index in range(count):
        village = villages[index % len(villages)]
        while (id_number := _resident_id(rng, area, 1955, 1985, rng.random() < 0.85)) in taken:
            pass
        taken.add(id_number)
        size = rng.randint(2, 6)
        labour = rng.randint(1, min(size, 4))
        poor = rng.random() < 0.6
        households.append(
            Household(
                village=village,
                head_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                id_number=id_number,
                phone=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}" if rng.random() < 0.85 else "",
                members=size,
                labour_members=labour,
                registered_poor=poor,
                registered_poor_year=rng.choice([2014, 2015, 2016]) if poor else None,
                main_industry=rng.choice(INDUSTRIES.get(township.code, ["水稻"])),
            )
        )
        # Every eighth household is far below its village's line (at risk); the rest around it.
        plans.append((size, labour, index % 8 == 3))
    Household.objects.bulk_create(households)
    members, incomes = [], []
    for household, (size, labour, at_risk) in zip(households, plans, strict=True):
        surname = household.head_name[0]
        people = [Member(household=household, name=household.head_name, relation="户主", birth_year=1970)]
        for n in range(1, size):
            relation = "配偶" if n == 1 else "子女"
            name = (rng.choice(SURNAMES) + rng.choice(GIVEN)) if n == 1 else surname + rng.choice(CHILDREN)
            born = rng.randint(1958, 1980) if n == 1 else rng.randint(1990, 2018)
            people.append(Member(household=household, name=name, relation=relation, birth_year=born))
        for n, person in enumerate(people):
            person.labour_capable = n < labour
        members.extend(people)
        for year in INCOME_YEARS:
            line = lines.get((household.village_id, year))
            if line is None:
                continue
            factor = Decimal(rng.randint(50, 68) if at_risk else rng.randint(82, 125)) / 100
            incomes.append(
                HouseholdIncome(
                    household=household,
                    year=year,
                    per_capita_net_income=(line * factor).quantize(Decimal("1")),
                    source="入户核算",
                )
            )
    Member.objects.bulk_create(members)
    member_skills = []
    first, second = INCOME_YEARS[0], INCOME_YEARS[-1]
    for member in members:
        if not member.labour_capable or not skills:
            continue
        draw = rng.random()
        if draw < 0.45:  # mastered in the first year, a second skill for some the next year
            member_skills.append(MemberSkill(member=member, year=first, skill=rng.choice(skills)))
            if rng.random() < 0.3:
                member_skills.append(MemberSkill(member=member, year=second, skill=rng.choice(skills)))
        elif draw < 0.75:  # learnt in the second year
            member_skills.append(MemberSkill(member=member, year=second, skill=rng.choice(skills)))
    MemberSkill.objects.bulk_create(member_skills, ignore_conflicts=True)
    HouseholdIncome.objects.bulk_create(incomes)
    for model, rows in ((Household, households), (Member, members), (HouseholdIncome, incomes)):
        bulk_saved.send(sender=model, created=[(row, audit.diff(None, row)) for row in rows], changed=[])
    return len(households)


#: Households a demo cadre is paired with.
PER_CADRE = 6
#: The roster position (in-post cadres by id, as the demo accounts count them) of the cadres whose first two
#: households are handed over to the next one, and of the cadre who leaves the post.
HANDING_OVER, LEAVING = 2, 4
GOALS = [
    "发展柑桔种植，两年内人均纯收入达到本村平均水平。",
    "帮助一名劳动力转移就业，参加一次技能培训。",
    "发展生猪养殖，落实产业帮扶资金。",
    "改善住房条件，家庭成员掌握一门致富技能。",
]


def seed_pairings(state: dict) -> None:
    """Pair the pilot townships' households; runs after the households are loaded."""
    regions = state.get("regions", {})
    townships = [regions[code] for code, *_rest in PILOTS if code in regions]
    with_accounts = {regions[code].pk for code, *_rest, slug in PILOTS if code in regions and slug in _account_slugs()}
    paired, handed = pair_households(townships, keep_in_post=with_accounts)
    if paired:
        state["report"].append(f"Pairings: {paired} households paired, {handed} handed over.")


def _account_slugs() -> set[str]:
    return {slug for _user, slug, index in CADRE_ACCOUNTS if index >= LEAVING}


def pair_households(townships, keep_in_post=frozenset()) -> tuple[int, int]:
    """Pair every household of ``townships`` (those without pairings yet) and make the handovers; returns how
    many were paired and handed over. ``keep_in_post``: townships whose cadre at ``LEAVING`` has a demo account."""
    today = timezone.localdate()
    left_done = Cadre.objects.filter(status=Cadre.Status.LEFT, pairings__ended_on__isnull=True).exists()
    paired = handed = 0
    for township in townships:
        households = list(Household.objects.filter(village__parent=township).order_by("id"))
        if not households or Pairing.objects.filter(household__village__parent=township).exists():
            continue
        roster = Cadre.objects.filter(township=township).in_post().exclude(position=Position.TECH_DEPUTY)
        cadres = list(roster.order_by("id"))
        if not cadres:
            continue
        for index, household in enumerate(households):
            cadre = cadres[(index // PER_CADRE) % len(cadres)]
            rng = random.Random(f"pairing-{household.id_number}")
            started = today - datetime.timedelta(days=rng.randint(300, 700))
            pairing_rules.pair(household, cadre, started_on=started, goals=rng.choice(GOALS))
            paired += 1
        # Handovers with history: a cadre's first two households go to the next cadre.
        if len(cadres) > HANDING_OVER + 1:
            moving = list(Pairing.objects.active().filter(cadre=cadres[HANDING_OVER]).order_by("id")[:2])
            if moving:
                on = min(max(p.started_on for p in moving) + datetime.timedelta(days=90), today)
                pairing_rules.handover(moving, to=cadres[HANDING_OVER + 1], on=on)
                handed += len(moving)
        # One cadre leaves the post with their households still to hand over (the first township that can).
        if not left_done and len(cadres) > LEAVING and township.pk not in keep_in_post:
            leaving = cadres[LEAVING]
            if Pairing.objects.active().filter(cadre=leaving).exists():
                leaving.status, leaving.left_on = Cadre.Status.LEFT, today - datetime.timedelta(days=7)
                leaving.save()
                left_done = True
    return paired, handed


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
