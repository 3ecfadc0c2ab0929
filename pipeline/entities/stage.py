"""The entity-linking stage as plain Python: load once, then link articles in batches."""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from apache_beam.utils.shared import Shared

from pipeline.entities.annotate import annotate
from pipeline.entities.compiled import cached_gazetteer, curated_aliases
from pipeline.entities.config import EntityConfig
from pipeline.entities.kb import KnowledgeBase, starter_kb
from pipeline.entities.linker import Evidence, Linker, Mention
from pipeline.entities.loaders import load_any, read_any
from pipeline.entities.nameparts import cached_name_parts
from pipeline.entities.ner import NerSpan, SpanModel, load_models
from pipeline.entities.searchnames import EntityNames
from pipeline.entities.synonyms import synonym_rules
from pipeline.entities.unknown import unknown_mentions
from pipeline.names.lexicon import LexiconError
from pipeline.names.orgs import load_keyed_symbols
from pipeline.stages.identify import detect_language
from schemas import Article, ConfigError, EntityType

# KB files up to this size (in total) travel inside the job, so workers on other
# machines need not have them; larger ones are read on each worker from their path.
MAX_SHIPPED_KB_BYTES = 64 * 2**20


def load_kb(config: EntityConfig) -> KnowledgeBase:
    """The starter KB plus every file of ``config.kb_paths``."""
    kb = starter_kb()
    for path in config.kb_paths:
        kb = kb.plus(load_any(Path(path)))
    return kb


def build_linker(config: EntityConfig, kb: KnowledgeBase | None = None) -> Linker:
    """The linker ``config`` asks for: the KB (starter + files) and, unless switched off,
    the compiled open-data gazetteer (built into ``config.kb_cache_dir`` on first use);
    rigour's name parts are compiled there too, when a name the KB lacks is first keyed."""
    gazetteer = cached_gazetteer(config.kb_cache_dir) if config.gazetteer else None
    return Linker(
        kb if kb is not None else load_kb(config),
        config.fuzzy_threshold,
        gazetteer,
        partial(cached_name_parts, config.kb_cache_dir),
    )


def synonyms_for(config: EntityConfig) -> list[str]:
    """The search analyzer's synonym rules: the KB's alias sets, each widened with the
    gazetteer's spellings of that entity when the gazetteer is on."""
    kb = load_kb(config)
    extra = curated_aliases(config.kb_cache_dir, kb) if config.gazetteer else None
    return synonym_rules(kb, extra=extra)


def _load_keyed_symbols() -> None:
    """The organisation keys' symbol tables (``orgs.load_keyed_symbols``), a setup error
    if rigour's data cannot be read."""
    try:
        load_keyed_symbols()
    except (LexiconError, OSError) as exc:
        raise ConfigError(f"cannot read rigour's organisation symbols: {exc}") from exc


class EntityStage:
    """KB linker and (optionally) NER, built once; ``link_batch`` is the per-batch work."""

    def __init__(self, config: EntityConfig, kb: KnowledgeBase | None = None) -> None:
        self.config = config
        self.linker = build_linker(config, kb)
        self.ner: dict[str, SpanModel] = load_models(config.ner_models) if config.ner else {}
        if self.ner:  # NER keys the names the KB lacks: load (or compile) the table now,
            # where a bad cache directory is a setup error; with its spellings by name,
            # which compound given names are read through
            self.linker.name_parts.load_spellings()
            _load_keyed_symbols()
        self.names = EntityNames(self.linker.kb, self.linker.gazetteer)

    def mentions(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Linked mentions of each text (its language detected): KB first, then NER."""
        languages = [detect_language(text) for text in texts]
        linked = [
            self.linker.link(t, language=lang) for t, lang in zip(texts, languages, strict=True)
        ]
        return self._with_ner(texts, linked, languages)

    def _with_ner(
        self,
        texts: Sequence[str],
        linked: list[list[Mention]],
        languages: Sequence[str | None],
    ) -> list[list[Mention]]:
        """Each NER model on the texts in its language only: an English model reads German
        nouns and Russian adverbs as names. Elsewhere the KB alone speaks."""
        if not self.ner:
            return linked
        spans: list[list[NerSpan]] = [[] for _ in texts]
        for language, model in self.ner.items():
            ours = [i for i, lang in enumerate(languages) if lang == language]
            if not ours:
                continue
            read = model.spans([texts[i] for i in ours], self.config.ner_batch_size)
            for index, text_spans in zip(ours, read, strict=True):
                spans[index] = text_spans
        results = []
        for text, mentions, ner, lang in zip(texts, linked, spans, languages, strict=True):
            kept = [m for m in mentions if not _named_otherwise(m, ner)]
            found = unknown_mentions(self.linker, text, kept, ner, lang or "en")
            results.append(sorted(kept + found, key=lambda m: m.start))
        return results

    def link_batch(self, articles: Sequence[Article]) -> list[Article]:
        texts = [article.text for article in articles]
        documents = [
            self.linker.link_document(a.text, self.linker.outlet_evidence(a.source), a.language)
            for a in articles
        ]
        languages = [a.language or detect_language(a.text) for a in articles]
        found = self._with_ner(texts, [mentions for mentions, _ in documents], languages)
        return [
            annotate(article, mentions, self.outside_text(article, evidence), self.names)
            for article, mentions, (_, evidence) in zip(articles, found, documents, strict=True)
        ]

    def outside_text(self, article: Article, evidence: Evidence | None = None) -> list[Mention]:
        """KB mentions in the title and the tags, which name the story's entities too
        (seed 002 names "Elham Aliyev" only in its tags), read with what the text says
        (``evidence``). A title that is just the lead sentence is skipped: its mentions
        are already in the text."""
        if evidence is None:
            evidence = self.linker.link_document(article.text, language=article.language)[1]
        lead = article.title.rstrip("…")
        fields = [article.title] if not article.text.startswith(lead) else []
        return [
            m
            for field in (*fields, *article.tags)
            for m in self.linker.link(field, evidence, article.language)
        ]

    def link(self, article: Article) -> Article:
        return self.link_batch([article])[0]

    def __call__(self, articles: Sequence[Article]) -> list[Article]:
        return self.link_batch(articles)


def _named_otherwise(mention: Mention, spans: Sequence[NerSpan]) -> bool:
    """A place the NER model reads, in its sentence, as something else: the place link
    goes. A gazetteer place inside (or as) the name of a person or an organisation ("His
    father, Irving, ..."), or as the whole name of a work, product or event ("you are
    Batman in this detective yarn"); a KB place's exact name inside a longer name of a
    person (Israel Katz, Georgia Davies, Moscow Mick). A KB place the model reads alone
    as a person or an organisation stays (the small model takes Kyiv for one), and so
    does a place inside a longer title or body (the Battle of Stalingrad, the U.S. Senate:
    nested mentions of the place)."""
    if mention.type is not EntityType.LOCATION:
        return False
    for s in spans:
        inside = s.start <= mention.start and mention.end <= s.end
        whole = (s.start, s.end) == (mention.start, mention.end)
        if mention.method == "gazetteer" and (
            (s.type is None and whole)
            or (s.type in (EntityType.PERSON, EntityType.ORGANIZATION) and inside)
        ):
            return True
        if mention.method == "exact" and s.type is EntityType.PERSON and inside and not whole:
            return True
    return False


class EntityStageFactory:
    """Builds the stage on the worker (``DoFn.setup``) from what is pickled with it: the
    config and the extra KB files' contents (read here, where the pipeline is built,
    up to ``MAX_SHIPPED_KB_BYTES``), so a worker needs the package and nothing else.

    The stage (KB automaton, spaCy model) is one per process through Beam's
    ``Shared``: every DoFn instance of every pipeline built with this factory gets the
    same stage while anything holds it. ``newsflow run`` holds it between its cycles,
    so the model loads once per run, not once per cycle.
    """

    def __init__(
        self, config: EntityConfig, shared: Shared | None = None, *, ship_kb: bool = True
    ) -> None:
        """``ship_kb=False`` when the stage is built in this process anyway (``newsflow
        run`` on the local runner): then the files are not pickled into every cycle."""
        self.config = config
        self._shared = shared or Shared()
        self._kb_files = _read_small(config.kb_paths) if ship_kb else None

    def __call__(self) -> EntityStage:
        stage: EntityStage = self._shared.acquire(self._build)
        return stage

    def _build(self) -> EntityStage:
        if self._kb_files is None:
            return EntityStage(self.config)
        kb = starter_kb()
        for name, data in self._kb_files:
            kb = kb.plus(read_any(io.StringIO(data.decode("utf-8"), newline=""), name))
        return EntityStage(self.config, kb)


def _read_small(paths: Sequence[str]) -> tuple[tuple[str, bytes], ...] | None:
    """The files' contents if they are small enough to ship with the job, else None."""
    try:
        if sum(Path(path).stat().st_size for path in paths) > MAX_SHIPPED_KB_BYTES:
            return None
        return tuple((path, Path(path).read_bytes()) for path in paths)
    except OSError as exc:
        raise ConfigError(f"cannot read knowledge base {exc.filename}: {exc.strerror}") from exc
