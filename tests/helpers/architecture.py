"""Test helper: read a source tree with `ast` (nothing is imported) and list what breaks the
architecture rules: front ends that know each other, Qt in the core, modules that grew too
long, cycles between packages, and modules looked up by name in the window.

Every checker takes the folder of the top package (`app/`) and returns the violations as
sentences, so a test can feed it the real tree or a small planted one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

QT_PACKAGES = ("PySide6", "shiboken6", "shiboken2", "PySide2", "PyQt5", "PyQt6")
FRONT_ENDS = ("cli", "gui")
LINE_LIMIT = 500


@dataclass(frozen=True)
class Import:
    """One import statement, resolved to an absolute dotted name."""

    source: Path
    line: int
    target: str


def modules(root: Path) -> dict[str, Path]:
    """Dotted name → file for every module under `root` (`app/x/__init__.py` is `app.x`)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = [root.name, *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _package_of_module(name: str, path: Path) -> str:
    """The package `name` lives in (itself for an `__init__.py`)."""
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def imports_in(name: str, path: Path) -> Iterator[Import]:
    """Every import in the file, including ones inside functions and TYPE_CHECKING blocks
    (a deferred import is still a dependency)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _package_of_module(name, path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(package, node.module, node.level)
            yield Import(path, node.lineno, base)
            for alias in node.names:  # `from app.core import errors` imports app.core.errors
                yield Import(path, node.lineno, f"{base}.{alias.name}")


def _absolute(package: str, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _within(target: str, prefix: str) -> bool:
    return target == prefix or target.startswith(prefix + ".")


def _where(root: Path, item: Import) -> str:
    return f"{item.source.relative_to(root.parent)}:{item.line}"


def all_imports(root: Path) -> Iterator[tuple[str, Import]]:
    for name, path in modules(root).items():
        for item in imports_in(name, path):
            yield name, item


def front_end_crossings(root: Path) -> list[str]:
    """`app.cli` importing `app.gui` or the reverse (only `app.start` may know both)."""
    top = root.name
    found = []
    for name, item in all_imports(root):
        for mine, other in (FRONT_ENDS, FRONT_ENDS[::-1]):
            if _within(name, f"{top}.{mine}") and _within(item.target, f"{top}.{other}"):
                found.append(f"{_where(root, item)} ({top}.{mine}) imports {item.target}")
    return sorted(set(found))


def qt_in_core(root: Path) -> list[str]:
    """Any Qt import in `app/core` (the core must run without a display or Qt at all)."""
    core = f"{root.name}.core"
    found = []
    for name, item in all_imports(root):
        if _within(name, core) and item.target.split(".")[0] in QT_PACKAGES:
            found.append(f"{_where(root, item)} imports {item.target}")
    return sorted(set(found))


def long_modules(root: Path, limit: int = LINE_LIMIT) -> list[str]:
    """Modules over `limit` lines (split them by meaning)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit:
            found.append(f"{path.relative_to(root.parent)} has {count} lines (limit {limit})")
    return found


def package_units(root: Path) -> dict[str, str]:
    """Module → the unit of the package graph it belongs to: `app.core` (its top-level
    basics), each `app.core.<sub>`, each other first-level package or module (`app.cli`,
    `app.gui`, `app.printing`, `app.start`), and `app` for its own `__init__`/`__main__`."""
    known = modules(root)
    top = root.name
    core_subpackages = {
        name
        for name, path in known.items()
        if path.name == "__init__.py" and name.count(".") == 2 and _within(name, f"{top}.core")
    }
    units = {}
    for name in known:
        parts = name.split(".")
        if len(parts) == 1 or parts[1] == "__main__":
            units[name] = top
        elif parts[1] == "core":
            sub = ".".join(parts[:3])
            units[name] = sub if sub in core_subpackages else f"{top}.core"
        else:
            units[name] = ".".join(parts[:2])
    return units


def package_graph(root: Path) -> dict[str, set[str]]:
    """Unit → the units it imports (`from a.b import name` counts as importing `a.b`).
    Importing one's own parent package (`import app` for `app.__file__`) is no edge: Python
    has always run the parents' `__init__` before the module itself."""
    known = modules(root)
    units = package_units(root)
    graph: dict[str, set[str]] = {unit: set() for unit in units.values()}
    for name, item in all_imports(root):
        target = _known_module(item.target, known)
        if target is None or _within(name, target) or units[name] == units[target]:
            continue
        graph[units[name]].add(units[target])
    return graph


def _known_module(target: str, known: dict[str, Path]) -> str | None:
    """`target`, or the longest prefix of it that is a module of the tree."""
    parts = target.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def package_cycles(root: Path) -> list[str]:
    """Each cycle between packages, printed as `a → b → a` (one per strongly connected set)."""
    graph = package_graph(root)
    return [" → ".join([*cycle, cycle[0]]) for cycle in _cycles(graph)]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One concrete cycle for each strongly connected component of more than one unit."""
    found = []
    for component in _strongly_connected(graph):
        if len(component) > 1:
            found.append(_a_cycle_in(sorted(component), graph))
    return sorted(found)


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Kosaraju: components by two depth-first passes (the graph has a few dozen nodes)."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(node: str, edges: dict[str, set[str]], out: list[str]) -> None:
        stack = [(node, iter(sorted(edges.get(node, ()))))]
        seen.add(node)
        while stack:
            current, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                out.append(current)
            elif child not in seen:
                seen.add(child)
                stack.append((child, iter(sorted(edges.get(child, ())))))

    for node in sorted(graph):
        if node not in seen:
            visit(node, graph, order)
    reverse: dict[str, set[str]] = {node: set() for node in graph}
    for node, targets in graph.items():
        for target in targets:
            reverse.setdefault(target, set()).add(node)
    seen.clear()
    components = []
    for node in reversed(order):
        if node not in seen:
            members: list[str] = []
            visit(node, reverse, members)
            components.append(set(members))
    return components


def _a_cycle_in(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through the component's first unit (breadth-first)."""
    start = component[0]
    inside = set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & inside):
            if child == start:
                return paths[node]
            if child not in paths:
                paths[child] = [*paths[node], child]
                queue.append(child)
    return component  # unreachable for a strongly connected component


def name_lookups(root: Path, package: str = "gui") -> list[str]:
    """Modules looked up by name (`importlib.import_module`, `__import__`) in `app/<package>`:
    a renamed module then fails at run time instead of at import, and mypy cannot follow."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(root.parent)
        for node in ast.walk(tree):
            line = getattr(node, "lineno", 0)
            called = _called_name(node)
            if called in ("import_module", "__import__", "importlib.import_module"):
                found.append(f"{where}:{line} calls {called}")
            if _imports_import_module(node):
                found.append(f"{where}:{line} imports it")
    return found


def _called_name(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return None


def _imports_import_module(node: ast.AST) -> bool:
    """`from importlib import import_module` (the lookup then hides behind a bare name)."""
    return (
        isinstance(node, ast.ImportFrom)
        and node.module == "importlib"
        and any(alias.name == "import_module" for alias in node.names)
    )


# -- the test tree -----------------------------------------------------------------------------


def imports_of_test_modules(tests_root: Path) -> list[str]:
    """Imports of a test module (`test_*.py`) from any other module of the test tree: shared
    helpers belong in `tests/helpers/`, so a test module can be moved or split alone."""
    known = modules(tests_root)
    found = []
    for name, path in known.items():
        for item in imports_in(name, path):
            target = _known_module(item.target, known)
            if target and target != name and known[target].name.startswith("test_"):
                found.append(f"{_where(tests_root, item)} imports {target}")
    return sorted(set(found))


def own_importorskips(tests_root: Path, own: tuple[str, ...] = ("app", "tests")) -> list[str]:
    """`pytest.importorskip` of our own code: an import error there must fail, not skip.
    A name that is not a plain string cannot be told apart, so it is listed too."""
    found = []
    for path in sorted(tests_root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if _called_name(node) not in ("importorskip", "pytest.importorskip"):
                continue
            assert isinstance(node, ast.Call)
            first = node.args[0] if node.args else None
            value = first.value if isinstance(first, ast.Constant) else None
            module = value if isinstance(value, str) else None
            if module is None or module.split(".")[0] in own:
                where = f"{path.relative_to(tests_root.parent)}:{node.lineno}"
                found.append(f"{where} skips when {module or 'a computed name'} fails to import")
    return found
