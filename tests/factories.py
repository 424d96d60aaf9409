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


def pilot(township: Region, batch: int = 1, start_year: int = 2024, industry: str = "柑桔") -> PilotTownship:
    return PilotTownship.objects.create(township=township, batch=batch, start_year=start_year, lead_industry=industry)


def income(village: Region, year: int = 2025, amount: str = "12000") -> VillageIncome:
    return VillageIncome.objects.create(village=village, year=year, per_capita_net_income=Decimal(amount))
