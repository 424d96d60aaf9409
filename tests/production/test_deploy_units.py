"""The systemd units of deploy/ as a county installs them: `systemd-analyze verify` accepts each, with no warning
(an unknown or mistyped key is only a warning to systemd, and then silently ignored), once the install folder,
the account and the environment file are the ones of this machine."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
UNITS = sorted((ROOT / "deploy").glob("skilled-township-*.service"))


def test_there_are_units_for_the_web_server_the_worker_and_the_scheduler():
    assert [unit.name for unit in UNITS] == [
        "skilled-township-beat.service",
        "skilled-township-web.service",
        "skilled-township-worker.service",
    ]


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_systemd_accepts_the_unit_without_a_warning(unit, tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing: `make test` installs systemd (DEBIAN_TEST_PACKAGES)")
    text = unit.read_text()
    replacements = [
        ("/srv/skilled-township", str(ROOT)),
        ("/etc/skilled-township/skilled-township.env", str(ROOT / "deploy" / "skilled-township.env.example")),
        ("User=skilled-township", "User=root"),
        ("Group=skilled-township", "Group=root"),
    ]
    for old, new in replacements:
        assert old in text, f"{unit.name} no longer has {old!r}"
        text = text.replace(old, new)
    local = tmp_path / unit.name
    local.write_text(text)
    checked = subprocess.run([analyze, "verify", str(local)], capture_output=True, text=True)
    assert (checked.returncode, checked.stderr.strip()) == (0, "")
