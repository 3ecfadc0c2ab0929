"""The DoFn that reads one discovered file into RawDocuments (or dead letters)."""

from __future__ import annotations

from collections.abc import Iterator

import apache_beam as beam
from apache_beam.pvalue import TaggedOutput

from connectors.files.decode import decode_text, read_limited
from connectors.files.discover import Found
from connectors.files.parse import RecordError, parse_file
from pipeline.core import metrics
from pipeline.core.clock import Clock, utc_now
from pipeline.core.deadletters import DEAD_LETTER, dead_letter
from schemas import IngestError, InvalidInput, RawDocument, Stage

STAGE = Stage.READ


class ReadFileFn(beam.DoFn):  # type: ignore[misc]
    """A file's documents; an unreadable, refused file or record is a dead letter with
    its bytes (when it was read).

    Everything is parsed before anything is counted, so a bug (which the guard turns
    into one dead letter for the file, counted as one read) never leaves half a file
    counted.
    """

    def __init__(self, max_bytes: int, clock: Clock = utc_now) -> None:
        self._max_bytes = max_bytes
        self._clock = clock

    def setup(self) -> None:
        self._files = metrics.counter(metrics.FILES)

    def process(self, found: Found) -> Iterator[RawDocument | TaggedOutput]:
        self._files.inc()
        origin = found.shown
        data: bytes | None = None
        try:
            if found.refused:
                raise InvalidInput(f"{origin}: {found.refused}")
            data = read_limited(found.path, self._max_bytes, origin)
            parsed = parse_file(origin, decode_text(data, origin))
        except IngestError as err:
            metrics.count_by_source(metrics.READ, metrics.FILES_SOURCE)
            yield self._dead(origin, err, data)
            return
        for item in parsed:
            metrics.count_by_source(metrics.READ, metrics.source_of(item))
            if isinstance(item, RecordError):
                yield self._dead(item.origin, item.error, item.payload)
            else:
                yield item

    def _dead(self, origin: str, err: IngestError, payload: bytes | str | None) -> TaggedOutput:
        letter = dead_letter(STAGE, origin, err, self._clock(), payload=payload)
        return TaggedOutput(DEAD_LETTER, letter)
