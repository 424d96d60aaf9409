"""The menu: each app lists its pages in its AppConfig; each role sees only what it may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    permission: str
    description: str = ""
    #: Menu section the item belongs to (the app's verbose name when empty).
    section: str = ""

    def url(self) -> str:
        return reverse(self.url_name)


def menu_for(user) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    sections: list[dict] = []
    for config in apps.get_app_configs():
        items = [item for item in getattr(config, "menu", ()) if user.has_role_perm(item.permission)]
        if items:
            sections.append({"label": config.verbose_name, "items": items})
    return sections
