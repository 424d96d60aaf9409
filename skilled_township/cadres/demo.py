"""Demo roster: about fifteen cadres per demo pilot township, a tech deputy head and a first secretary each, a
few certificates, and three cadres' own accounts."""

import datetime
import random

from django.utils import timezone

from skilled_township.accounts.demo import DEMO_PASSWORD
from skilled_township.accounts.models import User
from skilled_township.core.resident_id import check_digit
from skilled_township.regions import codes
from skilled_township.regions.demo import CITY, PILOTS
from skilled_township.regions.models import Region

from .models import (
    SEED_TARGETS,
    Cadre,
    Education,
    EducationTarget,
    PoliticalStatus,
    Position,
    ReserveLevel,
    Secondment,
)
from .services import accounts

SURNAMES = "张王李刘陈杨黄赵吴周徐孙马朱胡郭何罗滕舒向蒲龙田"
GIVEN = [
    "建国",
    "志强",
    "海燕",
    "丽华",
    "明",
    "伟",
    "芳",
    "军",
    "秀英",
    "春梅",
    "永红",
    "德胜",
    "小兵",
    "玉兰",
    "国庆",
    "晓东",
    "红梅",
    "建军",
    "桂香",
    "文斌",
]
POSITIONS = (
    [Position.PARTY_SECRETARY, Position.MAYOR]
    + [Position.LEADERSHIP] * 4
    + [Position.STATION_HEAD] * 2
    + [Position.STAFF] * 5
    + [Position.VILLAGE_SECRETARY, Position.COLLEGE_GRADUATE]
    + [Position.VILLAGE_CADRE] * 2
)
#: Reserves, by index in POSITIONS: three township reserves among the township's cadres, the village cadres for
#: the village posts.
RESERVES = {
    6: ReserveLevel.TOWNSHIP,
    9: ReserveLevel.TOWNSHIP,
    11: ReserveLevel.TOWNSHIP,
    15: ReserveLevel.VILLAGE,
    16: ReserveLevel.VILLAGE,
}
EDUCATION = [
    Education.BACHELOR,
    Education.JUNIOR_COLLEGE,
    Education.JUNIOR_COLLEGE,
    Education.BACHELOR,
    Education.SENIOR_HIGH,
    Education.POSTGRADUATE,
]


def _resident_id(rng: random.Random, area: str, male: bool) -> str:
    born = datetime.date(rng.randint(1968, 1998), rng.randint(1, 12), rng.randint(1, 28))
    sequence = rng.randint(0, 498) // 2 * 2 + (1 if male else 0)
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def seed(state: dict) -> None:
    today = timezone.localdate()
    created = 0
    for code, *_rest in PILOTS:
        township = state["regions"][code]
        rng = random.Random(f"cadres-{code}")
        for index, position in enumerate(POSITIONS):
            male = rng.random() < 0.7
            id_number = _resident_id(rng, codes.county_prefix_of(code), male)
            _cadre, was_created = Cadre.objects.get_or_create(
                id_number=id_number,
                defaults={
                    "township": township,
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "mobile": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                    "position": position,
                    "education": rng.choice(EDUCATION),
                    "political_status": PoliticalStatus.PARTY_MEMBER if index < 10 else PoliticalStatus.MASSES,
                    "reserve_level": RESERVES.get(index, ReserveLevel.NONE),
                },
            )
            created += was_created
        deputy_id = _resident_id(rng, "431202", True)
        deputy, was_created = Cadre.objects.get_or_create(
            id_number=deputy_id,
            defaults={
                "township": township,
                "name": rng.choice(SURNAMES) + "科技",
                "mobile": "13907450000",
                "position": Position.TECH_DEPUTY,
                "education": Education.POSTGRADUATE,
            },
        )
        if was_created:
            Secondment.objects.create(
                cadre=deputy,
                kind=Secondment.Kind.TECH_DEPUTY,
                sending_unit="怀化职业技术学院",
                start_date=datetime.date(today.year - 1, 3, 1),
                team_members="农艺师 刘红\n畜牧兽医 蒋涛",
            )
    city = state["regions"][CITY[0]]
    for group, (min_education, percent) in SEED_TARGETS.items():
        EducationTarget.objects.get_or_create(
            region=city,
            group=group,
            year=today.year,
            defaults={"min_education": min_education, "target_percent": percent},
        )
    seed_first_secretaries(state)
    state["report"].append(f"Cadres: {Cadre.objects.count()} on the demo rosters ({created} new).")
    seed_cadre_accounts(state)


def seed_first_secretaries(state: dict) -> None:
    """A first secretary (第一书记) in one village of each demo pilot township, sent eleven months ago: their
    one-year terms end within 60 days, so the home page and the secondment list have one to flag."""
    today = timezone.localdate()
    for code, *_rest in PILOTS:
        township = state["regions"][code]
        village = Region.objects.villages().filter(parent=township).order_by("code").first()
        if village is None:
            continue
        rng = random.Random(f"first-secretary-{code}")
        secretary, was_created = Cadre.objects.get_or_create(
            id_number=_resident_id(rng, "431202", rng.random() < 0.6),
            defaults={
                "township": township,
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "mobile": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                "position": Position.FIRST_SECRETARY,
                "education": Education.BACHELOR,
            },
        )
        if was_created:
            Secondment.objects.create(
                cadre=secretary,
                kind=Secondment.Kind.FIRST_SECRETARY,
                village=village,
                sending_unit="怀化市农业农村局",
                start_date=today - datetime.timedelta(days=320),
            )


#: Demo cadres' own accounts: (username, pilot township slug, which in-post cadre of its roster, first = 0).
#: Real ones are opened from the roster (开通干部账号) with one-time passwords; these keep the demo password.
CADRE_ACCOUNTS = [("cadre_gaocun", "gaocun", 0), ("cadre_gaocun2", "gaocun", 1), ("cadre_zhijiang", "zhijiang", 0)]


def seed_cadre_accounts(state: dict) -> None:
    townships = {slug: state["regions"][code] for code, *_rest, slug in PILOTS}
    rows = []
    for username, slug, index in CADRE_ACCOUNTS:
        account = User.objects.filter(username=username).select_related("cadre").first()
        if account is None:
            roster = Cadre.objects.filter(township=townships[slug]).in_post().exclude(position=Position.TECH_DEPUTY)
            cadre = roster.order_by("id")[index]
            if User.objects.filter(cadre=cadre).exists():
                continue  # somebody opened this cadre's account from the roster already
            accounts.create_cadre_account(cadre, username=username, password=DEMO_PASSWORD, must_change_password=False)
            account = User.objects.select_related("cadre").get(username=username)
        rows.append(f"  {username:<22} 干部     {townships[slug]} {account.cadre.name}")
    state["report"].append(f"Cadre accounts (password {DEMO_PASSWORD}):")
    state["report"].extend(rows)
