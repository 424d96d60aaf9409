"""Reading a PDF back as a user's PDF viewer would: its text (pdftotext), fonts (pdffonts) and pages (pdfinfo),
with poppler-utils (installed by ``make test``)."""

from __future__ import annotations

import subprocess
import tempfile


def _run(tool: str, content: bytes, *args: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        return subprocess.run(
            [tool, *args, file.name, *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def text(content: bytes) -> str:
    return _run("pdftotext", content, "-layout")


def info(content: bytes) -> dict[str, str]:
    lines = _run("pdfinfo", content).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def fonts(content: bytes) -> list[dict[str, str]]:
    """One row per font: name, type, and whether it is embedded (``emb``) and a subset (``sub``)."""
    rows = _run("pdffonts", content).splitlines()[2:]
    found = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni object-id generation: the flags are the 5th to 3rd from the end.
        found.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return found


def is_a4(content: bytes) -> bool:
    return "(A4)" in info(content)["Page size"]
