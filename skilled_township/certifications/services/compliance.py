"""Compliance with seed 004 (every cadre holds at least one skill certificate): the share of in-post cadres with at
least one valid certificate (not revoked, not expired today) for a township, a county or the city, with each child
region's figures (counties of the city, townships of a county), and the list of those still without one.

One query counts every child region's cadres and certified cadres, however many townships: the cadres are grouped in
the database by the code prefix of the child region they lie in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext as _

from skilled_township.cadres.models import Cadre
from skilled_township.core.db_router import replica_reads
from skilled_township.core.excel import workbook_bytes
from skilled_township.regions import codes
from skilled_township.regions.models import Region

from ..models import Certificate


@dataclass
class Figures:
    region: Region
    cadres: int = 0
    certified: int = 0

    @property
    def uncertified(self) -> int:
        return self.cadres - self.certified

    @property
    def share(self) -> Decimal | None:
        """Percentage of in-post cadres holding a valid certificate, to one decimal; ``None`` with no cadres."""
        if not self.cadres:
            return None
        return (Decimal(self.certified) * 100 / self.cadres).quantize(Decimal("0.1"))


@dataclass
class Compliance:
    region: Region
    day: datetime.date
    totals: Figures
    #: The child regions, those with the most cadres still without a certificate first.
    children: list[Figures] = field(default_factory=list)


def holds_valid_certificate(day: datetime.date):
    """An ``Exists`` over a cadre's valid certificates on ``day`` (for annotating or filtering cadres)."""
    return Exists(Certificate.objects.valid(day).filter(cadre=OuterRef("pk")))


def without_valid_certificate(cadres, day: datetime.date | None = None):
    """The in-post cadres among ``cadres`` (already scoped) with no valid certificate on ``day`` (today)."""
    return cadres.in_post().filter(~holds_valid_certificate(day or timezone.localdate()))


@replica_reads()
def compliance(region: Region, day: datetime.date | None = None) -> Compliance:
    """The figures for ``region`` (already checked to be in the user's scope) and its child regions (read on the
    replica when there is one)."""
    day = day or timezone.localdate()
    children = (
        [] if region.level == Region.Level.TOWNSHIP else list(Region.objects.filter(parent=region).order_by("code"))
    )
    child_length = codes.PREFIX_LENGTH[children[0].level] if children else len(region.prefix)
    rows = (
        Cadre.objects.in_post()
        .filter(township__code__startswith=region.prefix)
        .annotate(child=Left("township__code", child_length), certified=holds_valid_certificate(day))
        .values("child")
        .annotate(cadres=Count("pk"), holding=Count("pk", filter=Q(certified=True)))
        .order_by()
    )
    counted = {row["child"]: (row["cadres"], row["holding"]) for row in rows}
    totals = Figures(region, sum(n for n, _h in counted.values()), sum(h for _n, h in counted.values()))
    figures = [
        Figures(child, *counted.get(child.prefix, (0, 0)))
        for child in children
        if child.abolished_year is None or child.prefix in counted
    ]
    figures.sort(key=lambda f: (-f.uncertified, f.region.code))
    return Compliance(region=region, day=day, totals=totals, children=figures)


def uncertified_bytes(cadres) -> bytes:
    """The in-post cadres without a valid certificate as an Excel sheet (cells that would run as formulas are
    kept as text by ``workbook_bytes``)."""
    header = [_("县市区"), _("乡镇"), _("姓名"), _("职务类别"), _("手机号码"), _("身份证号码")]
    rows = (
        [
            cadre.township.parent.name,
            cadre.township.name,
            cadre.name,
            cadre.get_position_display(),
            cadre.mobile,
            cadre.masked_id_number,
        ]
        for cadre in cadres.select_related("township__parent").order_by("township__code", "name", "pk").iterator()
    )
    return workbook_bytes(_("未持证干部"), header, rows)
