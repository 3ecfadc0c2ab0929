"""The entity stage on the seeds (KB only) and on unknown names (with the NER model)."""

from __future__ import annotations

import gc
import json
import pickle
from datetime import UTC, datetime
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.utils.shared import Shared

from pipeline.core.deadletters import DeadLetterCollector
from pipeline.entities import EntityConfig, EntityStage, EntityStageFactory
from pipeline.entities.annotate import annotate
from pipeline.entities.beam import link_entities
from pipeline.entities.config import DEFAULT_NER_MODEL
from pipeline.entities.kb import KbEntity, write_jsonl
from pipeline.entities.linker import Mention
from pipeline.entities.ner import NerModel
from pipeline.stages.extract import extract
from pipeline.stages.identify import identify
from schemas import Article, ConfigError, DocumentKind, EntityType, RawDocument
from tests.conftest import FIXTURES, SEEDS

NOW = datetime(2025, 7, 9, tzinfo=UTC)
GOLD = json.loads((FIXTURES / "entities" / "gold_seeds.json").read_text("utf-8"))


def _article(origin: str, text: str) -> Article:
    raw = RawDocument(origin=origin, kind=DocumentKind.PLAIN_TEXT, payload=text)
    return identify(extract(raw), ingested_at=NOW)


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    stage = EntityStage(EntityConfig(ner=False))
    articles = [_article(str(p), p.read_text("utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    return {a.origin.rsplit("/", 1)[1][:3]: a for a in stage.link_batch(articles)}


def test_yekaterinburg_is_one_entity_across_seeds(seeds: dict[str, Article]) -> None:
    for seed in ("000", "001", "003"):
        assert "Q887" in seeds[seed].entity_ids
        assert "Yekaterinburg" in seeds[seed].places
    assert next(e for e in seeds["003"].entities if e.id == "Q887").mentions == ("Ekaterinburg",)


def test_machine_translation_variants_in_seed_002(seeds: dict[str, Article]) -> None:
    entities = {e.id: e for e in seeds["002"].entities}
    # "Elham Aliyev" is only in 002's tag line: extraction keeps it as a tag, and the
    # stage links tags too, with no offset into the text.
    aliyev = entities["kb:per:ilham-aliyev"]
    assert (aliyev.name, aliyev.mentions, aliyev.first_offset) == (
        "Ilham Aliyev",
        ("Elham Aliyev",),
        None,
    )
    assert "Ilham Aliyev" in seeds["002"].people
    assert entities["kb:loc:grozny"].mentions == ("Grozen",)
    assert entities["kb:loc:aktau"].mentions == ("Actao",)
    assert entities["kb:org:embraer"].mentions == ("Ambrair",)
    assert entities["kb:org:azerbaijan-airlines"].mentions == ("Azal",)
    # A region and the region inside it are two entities (gold_seeds.json, "notes").
    assert entities["kb:loc:nagorno-karabakh"].mentions == ("Nagorno -Karabakh",)
    assert set(entities["kb:loc:karabakh"].mentions) == {"Karabagh", "Gharabagh"}
    assert "Armenpress" in seeds["004"].organizations
    assert (
        "Armepress"
        in next(e for e in seeds["004"].entities if e.id == "kb:org:armenpress").mentions
    )


def test_raw_seeds_match_the_gold_annotation() -> None:
    stage = EntityStage(EntityConfig(ner=False))
    names = list(GOLD["documents"])
    found = stage.mentions([(SEEDS / name).read_text("utf-8") for name in names])
    for name, mentions in zip(names, found, strict=True):
        linked: dict[str, set[str]] = {}
        for m in mentions:
            linked.setdefault(m.entity_id, set()).add(" ".join(m.surface.split()))
        assert linked == {k: set(v) for k, v in GOLD["documents"][name]["linked"].items()}
    assert tuple(m.surface for m in found[2] if m.entity_id == "kb:per:ilham-aliyev") == (
        "Elham Aliyev",
    )


def test_facets_and_counts(seeds: dict[str, Article]) -> None:
    article = seeds["004"]
    aliyev = next(e for e in article.entities if e.id == "kb:per:ilham-aliyev")
    assert aliyev.type is EntityType.PERSON
    assert aliyev.name == "Ilham Aliyev"
    assert aliyev.count >= 2
    assert set(aliyev.mentions) == {"Aliyev", "Ilham Aliyev"}
    assert aliyev.first_offset is not None
    assert article.text[aliyev.first_offset :].startswith(aliyev.mentions[0])
    assert "Ilham Aliyev" in article.people
    assert "Baku" in article.places
    assert article.entity_ids == tuple(e.id for e in article.entities)


def test_annotate_without_mentions_clears_nothing_it_should_not() -> None:
    article = _article("x.txt", "Nothing to see here, only words and more words today.")
    assert annotate(article, []).entities == ()
    mention = Mention("Q9248", EntityType.LOCATION, "Baku", "Bakı", 0, 4, "exact", 1.0, "")
    assert annotate(article, [mention]).places == ("Baku",)


def test_ner_gives_unknown_names_one_provisional_id_across_articles() -> None:
    stage = EntityStage(EntityConfig(ner=True))
    first = _article(
        "a.txt",
        "Analyst Gulnara Mammadova told reporters in Baku that talks would resume. "
        "Mammadova added that Yerevan had agreed.",
    )
    second = _article(
        "b.txt",
        "According to Gulnara Mamadova, the talks in Baku went well for both sides overall.",
    )
    linked = stage.link_batch([first, second])
    ids = [[e.id for e in a.entities if e.id.startswith("new:")] for a in linked]
    # vowels in classes; Gulnara by its name in rigour's data (Gulnar, Gülnar, Гульнара)
    assert ids[0] == ids[1] == ["new:PER:gulnar-mamaduva"]
    unknown = next(e for e in linked[0].entities if e.id.startswith("new:"))
    assert unknown.count == 2
    assert unknown.mentions == ("Gulnara Mammadova", "Mammadova")
    assert "Baku" in linked[1].places


def test_ner_does_not_invent_entities_for_demonyms_or_kb_surnames() -> None:
    stage = EntityStage(EntityConfig(ner=True))
    article = _article(
        "c.txt", "Azerbaijani officials and Aliyev met Russian diplomats in Moscow on Monday."
    )
    (linked,) = stage.link_batch([article])
    assert linked.entity_ids == ("Q649",)


def test_a_place_the_model_reads_as_part_of_a_persons_name_or_a_work_is_no_place() -> None:
    """From Readability.js's and Fundus's pages: a KB country inside a person's name the
    model reads (Israel Katz, Georgia Davies), a town's name the model reads as a work
    (Batman the character); a place alone, or nested in a body's name, stays."""
    stage = EntityStage(EntityConfig(ner=True))
    article = _article(
        "d.txt",
        "Israeli Defence Minister Israel Katz said the country would continue. "
        "Right this time, because you are Batman in this detective yarn, you grab the cape. "
        "Missiles hit Kyiv on Sunday, and Israel protested to the U.S. Senate.",
    )
    (linked,) = stage.link_batch([article])
    places = {e.name: e.mentions for e in linked.entities if e.type is EntityType.LOCATION}
    assert places == {"Kyiv": ("Kyiv",), "Israel": ("Israel",), "United States": ("U.S",)}
    people = [e.name for e in linked.entities if e.type is EntityType.PERSON]
    assert people == ["Israel Katz"]


class _CountingFactory(EntityStageFactory):
    """The real factory, counting how often it loads a stage. The count is a class
    attribute: the pipeline's DoFns call unpickled copies of the factory (in this
    process, on FnApiRunner)."""

    built = 0

    def _build(self) -> EntityStage:
        type(self).built += 1
        return super()._build()


class _Other:
    """Something else acquired through a Shared, as a cycle's fetcher is."""


def _link_in_pipeline(factory: EntityStageFactory, text: str) -> None:
    with BeamTestPipeline(runner="FnApiRunner") as pipeline:
        articles = pipeline | beam.Create([_article("mem://x", text)])
        with DeadLetterCollector() as dead:
            linked = link_entities(articles, factory.config, dead, stage=factory)
        assert_that(
            linked | beam.Map(lambda a: a.entity_ids), equal_to([("Q887",)]), label="linked"
        )
        assert_that(dead.output(), equal_to([]), label="dead")
    # Beam's Shared keeps only the object acquired last alive on its own; in a cycle of
    # `newsflow run` that is as often the fetcher as the entity stage.
    Shared().acquire(_Other)
    gc.collect()


def test_a_held_entity_stage_is_loaded_once_for_many_pipelines() -> None:
    _CountingFactory.built = 0
    factory = _CountingFactory(EntityConfig(ner=False))
    held = factory()  # what `newsflow run` keeps between its cycles
    for _ in range(3):
        _link_in_pipeline(factory, "Yekaterinburg\n\nThe mayor of Ekaterinburg spoke.")
    assert _CountingFactory.built == 1
    assert factory() is held


def test_without_a_holder_each_pipeline_loads_its_own_stage() -> None:
    _CountingFactory.built = 0
    factory = _CountingFactory(EntityConfig(ner=False))
    for _ in range(2):
        _link_in_pipeline(factory, "Yekaterinburg\n\nThe mayor of Ekaterinburg spoke.")
    assert _CountingFactory.built == 2


def test_extra_kb_files_travel_with_the_factory(tmp_path: Path) -> None:
    """A worker on another machine has the package but not the driver's files."""
    kb_file = tmp_path / "extra.jsonl"
    write_jsonl([KbEntity("kb:loc:qazax", EntityType.LOCATION, "Qazax", ("Gazakh",))], kb_file)
    factory = EntityStageFactory(EntityConfig(kb_paths=(str(kb_file),), ner=False))
    shipped = pickle.dumps(factory)
    kb_file.unlink()
    stage = pickle.loads(shipped)()
    linked = stage.link(_article("mem://q", "Gazakh\n\nShelling was reported near Gazakh."))
    assert "kb:loc:qazax" in linked.entity_ids


def test_a_missing_kb_file_fails_where_the_pipeline_is_built(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"cannot read knowledge base .*missing\.jsonl"):
        EntityStageFactory(EntityConfig(kb_paths=(str(tmp_path / "missing.jsonl"),)))


def test_ner_forgets_the_new_words_of_each_batch() -> None:
    """A long run meets new names and numbers all the time; spaCy's vocabulary must
    not keep each of them (its memory would grow without end)."""
    ner = NerModel(DEFAULT_NER_MODEL)
    ner.spans(["Warm-up text about Baku and Moscow."], batch_size=4)
    before = ner.vocabulary_size()
    for batch in range(5):
        texts = [
            f"Analyst Zorvath{batch}x{n} met Qelbrin{batch}y{n} in Baku on day {batch * 100 + n}."
            for n in range(20)
        ]
        found = ner.spans(texts, batch_size=8)
        assert len(found) == 20
    assert ner.vocabulary_size() == before


def test_a_factory_for_this_process_reads_the_kb_files_where_it_builds(tmp_path: Path) -> None:
    """`newsflow run` on the local runner builds the stage itself: nothing is shipped."""
    kb_file = tmp_path / "extra.jsonl"
    write_jsonl([KbEntity("kb:loc:qazax", EntityType.LOCATION, "Qazax", ("Gazakh",))], kb_file)
    factory = EntityStageFactory(EntityConfig(kb_paths=(str(kb_file),), ner=False), ship_kb=False)
    shipped = pickle.dumps(factory)
    assert len(shipped) < 1000
    assert "kb:loc:qazax" in pickle.loads(shipped)().linker.kb.entities


def test_the_articles_outlet_is_context_for_its_places() -> None:
    stage = EntityStage(EntityConfig(ner=False))
    text = "Armavir\n\nVoters in Armavir backed the government on Sunday, officials said."
    armenian = _article("a.txt", text).model_copy(update={"source": "Armenpress"})
    russian = _article("r.txt", text).model_copy(update={"source": "TASS"})
    linked = stage.link_batch([armenian, russian])
    assert [a.entity_ids for a in linked] == [("kb:loc:armavir-am",), ("kb:loc:armavir-ru",)]


def test_rigour_symbols_that_cannot_be_read_are_a_setup_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The stage builds the organisation keys' symbol tables when it is built with NER
    # on; rigour's core without its data frames (as in a rigour whose layout changed)
    # fails there, with a clear error, and not in every article's organisation key.
    import pipeline.names.lexicon as lexicon
    import pipeline.names.orgs as orgs
    from pipeline.entities.stage import _load_keyed_symbols
    from schemas import ConfigError

    monkeypatch.setattr(lexicon, "rigour_core_path", lambda: Path(lexicon.__file__))
    orgs._keyed_symbols.cache_clear()
    orgs._rigour_spellings.cache_clear()
    try:
        with pytest.raises(ConfigError, match="rigour's organisation symbols"):
            _load_keyed_symbols()
    finally:
        monkeypatch.undo()
        orgs._keyed_symbols.cache_clear()
        orgs._rigour_spellings.cache_clear()
    orgs.load_keyed_symbols()  # the real data reads
    assert orgs.org_key("Хезболла") == "HEZBOLLAH"
