"""Uploaded and generated files can live in shared storage (object storage for several hosts): the storage
class and its options come from the environment; a malformed option stops the start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

from .private_services import ROOT

SHOW = (
    "import django; django.setup(); from django.core.files.storage import storages; s = storages['default'];"
    "print(type(s).__name__, s.location)"
)


def start(**variables) -> subprocess.CompletedProcess:
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("MEDIA_STORAGE_")}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "skilled_township.settings",
        "SECRET_KEY": "x",
        "DATABASE_URL": "postgres://app@10.0.0.1:5432/township",
        **variables,
    }
    return subprocess.run([sys.executable, "-c", SHOW], env=env, cwd=ROOT, capture_output=True, text=True)


def test_files_are_kept_where_the_storage_variables_say(tmp_path):
    shown = start(MEDIA_ROOT=str(tmp_path / "media"), MEDIA_STORAGE_OPTIONS="")
    assert shown.stdout.split() == ["FileSystemStorage", str(tmp_path / "media")]

    elsewhere = tmp_path / "shared"
    shown = start(
        MEDIA_STORAGE_BACKEND="django.core.files.storage.FileSystemStorage",
        MEDIA_STORAGE_OPTIONS=f'{{"location": "{elsewhere}"}}',
    )
    assert shown.stdout.split() == ["FileSystemStorage", str(elsewhere)]


def test_malformed_storage_options_stop_the_start_up():
    refused = start(MEDIA_STORAGE_OPTIONS="bucket_name=x")
    assert refused.returncode != 0
    assert "MEDIA_STORAGE_OPTIONS is not a JSON object" in refused.stderr
