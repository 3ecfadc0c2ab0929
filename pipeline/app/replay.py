"""Running a bounded replay and reporting where every document went."""

from __future__ import annotations

import sys
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TextIO

import apache_beam as beam
from elasticsearch import ApiError, TransportError

from connectors.elasticsearch import make_client
from connectors.elasticsearch.client import translate
from connectors.files import Found, survey
from pipeline.app.assembly import ReplaySpec, build_replay
from pipeline.app.bounded import Counts, run_bounded
from pipeline.app.indices import prepare_indices
from pipeline.app.observability import MetricsRegistry
from pipeline.app.progress import ProgressBar
from pipeline.app.runner_options import beam_options, is_local, pool_size
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


# Files per pipeline. The local runner holds each stage's whole input in memory
# (FnApiRunner buffers every PCollection between fused stages; with several workers the
# indexed articles cross one more such boundary), so a replay's memory would grow with
# its size: it runs as pipelines of this many files, one after another, on the same
# workers. Dedup state lives in Elasticsearch, so copies are found across them.
REPLAY_BATCH_FILES = 2000


def run_replay(
    spec: ReplaySpec,
    *,
    beam_args: list[str] | None = None,
    show_progress: bool = True,
    stream: TextIO = sys.stderr,
    registry: MetricsRegistry | None = None,
    workers: int = 1,
    batch_files: int = REPLAY_BATCH_FILES,
) -> ReplaySummary:
    """Check Elasticsearch, set up the index, run the pipelines (``batch_files`` files
    each), refresh, and count (into ``registry`` too, when metrics are served).
    ``workers`` processes run the stages on the local runner (``pipeline.app.workers``);
    1: this process alone."""
    args = beam_args or []
    found = survey(spec.path, follow_outside_links=spec.follow_outside_links)
    batches = [found[i : i + batch_files] for i in range(0, len(found), batch_files)]
    size = pool_size(workers, args)
    # With a pool, its workers build the entity stage (KB, NER model) as they start,
    # while this process checks the node; and they keep it for every batch.
    stage = EntityStageFactory(spec.entities) if size > 1 else None
    with (
        tempfile.TemporaryDirectory(prefix="newsflow-progress-") as tmp,
        worker_pool(size, keep=[stage] if stage else []) as pool,
    ):
        # The progress bar reads marks the workers write: only when they run here.
        marks = str(Path(tmp) / "marks") if show_progress and is_local(beam_options(args)) else None
        batch_spec = replace(spec, progress_path=marks)
        bar = ProgressBar(marks, total=len(found), stream=stream) if marks else nullcontext()
        prepare_indices(spec.es, spec.dedup, spec.entities)  # fails before the bar shows
        counts = Counts()
        with bar:
            for batch in batches:
                counts += run_bounded(
                    partial(_build, spec=batch_spec, stage=stage, found=batch),
                    beam_args=args,
                    registry=registry,
                    pool=pool,
                )
    refresh(spec)
    return ReplaySummary(counts, spec.dead_letter.path)


def _build(
    pipeline: beam.Pipeline,
    *,
    spec: ReplaySpec,
    stage: EntityStageFactory | None,
    found: list[Found],
) -> None:
    build_replay(pipeline, spec, entity_stage=stage, found=found)


def refresh(spec: ReplaySpec) -> None:
    """Make what was just written searchable now, not after the refresh interval."""
    client = make_client(spec.es)
    try:
        client.indices.refresh(index=spec.es.index)
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=spec.es.url, action="refresh the index") from exc
    finally:
        client.close()
