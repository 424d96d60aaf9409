"""Settings read the environment strictly: a mistyped switch or number stops the start-up with the variable's
name and value, instead of quietly meaning "off" (``DEBUG=ture``) or crashing later."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from skilled_township.settings import env_bool, env_int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("TRUE", True),
        (" Yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("False", False),
        ("no", False),
        ("\tOFF\n", False),
    ],
)
def test_a_switch_accepts_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_SWITCH", raw)
    assert env_bool("SOME_SWITCH", not expected) is expected


@pytest.mark.parametrize("raw", ["ture", "flase", "2", "enabled", "y", "1.0", "是", "ｔｒｕｅ"])
def test_a_switch_refuses_anything_else_naming_the_variable_and_value(monkeypatch, raw):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", raw)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_bool("SECURE_SSL_REDIRECT", True)
    assert "SECURE_SSL_REDIRECT" in str(refused.value) and repr(raw) in str(refused.value)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_a_switch_left_unset_or_empty_takes_its_default(monkeypatch, raw):
    monkeypatch.delenv("SOME_SWITCH", raising=False)
    if raw is not None:
        monkeypatch.setenv("SOME_SWITCH", raw)
    assert env_bool("SOME_SWITCH", True) is True
    assert env_bool("SOME_SWITCH", False) is False


@pytest.mark.parametrize(("raw", "expected"), [("1800", 1800), (" 60 ", 60), ("0", 0), ("-1", -1), ("", 7)])
def test_a_number_accepts_plain_digits(monkeypatch, raw, expected):
    monkeypatch.setenv("SESSION_IDLE_SECONDS", raw)
    assert env_int("SESSION_IDLE_SECONDS", 7) == expected


@pytest.mark.parametrize("raw", ["30m", "1_800", "18e2", "1800.0", "１８００", "thirty"])
def test_a_number_refuses_anything_else_naming_the_variable_and_value(monkeypatch, raw):
    monkeypatch.setenv("SESSION_IDLE_SECONDS", raw)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_int("SESSION_IDLE_SECONDS", 1800)
    assert "SESSION_IDLE_SECONDS" in str(refused.value) and repr(raw) in str(refused.value)


def test_a_mistyped_debug_stops_the_start_up():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(DJANGO_SETTINGS_MODULE="skilled_township.settings", DEBUG="ture", SECRET_KEY="x" * 50)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DEBUG='ture' is not a yes/no value" in result.stderr
