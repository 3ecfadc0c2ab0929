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
from pipeline.core.deadletters import DEAD_LETTER, unexpected
from schemas import DeadLetter, IngestError, InvalidInput, RawDocument

STAGE = "read"


class ReadFileFn(beam.DoFn):  # type: ignore[misc]
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
        except Exception as exc:  # noqa: BLE001 - whatever breaks, the file is accounted for
            err = (
                exc
                if isinstance(exc, IngestError)
                else unexpected(STAGE, type(exc).__name__, str(exc))
            )
            metrics.count_by_source(metrics.READ, metrics.FILES_SOURCE)
            yield self._dead(origin, err, data)
            return
        for item in parsed:
            metrics.count_by_source(metrics.READ, metrics.source_of(item))
            if isinstance(item, RecordError):
                yield self._dead(item.origin, item.error, item.payload)
            else:
                yield item

    def _dead(self, origin: str, err: Exception, payload: bytes | str | None) -> TaggedOutput:
        letter = DeadLetter.build(
            stage=STAGE, error=err, origin=origin, payload=payload, failed_at=self._clock()
        )
        return TaggedOutput(DEAD_LETTER, letter)
