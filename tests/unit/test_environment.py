"""Configuration has one owner: only ``pipeline/app/settings.py`` reads the environment.

Connectors, stages, the kernel and the schemas get their settings through constructors
(README "Configuration"); the application resolves them once, at the edge. Every module
of the three packages is read with ``ast``, so a new ``os.environ`` or ``os.getenv``
anywhere else fails here, not in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("pipeline", "connectors", "schemas")
THE_READER = Path("pipeline/app/settings.py")
# Everything in ``os`` that reads (or changes) the process environment.
ENVIRONMENT = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def _environment_uses(source: str) -> list[int]:
    """Line numbers of ``os.environ``-like attributes and of names imported from os."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ENVIRONMENT
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            lines += [node.lineno for alias in node.names if alias.name in ENVIRONMENT]
    return sorted(lines)


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = [
        f"{path.relative_to(REPO)}:{line}"
        for top in PACKAGES
        for path in sorted((REPO / top).rglob("*.py"))
        if path.relative_to(REPO) != THE_READER
        for line in _environment_uses(path.read_text(encoding="utf-8"))
    ]
    assert readers == [], "read settings in pipeline/app/settings.py and pass them down"


def test_the_settings_module_reads_it_once() -> None:
    uses = _environment_uses((REPO / THE_READER).read_text(encoding="utf-8"))
    assert len(uses) == 1


def test_the_scan_finds_every_way_of_reading_it() -> None:
    """The checker itself can fail."""
    source = (
        "import os\n"
        "a = os.environ['A']\n"
        "b = os.getenv('B')\n"
        "from os import environ as env\n"
        "from os import path, getenv\n"
        "c = os.path.join('x', 'y')\n"
    )
    assert _environment_uses(source) == [2, 3, 4, 5]
