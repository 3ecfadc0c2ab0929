"""Every DoFn of the three pipelines treats a bug the same way: dead letters, nothing lost.

The pipelines are built as ``newsflow replay``, ``newsflow run`` and ``newsflow deadletter
replay`` build them (not run: no Elasticsearch needed). Every ParDo in them is either
``Guarded`` (the kernel's wrapper) or one of the few listed steps that guard their items
themselves or come after the sink. Then each guarded step, as built, is handed a bug
for a real element of its input: the element comes back as dead letters of that step's
stage, with the bug as the reason and the input kept for a replay.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import apache_beam as beam
import pytest
from apache_beam.pipeline import PipelineVisitor
from apache_beam.pvalue import TaggedOutput
from apache_beam.testing.test_pipeline import TestPipeline as BeamTestPipeline
from apache_beam.testing.util import assert_that, equal_to

from connectors.deadletter import DeadLetterConfig
from connectors.elasticsearch import EncodedDoc, EsConfig
from connectors.http import HttpConfig
from connectors.rss import FeedPolicy, FeedSpec, PollResult
from connectors.rss.state import state_for
from pipeline.app import deadletter_replay
from pipeline.app.assembly import FeedsSpec, ReplaySpec, build_feeds, build_replay
from pipeline.core.deadletters import (
    DEAD_LETTER,
    DeadLetterCollector,
    Guarded,
    apply_batch_stage,
)
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.fingerprint import Fingerprinted, fingerprint
from pipeline.stages.extract import extract
from pipeline.stages.identify import identify
from schemas import DeadLetter, DocumentKind, InvalidInput, RawDocument, Stage

NOW = datetime(2025, 7, 9, tzinfo=UTC)
SEEDS = Path(__file__).resolve().parents[4] / "seeds"
ES = EsConfig(url="http://127.0.0.1:9", index="guarded-test")
# ParDos that are not Guarded, and why.
NOT_GUARDED = {
    "_LaneFn",  # fetches on pool threads and guards each item there (connectors.rss.lanes)
    "AppendDeadLetterFn",  # the last resort after the sink: if it fails, the run fails
    "ProgressTapFn",  # writes a byte per outcome for the progress bar
}


def _clock() -> datetime:
    return NOW


def _raw(origin: str = "/in/a.txt") -> RawDocument:
    return RawDocument(
        origin=origin, kind=DocumentKind.PLAIN_TEXT, payload="Baku\n\nFlights to Baku resume."
    )


def _article() -> Any:
    return identify(extract(_raw()), ingested_at=NOW)


def _letter(stage: Stage) -> DeadLetter:
    return DeadLetter.build(
        stage=stage,
        error=InvalidInput("was bad"),
        origin="/in/a.txt",
        payload=_article().model_dump_json(),
        failed_at=NOW,
    )


def _poll_result() -> PollResult:
    spec = FeedSpec(id="f", url="http://news.example/feed.xml")
    return PollResult("f", state_for(spec, None))


# What each step is given, as its input arrives (a batch for the batched steps), and
# the origins its dead letters must name: one per element the input stands for.
INPUTS: dict[str, tuple[Any, list[str]]] = {
    "Read": ("/in/a.txt", ["/in/a.txt"]),
    "extract": (_raw(), ["/in/a.txt"]),
    "identify": (extract(_raw()), ["/in/a.txt"]),
    "dedup": (_article(), ["/in/a.txt"]),
    "Decide": (
        (0, [Fingerprinted(_article(), fingerprint(_article(), DedupConfig()))]),
        ["/in/a.txt"],
    ),
    "entities": ([_article(), _article()], ["/in/a.txt", "/in/a.txt"]),
    "sink": (_article(), ["/in/a.txt"]),  # encoding it for the bulk request
    "Bulk": ([EncodedDoc.of(_article())], ["/in/a.txt"]),
    "Save": ([_poll_result()], ["http://news.example/feed.xml"]),
    "Write": (_letter(Stage.SINK), ["/in/a.txt"]),
    "Resume": (_letter(Stage.DEDUP), ["/in/a.txt"]),
}


class _Steps(PipelineVisitor):  # type: ignore[misc]
    def __init__(self) -> None:
        self.guarded: dict[str, Guarded] = {}
        self.unguarded: set[str] = set()

    def visit_transform(self, node: Any) -> None:
        transform = node.transform
        if not isinstance(transform, beam.ParDo) or node.full_label.startswith("Create"):
            return
        fn = transform.fn
        name = [part for part in node.full_label.split("/") if not part.startswith("ParDo(")][-1]
        if isinstance(fn, Guarded):
            self.guarded[name] = fn
        elif type(fn).__module__.startswith(("pipeline", "connectors")):
            self.unguarded.add(type(fn).__name__)


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> _Steps:
    tmp_path = tmp_path_factory.mktemp("steps")
    dead_letter = DeadLetterConfig(path=str(tmp_path / "dead.jsonl"))
    steps = _Steps()
    replay = beam.Pipeline()
    build_replay(replay, ReplaySpec(path=str(SEEDS), es=ES, dead_letter=dead_letter), _clock)
    feeds = beam.Pipeline()
    spec = FeedsSpec(es=ES, http=HttpConfig(), policy=FeedPolicy(), dead_letter=dead_letter)
    build_feeds(feeds, spec, [], _clock)
    letters = beam.Pipeline()
    deadletter_replay.build(letters, [], ES, dead_letter, DedupConfig(), spec.entities, _clock)
    for pipeline in (replay, feeds, letters):
        pipeline.visit(steps)
    return steps


def test_every_pardo_of_the_pipelines_is_guarded(steps: _Steps) -> None:
    assert steps.unguarded <= NOT_GUARDED
    assert set(steps.guarded) == set(INPUTS)


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_a_bug_in_a_step_dead_letters_its_input_with_stage_and_reason(
    name: str, steps: _Steps
) -> None:
    guarded = steps.guarded[name]
    element, origins = INPUTS[name]
    outputs = list(guarded.dead_letters(element, KeyError("a bug")))
    assert all(isinstance(out, TaggedOutput) and out.tag == DEAD_LETTER for out in outputs)
    letters = [out.value for out in outputs]
    assert [letter.origin for letter in letters] == origins
    stage = guarded._stage  # the step's own stage, or the replayed letter's
    for letter in letters:
        expected = element.stage if isinstance(element, DeadLetter) else stage
        assert letter.stage == expected
        assert letter.error_type == "RuntimeError"
        assert letter.reason == f"unexpected KeyError in stage {stage}: 'a bug'"
        assert not letter.transient
        # A file is read again and a feed polled again; identify's input (the extraction)
        # is not kept, as before (see pipeline.app.resume).
        if name not in ("Read", "Save", "identify"):
            assert letter.payload is not None


def _explode(batch: list[int]) -> list[int]:
    raise KeyError(f"batch of {len(batch)}")


def _explode_stage() -> Any:
    return _explode


def test_a_bug_in_a_batch_dead_letters_every_element_of_the_batch() -> None:
    with BeamTestPipeline(runner="FnApiRunner") as p:
        with DeadLetterCollector() as dead:
            ok = apply_batch_stage(
                p | beam.Create([1, 0, 2]), Stage.ENTITIES, _explode_stage, 3, dead, _clock
            )
        assert_that(ok, equal_to([]), label="ok")
        letters = dead.output() | beam.Map(lambda d: (str(d.stage), d.origin, d.reason[:40]))
        reason = "unexpected KeyError in stage entities: '"
        assert_that(
            letters,
            equal_to([("entities", repr(n), reason) for n in (1, 0, 2)]),
            label="dead",
        )
