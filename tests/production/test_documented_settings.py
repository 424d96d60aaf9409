"""Every variable the settings, bin/serve and gunicorn's configuration read is in the README and in the
production settings file a county copies."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
READ_BY = {
    "skilled_township/settings.py": r"""env_(?:str|bool|int|list)\(\s*"([A-Z_]+)""",
    "deploy/gunicorn.conf.py": r"""(?:environ\.get|_int)\(\s*["']([A-Z_]+)""",
    "bin/serve": r"""\$\{([A-Z_]+)""",
}
#: Read by bin/serve but not a setting of the site.
NOT_SETTINGS = {"VENV"}


def variables() -> set[str]:
    found = set()
    for path, pattern in READ_BY.items():
        found |= set(re.findall(pattern, (ROOT / path).read_text("utf-8")))
    return found


def test_the_readme_lists_every_variable():
    readme = (ROOT / "README.md").read_text("utf-8")
    names = variables()
    assert {"DATABASE_URL", "SECRET_KEY", "WEB_WORKERS", "CELERY_QUEUE", "WORKER_CONCURRENCY"} <= names
    assert sorted(name for name in names if f"| `{name}` |" not in readme) == []


def test_the_production_settings_file_lists_every_variable():
    example = (ROOT / "deploy" / "skilled-township.env.example").read_text("utf-8")
    listed = set(re.findall(r"^#?([A-Z_]+)=", example, re.MULTILINE))
    assert sorted(variables() - NOT_SETTINGS - listed) == []
