"""The menu: each app lists its pages in its AppConfig, each page in one of a fixed set of groups (areas of
the programme); each role sees only the pages it may open, and only the groups that have one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MenuGroup(models.TextChoices):
    """The menu's groups, in the order they are shown."""

    REGIONS = "regions", _("区划与账号")
    CADRES = "cadres", pgettext_lazy("menu group", "干部")  # "Cadres" here, "Cadre" as a role
    LEARNING = "learning", _("学习")
    TRAINING = "training", _("培训")
    CERTIFICATES = "certificates", _("证书")
    PAIRING = "pairing", _("结对帮扶")
    ASSESSMENT = "assessment", _("考核")
    REPORTS = "reports", _("报告")


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str
    description: str = ""
    #: The group the item is listed under (an app may place its items in several groups).
    group: MenuGroup = field(kw_only=True)

    def __post_init__(self):
        if not isinstance(self.group, MenuGroup):
            raise ValueError(f"Menu item {self.url_name!r}: unknown group {self.group!r}")

    @cached_property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Notice:
    """Something on the home page that asks the user to act: a sentence with a count, linking to the list of
    the rows it counts. An app offers them through ``AppConfig.notices(user)``."""

    text: str
    url: str
    count: int
    #: Names the notice on the page (``data-notice``), for people reading the HTML and for tests.
    key: str = field(default="", kw_only=True)


def notices_for(user) -> list[Notice]:
    """Every app's notices for ``user``, in the order of INSTALLED_APPS (none for a user not signed in)."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[Notice] = []
    for config in apps.get_app_configs():
        notices = getattr(config, "notices", None)
        if notices is not None:
            found.extend(notices(user))
    return found


def declared_items() -> Iterable[MenuItem]:
    """Every menu item of every app, in the order of INSTALLED_APPS and then of each app's list."""
    for config in apps.get_app_configs():
        yield from getattr(config, "menu", ())


def menu_for(user) -> list[dict]:
    """The groups ``user`` sees, in ``MenuGroup`` order, each ``{"group", "label", "items"}``; a group with
    no item the user's role may open is left out."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: dict[MenuGroup, list[MenuItem]] = {group: [] for group in MenuGroup}
    for item in declared_items():
        if user.has_role_perm(item.permission):
            items[item.group].append(item)
    return [{"group": group, "label": group.label, "items": items[group]} for group in MenuGroup if items[group]]


def current_item(menu: list[dict], path: str) -> MenuItem | None:
    """The item of the page at ``path``: the one whose URL is the path, else the one whose URL is the longest
    prefix of it (a record opened from a list belongs to that list)."""
    best: MenuItem | None = None
    for section in menu:
        for item in section["items"]:
            if item.url == path:
                return item
            if path.startswith(item.url) and item.url != "/" and (best is None or len(item.url) > len(best.url)):
                best = item
    return best
