"""Registry of file generators run by the background job ``core.tasks.generate_file``.

A generator is ``func(job, report_progress) -> (filename, bytes)``. It runs as the requesting user
(``acting_as``), in their language and the Asia/Shanghai time zone, and reads rows through ``visible_to``. It may
set ``job.message`` (a sentence for the file's page) and ``job.result`` (what its own page shows); both are saved
with the file. An exception fails the job, its text shown on the page.
"""

from __future__ import annotations

from collections.abc import Callable

Generator = Callable[..., tuple[str, bytes]]

_registry: dict[str, Generator] = {}


def register(kind: str) -> Callable[[Generator], Generator]:
    def decorator(func: Generator) -> Generator:
        _registry[kind] = func
        return func

    return decorator


def get(kind: str) -> Generator:
    try:
        return _registry[kind]
    except KeyError:
        raise LookupError(f"No generator registered for {kind!r}") from None
