"""The apps form layers (``partnerstvo/architecture.py``): no cycles, no import across a layer."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

from partnerstvo import architecture

PACKAGE = Path(__file__).resolve().parents[2]


def project_apps() -> list[str]:
    return sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def app_imports() -> list[tuple[str, str, str, int]]:
    """(importing app, imported app, file, line) for every import of another project app,
    module-level or inside a function; tests and migrations are not part of the graph."""
    apps = set(project_apps())
    found = []
    for app in apps:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            parts = path.relative_to(PACKAGE).parts
            if "tests" in parts or "migrations" in parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                    if node.module == "partnerstvo":  # from partnerstvo import websites
                        modules = [f"partnerstvo.{alias.name}" for alias in node.names]
                else:
                    continue
                for module in modules:
                    dotted = module.split(".")
                    target = dotted[1] if dotted[0] == "partnerstvo" and len(dotted) > 1 else ""
                    if target in apps and target != app:
                        where = str(path.relative_to(PACKAGE.parent))
                        found.append((app, target, where, node.lineno))
    return found


def test_every_app_has_a_layer():
    known = {
        *architecture.FOUNDATION,
        *architecture.SHARED,
        *architecture.DOMAIN,
        *architecture.COMPOSITION,
    }
    assert set(project_apps()) - known == set(), "add the new app to partnerstvo/architecture.py"


def test_apps_import_only_the_layers_below_them():
    wrong = [
        f"{path}:{line}: {app} imports {target}"
        for app, target, path, line in app_imports()
        if target not in architecture.allowed_imports(app)
    ]
    assert wrong == []


def test_the_import_graph_between_apps_has_no_cycle():
    graph: dict[str, set[str]] = {}
    where: dict[tuple[str, str], str] = {}
    for app, target, path, line in app_imports():
        graph.setdefault(app, set()).add(target)
        where.setdefault((app, target), f"{path}:{line}")

    cycles = []
    state: dict[str, str] = {}

    def visit(app: str, stack: list[str]) -> None:
        state[app] = "open"
        for target in sorted(graph.get(app, ())):
            if state.get(target) == "open":
                loop = [*stack[stack.index(target) :], target]
                cycles.append(
                    " -> ".join(loop)
                    + " ("
                    + ", ".join(where[(a, b)] for a, b in itertools.pairwise(loop))
                    + ")"
                )
            elif target not in state:
                visit(target, [*stack, target])
        state[app] = "done"

    for app in sorted(graph):
        if app not in state:
            visit(app, [app])
    assert cycles == []


def test_installed_apps_list_the_foundation_first_in_layer_order(settings):
    # The demo loads app by app in this order, so an app's demo finds what the foundation made.
    order = [
        name.split(".")[1] for name in settings.INSTALLED_APPS if name.startswith("partnerstvo.")
    ]
    late = [
        f"{app} is listed before {below}"
        for index, app in enumerate(order)
        for below in architecture.allowed_imports(app) & set(architecture.FOUNDATION)
        if below in order and order.index(below) > index
    ]
    assert late == []
