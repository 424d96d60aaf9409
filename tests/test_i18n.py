"""Chinese by default, English complete: every interface string has an English translation."""

from __future__ import annotations

import gettext
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(po_text: str) -> dict[str, str]:
    """msgid → msgstr (first plural form) of a .po file, header left out. A message with a context is keyed
    as gettext keys it in a compiled catalogue: ``context\x04msgid``."""
    entries = {}
    for block in po_text.split("\n\n"):
        if block.lstrip().startswith("#~"):
            continue
        msgctxt = re.search(r'^msgctxt "(.*)"$', block, re.M)
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? "(.*)"$', block, re.M)
        if msgid and msgid.group(1) and msgstr:
            key = f"{msgctxt.group(1)}\x04{msgid.group(1)}" if msgctxt else msgid.group(1)
            entries[key] = msgstr.group(1)
    return entries


def test_every_string_in_the_code_has_an_english_translation(tmp_path, monkeypatch):
    # Extract from a copy of the sources, so the project's own catalogue is never touched.
    for folder in ("skilled_township", "templates", "locale"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["en"], no_wrap=True, verbosity=0)
    extracted = _entries((tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    untranslated = sorted(msgid for msgid, msgstr in extracted.items() if not msgstr)
    assert untranslated == [], "Strings without an English translation (run `make messages`, then translate)"
    fuzzy = re.findall(r'^#, fuzzy\n(?:#.*\n)*msgid "(.+)"$', PO.read_text("utf-8"), re.M)
    assert fuzzy == [], "fuzzy translations are not used: review them and drop the fuzzy mark"


def test_compiled_catalogue_matches_the_translations():
    with PO.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [msgid for msgid, msgstr in _entries(PO.read_text("utf-8")).items() if compiled.gettext(msgid) != msgstr]
    assert stale == [], "the compiled catalogue is out of date: run `make messages`"


def test_interface_is_chinese_by_default_and_english_on_request(client, org_admin):
    client.force_login(org_admin)
    page = client.get(reverse("regions:pilot_list")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "试点乡镇" in page

    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("regions:pilot_list")})
    assert response.status_code == 302
    page = client.get(reverse("regions:pilot_list")).content.decode()
    assert '<html lang="en">' in page
    assert "Pilot townships" in page
    assert "Sign out" in page
    assert "试点乡镇" not in page


def test_framework_strings_are_chinese_too(world, secretary_of_gaocun, client_as):
    form = client_as(secretary_of_gaocun).get(reverse("learning:study_create")).content.decode()
    assert "Select an option" not in form and "- 请选择 -" in form
