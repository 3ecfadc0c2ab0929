"""rigour's name-part data compiled once into a small cached table (``names.lexicon``).

Reading the 170,000 name items and keying their spellings takes about 20 seconds;
loading the result (90,000 keys, 1.8 MiB on disk, about 12 MiB in memory) a fraction
of a second. So the table is compiled by ``make kb`` (or on first use) into
``nameparts-<version>.pickle`` beside the gazetteer; its version hashes rigour's
version and the code that makes keys, so an upgrade of either compiles a new one.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import lru_cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from pipeline.entities.compiled import write_atomically
from pipeline.names.lexicon import (
    LexiconError,
    NameParts,
    compile_name_parts,
    name_items,
    rigour_core_path,
    rigour_resource,
)
from schemas import ConfigError

FORMAT_VERSION = 1


def nameparts_version() -> str:
    digest = hashlib.sha256(f"format {FORMAT_VERSION} rigour {version('rigour')}".encode())
    for module in ("fold.py", "key.py", "translit.py", "lexicon.py"):
        digest.update(resources.files("pipeline.names").joinpath(module).read_bytes())
    return digest.hexdigest()[:16]


def nameparts_path(cache_dir: str | Path) -> Path:
    return Path(cache_dir) / f"nameparts-{nameparts_version()}.pickle"


def build_name_parts(cache_dir: str | Path) -> Path:
    """Compile rigour's name parts into ``cache_dir`` (atomically); return the path."""
    try:
        items = name_items(rigour_resource(rigour_core_path().read_bytes()))
    except (LexiconError, OSError) as exc:
        raise ConfigError(f"cannot read rigour's name-part data: {exc}") from exc
    table = compile_name_parts(items)
    target = nameparts_path(cache_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fields = (table.canonical, table.names)
        write_atomically(target, pickle.dumps(fields, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        raise ConfigError(f"cannot write the name-part table to {cache_dir}: {exc}") from exc
    return target


@lru_cache(maxsize=1)
def cached_name_parts(cache_dir: str) -> NameParts:
    """The compiled table of this version from ``cache_dir`` (compiled first if missing),
    once per process."""
    path = nameparts_path(cache_dir)
    if not path.exists():
        path = build_name_parts(cache_dir)
    with open(path, "rb") as handle:
        canonical, names = pickle.load(handle)
    return NameParts(canonical, names)
