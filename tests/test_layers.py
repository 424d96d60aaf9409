"""The layer rule: an app imports only the apps listed above it (DESIGN.md), so the bottom stays reusable and
a new app can be added on top without touching the ones below. ``api`` only mounts everyone's routes.

Read from the source (ast), so an import inside a function counts as much as one at the top of a module, and
so does a model named by its ``"app_label.Model"`` string (a relation to a model of a higher app).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

LAYERS = (
    "core",
    "regions",
    "accounts",
    "skills",
    "cadres",
    "certifications",
    "learning",
    "training",
    "pairing",
    "assessment",
    "dashboard",
    "api",
)
#: May import every app: it only gathers their routes.
TOP = "api"
PACKAGE = "skilled_township"
ROOT = Path(settings.BASE_DIR) / PACKAGE
#: The one relation that points up the layers, named by its ``"app.Model"`` string (never imported): a cadre's
#: sign-in account is tied to its roster entry, and the column sits on the user so the database itself holds
#: "every cadre account has exactly one roster entry, and only cadre accounts have one" (a check constraint
#: cannot span two tables). (module, app it names) → why.
STRING_RELATIONS_UP = {
    ("skilled_township.accounts.models", "cadres"): "User.cadre: a cadre's account and its roster entry",
}
MODEL_LABEL = re.compile(r"([a-z_]+)\.[A-Z][A-Za-z0-9]*")


@dataclass(frozen=True)
class Reference:
    module: str
    line: int
    target: str
    #: Named by a ``"app.Model"`` string, not imported.
    by_name: bool = False


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def references(source: str, module: str, is_package: bool = False) -> list[Reference]:
    """Every ``skilled_township.<app>`` that ``source`` imports or names as ``"<app>.<Model>"``."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                targets = [".".join([*base, node.module] if node.module else base)]
            else:
                targets = [node.module or ""]
            # ``from skilled_township import cadres`` names the app in the imported names.
            targets += [f"{targets[0]}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "get_model"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in LAYERS
        ):
            # ``apps.get_model("accounts", "AuditEntry")``: a model of another app looked up by its label.
            targets = [f"{PACKAGE}.{node.args[0].value}"]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = MODEL_LABEL.fullmatch(node.value)
            if match and match.group(1) in LAYERS:
                targets = [f"{PACKAGE}.{match.group(1)}"]
        by_name = isinstance(node, ast.Constant)
        found += [Reference(module, node.lineno, target, by_name) for target in targets]
    return found


def app_of(target: str) -> str | None:
    parts = target.split(".")
    if len(parts) > 1 and parts[0] == PACKAGE and parts[1] in LAYERS:
        return parts[1]
    return None


def violations(app: str, refs: list[Reference]) -> list[str]:
    """One line per module line that reaches an app listed below ``app`` in LAYERS (i.e. above it in rank)."""
    if app == TOP:
        return []
    rank = LAYERS.index(app)
    allowed = ", ".join(LAYERS[:rank]) or "no other app"
    found = {
        (ref.module, ref.line, target)
        for ref in refs
        if (target := app_of(ref.target)) is not None
        and LAYERS.index(target) > rank
        and not (ref.by_name and (ref.module, target) in STRING_RELATIONS_UP)
    }
    return [f"{module}:{line} uses {target} ({app} may use only {allowed})" for module, line, target in sorted(found)]


def app_modules(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.relative_to(ROOT).parts)


def test_every_app_of_the_project_has_a_place_in_the_layers():
    apps = sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())
    assert set(apps) <= set(LAYERS), f"add the new app to LAYERS (and DESIGN.md): {set(apps) - set(LAYERS)}"


@pytest.mark.parametrize("app", [app for app in LAYERS if (ROOT / app).is_dir()])
def test_an_app_imports_only_the_apps_listed_above_it(app):
    modules = app_modules(app)
    assert modules, f"no modules found for {app}"
    problems = []
    for path in modules:
        refs = references(path.read_text("utf-8"), module_name(path), is_package=path.name == "__init__.py")
        problems += violations(app, refs)
    assert problems == []


def test_the_rule_sees_every_kind_of_reference():
    source = """
import skilled_township.learning.models
from skilled_township.cadres.models import Cadre
from skilled_township import skills
from ..accounts.roles import Role

def later():
    from skilled_township.certifications import services

owner = models.ForeignKey("pairing.Household", on_delete=models.PROTECT)
entry_model = apps.get_model("training", "Session")
permission = "accounts.manage"
from skilled_township.core.api import page_filters
from .models import Region
"""
    found = violations("regions", references(source, "skilled_township.regions.views"))
    assert [line.split(" uses ")[1].split(" ")[0] for line in found] == [
        "learning",
        "cadres",
        "skills",
        "accounts",
        "certifications",
        "pairing",
        "training",
    ]
    # Higher apps may use the lower ones; the api app gathers everything.
    assert violations("pairing", references(source, "skilled_township.pairing.views")) == []
    assert violations("api", references(source, "skilled_township.api.urls")) == []
