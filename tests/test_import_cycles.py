"""No two kroniek modules import each other, directly or round a longer loop (issue 12).

Module-level imports, `if TYPE_CHECKING:` blocks included (a loop of type-only imports is still two modules
that cannot be read one without the other). Imports inside functions are left out: they run when called,
after both modules are loaded.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "kroniek"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(tree: ast.Module, name: str, is_package: bool, known: set[str]) -> set[str]:
    found: set[str] = set()
    for node in tree.body:
        for inner in [node] if not isinstance(node, (ast.If, ast.Try)) else ast.walk(node):
            if isinstance(inner, ast.Import):
                found.update(alias.name for alias in inner.names)
            elif isinstance(inner, ast.ImportFrom):
                base = inner.module or ""
                if inner.level:
                    anchor = name.split(".")[: len(name.split(".")) - inner.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, base] if base else anchor)
                found.add(base)
                found.update(
                    f"{base}.{alias.name}" for alias in inner.names if f"{base}.{alias.name}" in known
                )
    return {module for module in found if module in known and module != name}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {_module_name(path) for path in paths}
    return {
        _module_name(path): _top_level_imports(
            ast.parse(path.read_text(encoding="utf-8")), _module_name(path), path.name == "__init__.py", known
        )
        for path in paths
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_import_cycles_finds_a_loop() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# Packages import their own submodules and the submodules import names from the package's __init__ in
# some places; a package and its children is not what issue 12 means by a cycle.
def _without_package_parents(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {
        module: {t for t in targets if not (t.startswith(module + ".") or module.startswith(t + "."))}
        for module, targets in graph.items()
    }


def test_import_cycles_none_between_modules() -> None:
    found = cycles(_without_package_parents(import_graph()))
    assert found == [], found
