"""tracker.text stays pure: the CLI, services and tests call it without a web or database stack."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

FORBIDDEN = ("flask", "sqlalchemy", "wtforms", "flask_login", "flask_wtf")
ROOT = Path(__file__).resolve().parents[2]
TEXT = ROOT / "tracker" / "text"
MODULES = sorted(p.stem for p in TEXT.glob("*.py") if p.stem != "__init__")


def test_the_readers_are_checked() -> None:
    assert {"parse", "docx_in", "pdf_in", "read", "render", "document"} <= set(MODULES)


@pytest.mark.parametrize("module", ["__init__", *MODULES])
def test_module_source_imports_nothing_forbidden(module: str) -> None:
    tree = ast.parse((TEXT / f"{module}.py").read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & set(FORBIDDEN)


def test_importing_every_text_module_loads_no_web_or_database_module() -> None:
    # A fresh interpreter, and the `tracker` package stood in for, so that only the imports
    # made by tracker.text itself (not the app factory in tracker/__init__.py) are counted.
    script = (
        "import importlib, json, sys, types\n"
        "package = types.ModuleType('tracker')\n"
        f"package.__path__ = [{str(ROOT / 'tracker')!r}]\n"
        "sys.modules['tracker'] = package\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module('tracker.text.' + name)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
