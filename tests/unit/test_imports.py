"""The project's modules import safely from many threads at once, as Beam's SDK harness does.

A Flink worker unpickles DoFns and elements on several threads, each importing the module
its object names. Python's per-module import locks cannot order an import cycle across
threads: a CI run of the Flink test failed with "cannot import name 'STAGE' from partially
initialized module 'connectors.files.source'", because ``connectors/files/__init__.py``
imported its own modules (and every module imports its package first). Package
``__init__`` files now export their names lazily (pipeline/core/exports.py); these tests
read the source for import cycles and import every module concurrently in fresh
interpreters.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.sources import OURS, REPO, project_sources


def _type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _run_time_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The imports a module runs when it is imported: its top level, ``if`` and ``try``
    blocks included; not those inside functions (they run later, holding no import
    lock) nor those only type checkers read."""
    found: list[ast.Import | ast.ImportFrom] = []

    def walk(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.append(node)
            elif isinstance(node, ast.If) and not _type_checking(node):
                walk(node.body)
                walk(node.orelse)
            elif isinstance(node, ast.Try):
                walk(node.body)
                walk(node.orelse)
                walk(node.finalbody)
                for handler in node.handlers:
                    walk(handler.body)

    walk(tree.body)
    return found


def _lazy_exports(tree: ast.Module) -> dict[str, str]:
    """A package's exported names and the module each comes from, as its
    ``if TYPE_CHECKING:`` block imports them."""
    return {
        alias.asname or alias.name: node.module
        for block in tree.body
        if _type_checking(block)
        for node in block.body  # type: ignore[attr-defined]
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the project's modules importing it makes Python import (and lock) first:
    its own run-time imports, a lazily exported name's module, and its package."""
    sources = project_sources(root)
    trees = {module: ast.parse(path.read_bytes(), str(path)) for module, path in sources.items()}
    exports = {module: _lazy_exports(tree) for module, tree in trees.items()}
    graph: dict[str, set[str]] = {module: set() for module in sources}
    for module, tree in trees.items():
        package = module if sources[module].name == "__init__.py" else module.rpartition(".")[0]
        if "." in module:
            graph[module].add(module.rpartition(".")[0])
        for node in _run_time_imports(tree):
            if isinstance(node, ast.Import):
                graph[module] |= {alias.name for alias in node.names if alias.name in sources}
                continue
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if base not in sources:
                continue
            graph[module].add(base)
            for alias in node.names:
                if f"{base}.{alias.name}" in sources:
                    graph[module].add(f"{base}.{alias.name}")
                elif alias.name in exports[base]:
                    graph[module].add(exports[base][alias.name])
    return {module: edges - {module} for module, edges in graph.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (its modules, the first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for nxt in sorted(graph.get(module, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[module] = 2
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def test_the_project_imports_form_no_cycle() -> None:
    assert find_cycle(import_graph(REPO)) == []


def test_the_cycle_check_finds_a_package_importing_its_own_module(tmp_path: Path) -> None:
    """The check can fail: the ``connectors/files`` of the failed CI run is a cycle."""
    package = tmp_path / "connectors" / "files"
    package.mkdir(parents=True)
    (tmp_path / "connectors" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("from connectors.files.source import STAGE\n")
    (package / "source.py").write_text("from connectors.files.discover import Found\nSTAGE = 1\n")
    (package / "discover.py").write_text("class Found: ...\n")
    cycle = find_cycle(import_graph(tmp_path))
    assert cycle == ["connectors.files", "connectors.files.source", "connectors.files"]
    # Exported lazily, the same names make no cycle.
    (package / "__init__.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from connectors.files.source import STAGE\n"
    )
    assert find_cycle(import_graph(tmp_path)) == []


def _packages() -> list[str]:
    return [
        module
        for module, path in project_sources(REPO).items()
        if path.name == "__init__.py" and _lazy_exports(ast.parse(path.read_bytes()))
    ]


@pytest.mark.parametrize("name", _packages())
def test_a_package_exports_what_its_type_checking_block_names(name: str) -> None:
    path = REPO / name.replace(".", "/") / "__init__.py"
    declared = _lazy_exports(ast.parse(path.read_bytes()))
    # A name that is also a module of the package would be the module or the name
    # depending on what was imported first: none may be exported.
    submodules = {child.stem for child in path.parent.iterdir()} - {"__init__"}
    assert submodules.isdisjoint(declared)
    package = importlib.import_module(name)
    assert sorted(package.__all__) == sorted(declared)
    for export, module in declared.items():
        assert getattr(package, export) is getattr(importlib.import_module(module), export)
    with pytest.raises(AttributeError, match="no attribute 'not_exported'"):
        _ = package.not_exported


def test_package_inits_import_nothing_of_the_project_but_the_export_helper() -> None:
    imported = {
        module: {
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in _run_time_imports(ast.parse(path.read_bytes()))
            for alias in node.names
        }
        for module, path in project_sources(REPO).items()
        if path.name == "__init__.py"
    }
    ours = {
        module: {name for name in names if name and name.split(".")[0] in OURS}
        for module, names in imported.items()
    }
    assert {module: names for module, names in ours.items() if names - {EXPORTS}} == {}
    assert len(_packages()) >= 12  # the packages that export names, lazily


EXPORTS = "pipeline.core.exports"


# Beam's harness has imported apache_beam before any bundle runs (and apache_beam's own
# package imports are not safe to start on many threads at once), so the probe does too.
CONCURRENT_IMPORTS = """
import importlib, random, sys, threading
import apache_beam
modules = sys.argv[2:]
random.Random(int(sys.argv[1])).shuffle(modules)
start = threading.Barrier(len(modules))
failed = []

def load(module):
    start.wait()
    try:
        importlib.import_module(module)
    except BaseException as err:
        failed.append(f"{module}: {type(err).__name__}: {err}")

threads = [threading.Thread(target=load, args=(m,)) for m in modules]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("\\n".join(failed))
"""


@pytest.mark.parametrize("seed", range(4))
def test_every_module_imports_concurrently_in_a_fresh_interpreter(seed: int) -> None:
    """One thread per module, all released at once, in a new process each time.

    Before the packages exported lazily, every such run failed (82 to 108 of the 155
    modules, with ``_DeadlockError`` or a partially initialised module).
    """
    modules = sorted(project_sources(REPO))
    done = subprocess.run(
        [sys.executable, "-c", CONCURRENT_IMPORTS, str(seed), *modules],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == ""
