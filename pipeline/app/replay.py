"""Running a bounded replay and reporting where every document went."""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

import apache_beam as beam
from elasticsearch import ApiError, TransportError

from connectors.elasticsearch import make_client
from connectors.elasticsearch.client import translate
from pipeline.app.assembly import ReplaySpec, build_replay
from pipeline.app.indices import prepare_indices
from pipeline.app.observability import MetricsRegistry, add_from_beam
from pipeline.app.progress import ProgressBar
from pipeline.app.runner_options import beam_options, flink_defaults, is_local
from pipeline.core import metrics


@dataclass(frozen=True, slots=True)
class ReplaySummary:
    files: int
    read: int
    indexed: int
    duplicate: int
    dead_lettered: int
    dead_lettered_by_stage: dict[str, int]
    dead_letter_path: str
    linked: int = 0  # of ``indexed``: copies indexed with duplicate_of
    recorded: int = 0  # of ``duplicate``: exact copies recorded in their original's copies
    updated: int = 0  # of ``duplicate``: new versions that replaced a known story in place

    @property
    def accounted(self) -> bool:
        """True when every document read ended in exactly one outcome."""
        return self.read == self.indexed + self.duplicate + self.dead_lettered


def run_replay(
    spec: ReplaySpec,
    *,
    beam_args: list[str] | None = None,
    show_progress: bool = True,
    stream: TextIO = sys.stderr,
    registry: MetricsRegistry | None = None,
) -> ReplaySummary:
    """Check Elasticsearch, set up the index, run the pipeline, refresh, and count
    (into ``registry`` too, when metrics are served)."""
    options = flink_defaults(beam_options(beam_args or []))
    local = is_local(options)
    prepare_indices(spec.es, spec.dedup, spec.entities)
    with tempfile.TemporaryDirectory(prefix="newsflow-progress-") as tmp:
        progress = str(Path(tmp) / "marks") if show_progress and local else None
        spec = replace(spec, progress_path=progress)
        pipeline = beam.Pipeline(options=options)
        source = build_replay(pipeline, spec)
        if progress:
            with ProgressBar(progress, total=len(source.paths), stream=stream):
                result = pipeline.run()
                result.wait_until_finish()
        else:
            result = pipeline.run()
            result.wait_until_finish()
    _refresh(spec)
    if registry is not None:
        add_from_beam(registry, result.metrics())
    return _summary(result, spec)


def _refresh(spec: ReplaySpec) -> None:
    """Make what was just written searchable now, not after the refresh interval."""
    client = make_client(spec.es)
    try:
        client.indices.refresh(index=spec.es.index)
    except (ApiError, TransportError) as exc:
        raise translate(exc, url=spec.es.url, action="refresh the index") from exc
    finally:
        client.close()


def _summary(result: beam.runners.runner.PipelineResult, spec: ReplaySpec) -> ReplaySummary:
    counts = metrics.committed_counts(result)
    prefix = f"{metrics.DEAD_LETTERED}."
    return ReplaySummary(
        files=counts.get(metrics.FILES, 0),
        read=counts.get(metrics.READ, 0),
        indexed=counts.get(metrics.INDEXED, 0),
        duplicate=counts.get(metrics.DUPLICATE, 0),
        linked=counts.get(metrics.LINKED, 0),
        recorded=counts.get(metrics.RECORDED, 0),
        updated=counts.get(metrics.UPDATED, 0),
        dead_lettered=counts.get(metrics.DEAD_LETTERED, 0),
        dead_lettered_by_stage={
            name[len(prefix) :]: value for name, value in counts.items() if name.startswith(prefix)
        },
        dead_letter_path=spec.dead_letter.path,
    )
