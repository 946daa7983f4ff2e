"""The project's code uses no private attribute (``obj._name``) of Wagtail's or Django's objects:
they change without notice between releases. Private names the project defines itself are fine
(even through ``self``, an inherited ``self._x`` of Wagtail's is not); the few documented Django
names that start with ``_`` are listed with reasons."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

DOCUMENTED = {
    # The Model _meta API is Django's documented public interface (docs: "Model _meta API").
    "_meta",
    # Documented in "Managers": the manager Django itself uses when it needs one.
    "_default_manager",
    # A manager's database, as in Django's documented custom user manager ("Customizing
    # authentication": ``user.save(using=self._db)``).
    "_db",
}


def project_trees() -> list[tuple[Path, ast.AST]]:
    trees = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        trees.append((path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))
    return trees


def own_names(trees) -> set[str]:
    """Names the project defines: functions, classes, and what it assigns (``self._x = ...``)."""
    names = set()
    for _path, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for leaf in ast.walk(target):
                        if isinstance(leaf, ast.Name):
                            names.add(leaf.id)
                        elif isinstance(leaf, ast.Attribute):
                            names.add(leaf.attr)
    return names


def private_attribute_uses() -> list[str]:
    trees = project_trees()
    ours = own_names(trees)
    found = []
    for path, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            name = node.attr
            if not name.startswith("_") or name.startswith("__") or name in DOCUMENTED | ours:
                continue
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: .{name}")
    return found


def test_no_private_attributes_of_other_peoples_objects():
    assert private_attribute_uses() == []
