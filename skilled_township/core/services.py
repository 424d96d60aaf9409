from __future__ import annotations

from django.db import transaction
from django.utils.translation import get_language

from . import generators
from .models import GeneratedFile


def request_file(kind: str, params: dict, *, by) -> GeneratedFile:
    """Queue a file for ``by``; the job starts once this transaction commits."""
    from .tasks import generate_file

    generators.get(kind)  # an unknown kind fails here, not later in the worker
    job = GeneratedFile.objects.create(kind=kind, params=params, requested_by=by, language=get_language() or "zh-hans")
    transaction.on_commit(lambda: generate_file.delay(job.pk))
    return job
