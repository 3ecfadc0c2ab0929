"""``newsflow replay PATH --pace 2s``: the files one by one, through the continuous path.

Each file is one cycle of the pipeline ``newsflow run`` reads its watched folders
with (``assembly.build_watched``), so a developer sees articles arrive in the index
(refreshed after each file) and in the metrics one at a time, as they would from a
folder ``run`` watches. As in ``run``, the entity stage (KB, NER model) is loaded
once, not once per file. Nothing is recorded as read: a paced replay of the same
files reads them all again (their articles count as duplicates).
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from functools import partial
from typing import TextIO

from connectors.files import survey
from connectors.folders import WatchedFile
from pipeline.app.assembly import ReplaySpec, WatchSpec, build_watched
from pipeline.app.bounded import Counts, run_bounded
from pipeline.app.indices import prepare_indices
from pipeline.app.memory import release_memory
from pipeline.app.observability import MetricsRegistry
from pipeline.app.replay import ReplaySummary, refresh
from pipeline.app.runner_options import beam_options, is_local
from pipeline.app.summary import outcomes
from pipeline.entities import EntityStageFactory
from schemas import ConfigError

REPLAY_FOLDER = "replay"  # the folder id the replayed files carry
_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|m|h)?\s*$")
_UNIT_S = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_pace(text: str) -> float:
    """``2s``, ``500ms``, ``1.5m``, ``1h`` or plain seconds (``2``) -> seconds."""
    match = _DURATION.match(text)
    if match is None:
        raise ConfigError(f"--pace {text!r}: expected a duration such as 2s, 500ms or 1m")
    seconds = float(match.group(1)) * _UNIT_S[match.group(2) or "s"]
    if seconds <= 0:
        raise ConfigError(f"--pace {text!r}: must be longer than 0")
    return seconds


def run_paced(
    spec: ReplaySpec,
    pace_s: float,
    *,
    beam_args: list[str] | None = None,
    stream: TextIO = sys.stderr,
    registry: MetricsRegistry | None = None,
) -> ReplaySummary:
    """One cycle per file, a cycle starting every ``pace_s`` seconds (or when the last
    one ended, if it took longer); a line on ``stream`` per file.

    The replay ends ``pace_s`` after the last file's cycle ended, not at once: each
    file's count is on the metrics endpoint until the next file's cycle ends, about a
    pace, and the last file's stays as long, so a scrape sees it before the process
    exits.
    """
    found = survey(spec.path, follow_outside_links=spec.follow_outside_links)
    files = [
        WatchedFile(REPLAY_FOLDER, f.path, 0, 0, refused=f.refused, max_bytes=spec.max_file_bytes)
        for f in found
    ]
    args = list(beam_args or [])
    in_process = is_local(beam_options(args))
    stages = EntityStageFactory(spec.entities, ship_kb=not in_process)
    held = stages() if in_process else None  # keeps the loaded stage between cycles
    watch = WatchSpec(
        es=spec.es, dead_letter=spec.dead_letter, dedup=spec.dedup, entities=spec.entities
    )
    prepare_indices(spec.es, spec.dedup, spec.entities)
    total: Counter[str] = Counter()
    next_at = time.monotonic()
    for number, file in enumerate(files, start=1):
        time.sleep(max(0.0, next_at - time.monotonic()))
        started = next_at = time.monotonic()
        next_at += pace_s
        build = partial(build_watched, spec=watch, files=[file], entity_stage=stages)
        counts = run_bounded(build, beam_args=args, registry=registry)
        refresh(spec)
        release_memory()
        total.update(counts.by_name)
        seconds = time.monotonic() - started
        print(
            f"[{number}/{len(files)}] {file.origin}: {outcomes(counts)} ({seconds:.1f} s)",
            file=stream,
            flush=True,
        )
    if files:
        time.sleep(pace_s)  # the last file's count, visible for a pace as the others were
    del held
    return ReplaySummary(Counts(dict(total)), spec.dead_letter.path)
