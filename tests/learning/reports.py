"""The 述学 that the access matrix, the content checks and the generic cases open."""

import datetime

from .. import objects


def study_report(world):
    """The ``cadre`` persona's 述学 of March 2026."""
    from skilled_township.learning.models import StudyReport

    report, _created = StudyReport.objects.get_or_create(
        cadre=objects.cadre(world),
        month=datetime.date(2026, 3, 1),
        defaults={"learned": "柑桔春季修剪", "applied": "在示范园带村民修剪", "problems": "病虫害识别还不熟"},
    )
    return report
