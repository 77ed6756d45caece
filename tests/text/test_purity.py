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
#: Every module of tracker.text, sub-packages included, as a dotted name below it (`read.lines`).
MODULES = sorted(
    ".".join(p.relative_to(TEXT).with_suffix("").parts).removesuffix(".__init__")
    for p in TEXT.rglob("*.py")
    if p != TEXT / "__init__.py"
)


def test_the_readers_are_checked() -> None:
    stages = {"read.lines", "read.footnotes", "read.blocks", "read.assemble", "read.text"}
    assert stages | {"read", "read.docx", "read.pdf", "export_text", "document"} <= set(MODULES)


def _source(module: str) -> Path:
    path = TEXT.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


@pytest.mark.parametrize("module", ["__init__", *MODULES])
def test_module_source_imports_nothing_forbidden(module: str) -> None:
    source = TEXT / "__init__.py" if module == "__init__" else _source(module)
    tree = ast.parse(source.read_text(encoding="utf-8"))
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
