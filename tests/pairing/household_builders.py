"""Households of 高村镇 (and of other townships) for the household tests and the access matrix."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from .. import factories


def household(world, head_name: str = "滕德华", village=None, **extra):
    """A household of 锦和村 (高村镇) unless ``village`` says otherwise; the first one is reused by the matrix."""
    from skilled_township.pairing.models import Household

    if village is None and not extra and head_name == "滕德华":
        found = Household.objects.filter(village=world.village, head_name=head_name).first()
        if found is not None:
            return found
    elif village is not None and not extra:
        found = Household.objects.filter(village=village, head_name=head_name).first()
        if found is not None:
            return found
    values = {"members": 4, "labour_members": 2, **extra}
    values.setdefault("id_number", factories.resident_id(born="19700301", area="431226"))
    return Household.objects.create(village=village or world.village, head_name=head_name, **values)


def member(world, name: str = "滕小军", labour_capable: bool = True, of=None):
    from skilled_township.pairing.models import Member

    household_of = of or household(world)
    found = Member.objects.filter(household=household_of, name=name).first()
    if found is not None:
        return found
    return Member.objects.create(household=household_of, name=name, labour_capable=labour_capable)


def member_skill(world, of=None, year: int = 2025):
    from skilled_township.pairing.models import MemberSkill

    from .. import objects

    return MemberSkill.objects.get_or_create(member=of or member(world), year=year, skill=objects.skill(world))[0]


def income(world, year: int = 2025, amount: str = "9000", of=None):
    from skilled_township.pairing.models import HouseholdIncome

    return HouseholdIncome.objects.get_or_create(
        household=of or household(world), year=year, defaults={"per_capita_net_income": Decimal(amount)}
    )[0]


def workbook(header: list, rows: list[list], name: str = "upload.xlsx") -> SimpleUploadedFile:
    """An upload of one sheet as a clerk fills it in."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def workbook_bytes(header: list, rows: list[list]) -> bytes:
    return workbook(header, rows).read()
