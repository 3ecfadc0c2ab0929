"""Running a bounded replay and reporting where every document went."""

from __future__ import annotations

import sys
import tempfile
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TextIO

import apache_beam as beam
from elasticsearch import ApiError, TransportError

from connectors.elasticsearch import make_client
from connectors.elasticsearch.client import translate
from pipeline.app.assembly import ReplaySpec, build_replay
from pipeline.app.bounded import Counts, run_bounded
from pipeline.app.indices import prepare_indices
from pipeline.app.observability import MetricsRegistry
from pipeline.app.progress import ProgressBar
from pipeline.app.runner_options import is_local, pool_size
from pipeline.app.summary import UNACCOUNTED, outcomes
from pipeline.app.workers import worker_pool
from pipeline.core import metrics
from pipeline.entities import EntityStageFactory


@dataclass(frozen=True, slots=True)
class ReplaySummary:
    counts: Counts  # ``linked`` of them: copies indexed with duplicate_of
    dead_letter_path: str

    def lines(self, index: str) -> list[str]:
        counts = self.counts
        lines = [
            f"replayed {counts.get(metrics.FILES)} files into {index!r}: "
            f"read {counts.read}, {outcomes(counts)}"
        ]
        if linked := counts.get(metrics.LINKED):
            lines.append(
                f"of the indexed, {linked} are copies of an earlier article "
                "(linked by duplicate_of)"
            )
        recorded, updated = counts.get(metrics.RECORDED), counts.get(metrics.UPDATED)
        if recorded or updated:
            lines.append(
                f"of the duplicates, {recorded} are exact copies from another origin, "
                f"recorded in their original's copies, and {updated} replaced an "
                "earlier version in place"
            )
        if counts.dead_lettered:
            by_stage = sorted(counts.dead_lettered_by_stage.items())
            stages = ", ".join(f"{k} {v}" for k, v in by_stage)
            lines.append(f"dead letters ({stages}) are in {self.dead_letter_path}")
        if not counts.accounted:
            lines.append(UNACCOUNTED)
        return lines

    def as_json(self, index: str) -> dict[str, object]:
        counts = self.counts
        return {
            "index": index,
            "files": counts.get(metrics.FILES),
            "read": counts.read,
            "indexed": counts.indexed,
            "linked": counts.get(metrics.LINKED),
            "recorded": counts.get(metrics.RECORDED),
            "updated": counts.get(metrics.UPDATED),
            "duplicate": counts.duplicate,
            "dead_lettered": counts.dead_lettered,
            "dead_lettered_by_stage": counts.dead_lettered_by_stage,
            "dead_letter_path": self.dead_letter_path,
            "accounted": counts.accounted,
        }


def run_replay(
    spec: ReplaySpec,
    *,
    beam_args: list[str] | None = None,
    show_progress: bool = True,
    stream: TextIO = sys.stderr,
    registry: MetricsRegistry | None = None,
    workers: int = 1,
) -> ReplaySummary:
    """Check Elasticsearch, set up the index, run the pipeline, refresh, and count
    (into ``registry`` too, when metrics are served). ``workers`` processes run the
    stages on the local runner (``pipeline.app.workers``); 1: this process alone."""
    size = pool_size(workers, beam_args or [])
    # With a pool, its workers build the entity stage (KB, NER model) as they start,
    # while this process checks the node and lists the files.
    stage = EntityStageFactory(spec.entities) if size > 1 else None
    with (
        tempfile.TemporaryDirectory(prefix="newsflow-progress-") as tmp,
        worker_pool(size, keep=[stage] if stage else []) as pool,
    ):
        marks = str(Path(tmp) / "marks") if show_progress else None

        def build(pipeline: beam.Pipeline) -> AbstractContextManager[object] | None:
            # The progress bar reads marks the workers write: only when they run here.
            progress = marks if marks and is_local(pipeline.options) else None
            source = build_replay(
                pipeline, replace(spec, progress_path=progress), entity_stage=stage
            )
            if progress is None:
                return None
            return ProgressBar(progress, total=len(source.paths), stream=stream)

        counts = run_bounded(
            build,
            beam_args=beam_args or [],
            prepare=partial(prepare_indices, spec.es, spec.dedup, spec.entities),
            registry=registry,
            pool=pool,
        )
    refresh(spec)
    return ReplaySummary(counts, spec.dead_letter.path)


def refresh(spec: ReplaySpec) -> None:
    """Make what was just written searchable now, not after the refresh interval."""
    client = make_client(spec.es)
    try:
        client.indices.refresh(index=spec.es.index)
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=spec.es.url, action="refresh the index") from exc
    finally:
        client.close()
