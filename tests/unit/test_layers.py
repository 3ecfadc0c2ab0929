"""The layering rule of the README's "Architecture" section, checked on the source.

    pipeline/app      may import everything below it
    connectors/       may import pipeline.core, the stage packages and schemas
    stage packages    (pipeline.stages, .dedup, .names, .entities) may import pipeline.core,
                      schemas and each other without a cycle
    pipeline/core     may import schemas only
    schemas/          imports none of the project's packages

Every ``import`` statement of the three packages is read with ``ast`` (lazy imports inside
functions included), so a new import that breaks the rule fails here, not in review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.sources import OURS, REPO, project_sources

STAGE_PACKAGES = ("pipeline.stages", "pipeline.dedup", "pipeline.names", "pipeline.entities")


def _imports(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_bytes(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # "from pipeline.core import metrics" imports the module pipeline.core.metrics
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _ours(name: str) -> bool:
    return name.split(".")[0] in OURS


def _project_imports() -> list[tuple[str, str]]:
    edges = []
    for importer, path in project_sources().items():
        edges += [(importer, name) for name in _imports(path) if _ours(name)]
    return edges


def _layer(module: str) -> str:
    if module.startswith("pipeline.app"):
        return "app"
    if module.startswith("pipeline.core"):
        return "core"
    for package in STAGE_PACKAGES:
        if module == package or module.startswith(package + "."):
            return package
    if module.startswith("connectors"):
        return "connectors"
    if module.startswith("schemas"):
        return "schemas"
    if module == "pipeline":
        return "core"  # the empty namespace package itself
    raise AssertionError(f"{module} belongs to no layer: put it in pipeline/core, app or a stage")


ALLOWED = {
    "schemas": {"schemas"},
    "core": {"core", "schemas"},
    "connectors": {"connectors", "core", "schemas", *STAGE_PACKAGES},
    "app": {"app", "connectors", "core", "schemas", *STAGE_PACKAGES},
    **{package: {package, "core", "schemas", *STAGE_PACKAGES} for package in STAGE_PACKAGES},
}


def test_every_import_respects_the_layers() -> None:
    broken = [
        f"{importer} imports {imported} ({_layer(importer)} -> {_layer(imported)})"
        for importer, imported in _project_imports()
        if _layer(imported) not in ALLOWED[_layer(importer)]
    ]
    assert broken == []


def test_stage_packages_import_each_other_without_a_cycle() -> None:
    graph: dict[str, set[str]] = {package: set() for package in STAGE_PACKAGES}
    for importer, imported in _project_imports():
        a, b = _layer(importer), _layer(imported)
        if a in graph and b in graph and a != b:
            graph[a].add(b)

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt}))
            for nxt in graph[start]
        )

    cycles = [package for package in graph if reaches(package, package)]
    assert cycles == [], f"stage packages in an import cycle: {graph}"


def test_the_rule_catches_a_connector_importing_the_app() -> None:
    """The checker itself can fail: a connector -> app edge is reported."""
    assert _layer("pipeline.app.config") not in ALLOWED[_layer("connectors.rss.poll")]
    assert _layer("connectors.http") not in ALLOWED[_layer("pipeline.core.deadletters")]
    assert _layer("connectors.files") not in ALLOWED[_layer("pipeline.stages.extract")]


HEAVY = ("trafilatura", "icu", "ahocorasick", "rapidfuzz", "wordfreq", "spacy", "pipeline.entities")


@pytest.mark.parametrize(
    "module", ["connectors.elasticsearch.transforms", "connectors.deadletter.transforms"]
)
def test_sinks_import_no_extraction_or_entity_library(module: str) -> None:
    probe = f"import sys, {module}; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""
