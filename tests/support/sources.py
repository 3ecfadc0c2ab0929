"""The project's own Python modules, by dotted name, for tests that read the source."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OURS = ("pipeline", "connectors", "schemas")


def module_name(path: Path, root: Path = REPO) -> str:
    """connectors/files/__init__.py -> connectors.files; pipeline/core/clock.py ->
    pipeline.core.clock."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_sources(root: Path = REPO) -> dict[str, Path]:
    """Every module of the three packages under ``root`` -> its file, in path order."""
    paths = [path for top in OURS for path in sorted((root / top).rglob("*.py"))]
    return {module_name(path, root): path for path in paths}
