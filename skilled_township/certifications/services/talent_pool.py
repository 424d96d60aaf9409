"""The talent pool (人才库): each in-post cadre's level in each skill, from their best valid certificate in it
(level 1 is the highest; among equals the latest issued), listed per township by skill and level.

A row is that best certificate, so the list and its export read one query whatever the pool's size (the best
certificate per cadre and skill is chosen in the database, ``DISTINCT ON``), and the page links to it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.core.excel import workbook_bytes

from ..models import Certificate

ORDER = ("cadre__township__code", "skill__category__order", "skill__code", "level", "cadre__name", "pk")


def best_certificates(day: datetime.date | None = None):
    """The best valid certificate of every in-post cadre in every skill they hold one in, on ``day`` (today)."""
    best = (
        Certificate.objects.valid(day or timezone.localdate())
        .filter(cadre__status="in_post")
        .order_by("cadre_id", "skill_id", "level", "-issued_on", "-pk")
        .distinct("cadre_id", "skill_id")
        .values("pk")
    )
    return Certificate.objects.filter(pk__in=best)


def pool(certificates):
    """``certificates`` (``best_certificates()`` narrowed to the user and the filters) in the pool's order."""
    return certificates.select_related("cadre__township__parent", "skill__category").order_by(*ORDER)


def pool_bytes(certificates) -> bytes:
    header = [
        _("县市区"),
        _("乡镇"),
        _("姓名"),
        _("职务类别"),
        _("技能类别"),
        _("技能"),
        _("等级"),
        _("证书编号"),
        _("发证日期"),
    ]
    rows = (
        [
            c.cadre.township.parent.name,
            c.cadre.township.name,
            c.cadre.name,
            c.cadre.get_position_display(),
            c.skill.category.name,
            c.skill.name,
            c.get_level_display(),
            c.number,
            c.issued_on,
        ]
        for c in pool(certificates).iterator(chunk_size=1000)
    )
    return workbook_bytes(_("人才库"), header, rows)
