"""Registering farm households: the resident ID checked and stored normalised, duplicates caught with a message
that says where the household already is (only as far as the user may see), and one income a year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skilled_township.accounts.models import User
from skilled_township.core import resident_id
from skilled_township.regions.models import Region, VillageIncome

from ..models import Household, HouseholdIncome, Member

#: Label of the tick that lets a second household with the same head's name into the same village.
NAMESAKE_CONFIRMATION = gettext_lazy("同村同名，确认是另一户")


def registered_message(existing: Household, user: User | None) -> str:
    """Why a resident ID is refused: it is already registered. Names the village and township when ``user`` may
    see that household, else only that it is registered elsewhere (never where)."""
    if user is not None and Household.objects.visible_to(user).filter(pk=existing.pk).exists():
        village = Region.objects.select_related("parent").get(pk=existing.village_id)
        return _("该身份证号码已登记为%(township)s%(village)s的农户“%(head)s”，不能重复登记。") % {
            "township": village.parent.name if village.parent_id else "",
            "village": village.name,
            "head": existing.head_name,
        }
    return _("该身份证号码已在其他乡镇登记为农户，不能重复登记。")


def id_duplicate(id_number: str, *, exclude_pk: int | None = None) -> Household | None:
    """The household already registered under this resident ID (any scope), other than ``exclude_pk``."""
    number = resident_id.normalise(id_number or "")
    if not number:
        return None
    found = Household.objects.filter(id_number=number)
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.first()


def namesake(village_id: int | None, head_name: str, *, exclude_pk: int | None = None) -> Household | None:
    """Another household of the same village whose head has the same name."""
    if not village_id or not head_name:
        return None
    found = Household.objects.filter(village_id=village_id, head_name=head_name.strip())
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.order_by("pk").first()


def namesake_message(existing: Household) -> str:
    return _("本村已登记户主同名的农户“%(head)s”（身份证号码 %(id)s）。如确是另一户，请勾选“%(confirm)s”后再保存。") % {
        "head": existing.head_name,
        "id": existing.masked_id_number,
        "confirm": NAMESAKE_CONFIRMATION,
    }


def duplicate_errors(household: Household, *, by: User | None, namesake_confirmed: bool) -> dict[str, str]:
    """Field → message for every duplicate ``household`` would make (empty: none)."""
    errors = {}
    exclude = None if household._state.adding else household.pk
    existing = id_duplicate(household.id_number, exclude_pk=exclude)
    if existing is not None:
        errors["id_number"] = registered_message(existing, by)
    same_name = None
    if _name_or_village_changed(household):
        same_name = namesake(household.village_id, household.head_name, exclude_pk=exclude)
    if same_name is not None and not namesake_confirmed:
        errors["head_name"] = namesake_message(same_name)
    return errors


def _name_or_village_changed(household: Household) -> bool:
    """A new household, or one whose head's name or village is being changed: a namesake confirmed once is not
    asked about again on every edit."""
    if household._state.adding or household.pk is None:
        return True
    stored = Household.objects.filter(pk=household.pk).values_list("village_id", "head_name").first()
    return stored != (household.village_id, household.head_name)


def normalise(household: Household) -> None:
    household.id_number = resident_id.normalise(household.id_number or "")
    household.head_name = (household.head_name or "").strip()


@transaction.atomic
def save_household(household: Household, *, by: User | None, namesake_confirmed: bool = False) -> Household:
    """Check and save one household (audited through its save). Raises ``ValidationError`` naming each duplicate."""
    normalise(household)
    errors = duplicate_errors(household, by=by, namesake_confirmed=namesake_confirmed)
    if errors:
        raise ValidationError(errors)
    household.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            household.save()
    except IntegrityError:
        # Someone registered the same ID between the check and the save.
        raise ValidationError({"id_number": _("该身份证号码刚刚已被登记，请刷新后核对。")}) from None
    return household


def income_duplicate_message(year: int) -> str:
    return _("该户 %(year)d 年的人均纯收入已登记，请编辑原记录。") % {"year": year}


@transaction.atomic
def save_income(income: HouseholdIncome) -> HouseholdIncome:
    """One income a household a year: a second one for the same year is refused with a message."""
    exists = HouseholdIncome.objects.filter(household_id=income.household_id, year=income.year)
    if not income._state.adding:
        exists = exists.exclude(pk=income.pk)
    if income.year and exists.exists():
        raise ValidationError({"year": income_duplicate_message(income.year)})
    income.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            income.save()
    except IntegrityError:
        raise ValidationError({"year": income_duplicate_message(income.year)}) from None
    return income


# --- What a household's page shows -------------------------------------------------------------------------------


def members_with_skills(household: Household) -> list[Member]:
    """The household's members in the order they were registered, each with ``skills_by_year`` (year, newest
    first → the skills mastered that year, by catalogue code). Two queries."""
    people = list(household.people.prefetch_related("skills__skill").order_by("id"))
    for person in people:
        person.skills_by_year = {}
        for skill in sorted(person.skills.all(), key=lambda s: (-s.year, s.skill.code)):
            person.skills_by_year.setdefault(skill.year, []).append(skill)
    return people


def incomes_against_line(household: Household) -> list[HouseholdIncome]:
    """The household's yearly incomes, newest first, each with its village's ``line`` of the year and the
    ``gap`` to it (``None`` where the village has no line that year). Two queries."""
    lines = dict(
        VillageIncome.objects.filter(village=household.village_id).values_list("year", "per_capita_net_income")
    )
    incomes = list(household.incomes.order_by("-year"))
    for income in incomes:
        income.line = lines.get(income.year)
        income.gap = None if income.line is None else income.per_capita_net_income - income.line
    return incomes
