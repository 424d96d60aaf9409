"""Small builders for test data: a region tree and users by role."""

from __future__ import annotations

from decimal import Decimal

from skilled_township.accounts.models import User
from skilled_township.regions.models import PilotTownship, Region, VillageIncome

PASSWORD = "Test-pass-2026"


def region(code: str, name: str, parent: Region | None = None) -> Region:
    return Region.objects.create(code=code, name=name, parent=parent)


def user(username: str, role: str = "", scope: Region | None = None, **extra) -> User:
    account = User(username=username, role=role, scope=scope, full_name=extra.pop("full_name", username), **extra)
    account.set_password(PASSWORD)
    account.save()
    return account


def cadre_user(username: str, cadre, **extra) -> User:
    """A cadre's own account (role 干部), scoped to their township."""
    return user(username, "cadre", cadre.township, cadre=cadre, full_name=extra.pop("full_name", cadre.name), **extra)


def pilot(township: Region, batch: int = 1, start_year: int = 2024, industry: str = "柑桔") -> PilotTownship:
    return PilotTownship.objects.create(township=township, batch=batch, start_year=start_year, lead_industry=industry)


def income(village: Region, year: int = 2025, amount: str = "12000") -> VillageIncome:
    return VillageIncome.objects.create(village=village, year=year, per_capita_net_income=Decimal(amount))


_id_sequence = iter(range(1, 10**6))


def resident_id(born: str = "19880512", male: bool = True, area: str = "431226") -> str:
    """A valid 18-digit resident ID (GB 11643 check digit) with a fresh sequence number."""
    from skilled_township.core.resident_id import check_digit

    seq = next(_id_sequence) % 500
    sequence = f"{seq * 2 + (1 if male else 0):03d}"
    first17 = f"{area}{born}{sequence}"
    return first17 + check_digit(first17)


def skill_category(code: str = "economy", name: str = "发展经济", order: int = 1):
    from skilled_township.skills.models import SkillCategory

    return SkillCategory.objects.get_or_create(code=code, defaults={"name": name, "order": order})[0]


def skill(code: str, name: str, category=None, **extra):
    from skilled_township.skills.models import Skill

    return Skill.objects.create(code=code, name=name, category=category or skill_category(), **extra)


def cadre(township: Region, name: str = "张三", **extra):
    from skilled_township.cadres.models import Cadre, Education, Position

    male = extra.pop("male", True)
    id_number = extra.pop("id_number", None) or resident_id(male=male)

    defaults = {
        "id_number": id_number,
        "mobile": "13800000000",
        "position": Position.STAFF,
        "education": Education.BACHELOR,
    }
    defaults.update(extra)
    return Cadre.objects.create(township=township, name=name, **defaults)


def study_ledger(township: Region, skills, count: int, *, day, name: str = "学员") -> list[int]:
    """A new cadre of ``township`` with ``count`` study records, three to a day counting back from ``day`` (so
    the ledger's order needs its tie-breaker); the records' ids, newest first."""
    import datetime
    from decimal import Decimal

    from skilled_township.learning.models import StudyRecord

    learner = cadre(township, name)
    records = StudyRecord.objects.bulk_create(
        StudyRecord(
            cadre=learner,
            studied_on=day - datetime.timedelta(days=n // 3),
            hours=Decimal("1"),
            skill=skills[n % 2],
            mode="self_study",
        )
        for n in range(count)
    )
    return [record.pk for record in records]
