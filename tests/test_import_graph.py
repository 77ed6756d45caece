"""Data flows one way through `tracker/`: no two modules import each other, however indirectly
(imports inside functions count too, since they only hide a cycle), and `tracker/text` imports
nothing from the web, the database or the rest of the app."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tracker"
#: Top-level packages of the web and the database stack.
WEB_OR_DATABASE = {
    "flask",
    "flask_limiter",
    "flask_login",
    "flask_migrate",
    "flask_sqlalchemy",
    "flask_wtf",
    "jinja2",
    "werkzeug",
    "wtforms",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "sqlite3",
    "redis",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Every module name the module imports, anywhere in its source, resolved to absolute."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                # `from tracker import signals` imports the module tracker.signals.
                submodule = f"{module}.{alias.name}"
                found.add(submodule if submodule in MODULES else module)
    return found


def internal_graph() -> dict[str, set[str]]:
    return {name: {m for m in imports_of(name) if m in MODULES} - {name} for name in MODULES}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of modules, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_sees_the_whole_package() -> None:
    graph = internal_graph()
    assert {"tracker", "tracker.services.comments", "tracker.text.diff"} <= set(graph)
    assert "tracker.services.access" in graph["tracker.services.comments"]
    assert "tracker.signals" in graph["tracker.services.notifications"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_of_tracker_imports_itself_through_others() -> None:
    cycle = find_cycle(internal_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_text_imports_nothing_from_the_web_the_database_or_the_app() -> None:
    wrong = {}
    for name in MODULES:
        if name != "tracker.text" and not name.startswith("tracker.text."):
            continue
        bad = sorted(
            module
            for module in imports_of(name)
            if module.split(".")[0] in WEB_OR_DATABASE
            or (module.startswith("tracker") and not module.startswith("tracker.text"))
        )
        if bad:
            wrong[name] = bad
    assert wrong == {}
