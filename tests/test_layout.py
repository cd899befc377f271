"""The architecture as a test: kpi_core's subpackages depend one way, nothing imports Streamlit
or ``ui/`` from the core, no import circle between modules, and pages never reach past ``ui/``
into SQL (DESIGN.md §3; kpi_core/__init__.py lists the order)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "kpi_core"
ORDER = ["reading", "analysis", "storage", "outputs", "access", "tools"]
# outputs and access are siblings: neither needs the other.
SIBLINGS = {frozenset({"outputs", "access"})}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module named by an import statement of ``path``, at any depth (lazy imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _core_modules() -> dict[str, set[str]]:
    modules = {_module_name(p): _imports(p) for p in CORE.rglob("*.py")}
    return {m: {i for i in deps if i in modules and i != m} for m, deps in modules.items()}


def _subpackage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ORDER) else None


def test_every_core_module_lives_in_a_subpackage() -> None:
    loose = sorted(p.name for p in CORE.glob("*.py") if p.name not in {"__init__.py", "__main__.py"})
    assert loose == [], f"modules outside the subpackages: {loose}"
    assert sorted(p.name for p in CORE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(ORDER)


@pytest.mark.parametrize("package", ORDER)
def test_subpackage_says_what_lives_there(package: str) -> None:
    doc = ast.get_docstring(ast.parse((CORE / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "May import" in doc


def test_subpackages_depend_one_way() -> None:
    wrong = []
    for module, deps in _core_modules().items():
        here = _subpackage(module)
        if here is None:
            continue
        for dep in deps:
            there = _subpackage(dep)
            if there is None or there == here:
                continue
            if ORDER.index(there) > ORDER.index(here) or frozenset({here, there}) in SIBLINGS:
                wrong.append(f"{module} -> {dep}")
    assert wrong == []


def test_no_import_circle_between_core_modules() -> None:
    graph = _core_modules()
    # Package __init__ files re-export; an edge to a package is an edge to its __init__ only.
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for dep in sorted(graph[node]):
            if dep == "kpi_core" or node == "kpi_core":
                continue  # the top-level re-export package, imported by nobody inside
            if state.get(dep) == 1:
                cycle.extend([*path, node, dep])
                return True
            if state.get(dep) is None and visit(dep, [*path, node]):
                return True
        state[node] = 2
        return False

    for module in sorted(graph):
        if state.get(module) is None and visit(module, []):
            break
    assert cycle == []


def test_core_never_imports_streamlit_or_ui() -> None:
    bad = [
        f"{_module_name(p)} imports {i}"
        for p in CORE.rglob("*.py")
        for i in _imports(p)
        if i.split(".")[0] in {"streamlit", "ui"}
    ]
    assert bad == []


def test_ui_never_imports_a_page() -> None:
    """Pages call ui/, ui/ calls the core: never back up."""
    bad = [
        f"{_module_name(p)} imports {i}"
        for p in (ROOT / "ui").rglob("*.py")
        for i in _imports(p)
        if i.split(".")[0] == "pages"
    ]
    assert bad == []


def test_no_streamlit_call_passes_use_container_width() -> None:
    """Streamlit 1.67 logs a deprecation for ``use_container_width`` (removed after 2025-12-31);
    ``width="stretch"`` / ``width="content"`` say the same."""
    bad = [
        f"{p.relative_to(ROOT)}:{node.lineno}"
        for p in [ROOT / "app.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py")]
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and any(k.arg == "use_container_width" for k in node.keywords)
    ]
    assert bad == []
