"""The package's public Beam transforms; its ``__init__`` exports them (see its docstring)."""

from __future__ import annotations

from collections.abc import Iterator

import apache_beam as beam
from apache_beam.pvalue import AsSingleton, PCollection, TaggedOutput

from connectors.deadletter import AppendDeadLetters, DeadLetterConfig
from connectors.elasticsearch import EsConfig, make_client
from connectors.files.source import STAGE, ReadFileFn
from connectors.folders.store import FileStateStore
from connectors.folders.watch import WatchedFile
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DEAD_LETTER, DeadLetterCollector, Guarded, with_dead_letters
from schemas import IngestError, RawDocument, Stage

FILES_COMMITTED = "files_committed"


class ReadWatchedFiles(beam.PTransform):  # type: ignore[misc]
    """Each file's documents, with its folder's source, language and tags as defaults."""

    def __init__(self, dead: DeadLetterCollector, clock: Clock = utc_now) -> None:
        super().__init__()
        self._dead = dead
        self._clock = clock

    def expand(self, files: PCollection) -> PCollection:
        read = Guarded(STAGE, _ReadWatchedFn(self._clock), self._clock, counts_as=metrics.READ)
        return self._dead.step(files | "Spread" >> beam.Reshuffle(), "Read", read)


class _ReadWatchedFn(beam.DoFn):  # type: ignore[misc]
    """``ReadFileFn`` with the folder's limit, then the folder's hints on each document."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def setup(self) -> None:
        self._readers: dict[int, ReadFileFn] = {}

    def process(self, file: WatchedFile) -> Iterator[RawDocument | TaggedOutput]:
        reader = self._readers.get(file.max_bytes)
        if reader is None:
            reader = self._readers[file.max_bytes] = ReadFileFn(file.max_bytes, self._clock)
            reader.setup()
        for item in reader.process(file.found):
            yield item if isinstance(item, TaggedOutput) else with_folder_hints(item, file)


def with_folder_hints(document: RawDocument, file: WatchedFile) -> RawDocument:
    """What the config says about every document of the folder: source, language, tags
    (the document's own first)."""
    tags = tuple(dict.fromkeys((*document.tags, *file.tags)))
    return document.model_copy(
        update={
            "source": document.source or file.source,
            "language": document.language or file.language,
            "tags": tags,
        }
    )


class CommitFileStates(beam.PTransform):  # type: ignore[misc]
    """Records every file of the cycle as read once everything else of it has settled.

    As ``connectors.rss.CommitFeedStates``: ``settled`` (a count of every indexed,
    duplicate and dead-lettered element) is a side input, so the states are written
    only after the articles reached Elasticsearch or the dead-letter sink; a crash
    before that reads the files again (indexing is idempotent). A file that could
    not be read is recorded too: its dead letter says why, and it is read again only
    once it changes. Elasticsearch failing here fails the cycle (it is redone); a bug
    dead-letters the files (stage ``commit``) into ``dead_letter``'s file.
    """

    def __init__(
        self,
        es: EsConfig,
        dead_letter: DeadLetterConfig,
        index: str,
        serves: str,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__()
        self._dead_letter = dead_letter
        self._commit = _CommitFn(es, index, serves, clock)
        self._clock = clock

    def expand(self, inputs: tuple[PCollection, PCollection]) -> None:
        files, settled = inputs
        count = settled | "CountSettled" >> beam.combiners.Count.Globally()
        guarded = Guarded(Stage.COMMIT, self._commit, self._clock, split=list, fatal=(IngestError,))
        everything = files | "All" >> beam.combiners.ToList()
        saved = with_dead_letters(everything, "Save", guarded, settled=AsSingleton(count))
        _ = saved[DEAD_LETTER] | "DeadLetters" >> AppendDeadLetters(
            self._dead_letter, outcome=False
        )


class _CommitFn(beam.DoFn):  # type: ignore[misc]
    """Saves the states of every file of the cycle in one request."""

    def __init__(self, es: EsConfig, index: str, serves: str, clock: Clock) -> None:
        self._es = es
        self._index = index
        self._serves = serves
        self._clock = clock

    def setup(self) -> None:
        self._store = FileStateStore(make_client(self._es), self._index, self._serves)
        self._committed = metrics.counter(FILES_COMMITTED)

    def process(self, files: list[WatchedFile], settled: int) -> Iterator[None]:
        del settled  # only waited for
        self._committed.inc(self._store.save(files, self._clock()))
        yield from ()

    def teardown(self) -> None:
        if hasattr(self, "_store"):
            self._store.close()
