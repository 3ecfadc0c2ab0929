"""`make fuzz`: N mutated feeds and N mutated pages, each under a time limit; escapes and hangs.

    python -m tests.fuzz.run --feeds 10000 --pages 10000 --limit 30 [--seed 0] [--jobs 2]

Each case runs in a worker process under an alarm of ``--limit`` seconds (a hang);
an exception that is not an IngestError is an escape. Every escape and hang is
written to ``--crashes`` as the input bytes, named by kind and number, to become a
fixture under tests/fixtures/hostile/. Exit status 1 when anything escaped or hung.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from types import FrameType

from tests.fuzz.mutate import case


class _Hang(BaseException):
    """Raised by the alarm; a BaseException so no ``except Exception`` swallows it."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Hang


def _init() -> None:
    logging.disable(logging.CRITICAL)  # trafilatura logs every page it discards
    signal.signal(signal.SIGALRM, _alarm)


def _one(job: tuple[str, int, int, int]) -> tuple[str, int, str | None]:
    from tests.fuzz.targets import TARGETS

    kind, number, seed, limit = job
    data = case(kind, number, seed)
    signal.alarm(limit)
    try:
        TARGETS[kind](data)
    except _Hang:
        return kind, number, f"hang: over {limit} s"
    except Exception as exc:  # noqa: BLE001 - an escape is what we are counting
        return kind, number, f"escape: {type(exc).__name__}: {str(exc)[:300]}"
    finally:
        signal.alarm(0)
    return kind, number, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--limit", type=int, default=30, help="seconds per input")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--crashes", default="fuzz-crashes")
    args = parser.parse_args(argv)
    jobs = [("feed", n, args.seed, args.limit) for n in range(args.feeds)]
    jobs += [("page", n, args.seed, args.limit) for n in range(args.pages)]
    started = time.monotonic()
    failures: list[tuple[str, int, str]] = []
    done: Counter[str] = Counter()
    with multiprocessing.get_context("fork").Pool(args.jobs, initializer=_init) as pool:
        for kind, number, failure in pool.imap_unordered(_one, jobs, chunksize=20):
            done[kind] += 1
            if failure:
                failures.append((kind, number, failure))
                print(f"{kind} #{number}: {failure}", flush=True)
    crashes = Path(args.crashes)
    for kind, number, _failure in failures:
        crashes.mkdir(parents=True, exist_ok=True)
        suffix = "xml" if kind == "feed" else "html"
        (crashes / f"{kind}-{args.seed}-{number}.{suffix}").write_bytes(
            case(kind, number, args.seed)
        )
    kinds = Counter(f.split(":", 2)[0] + ":" + f.split(":", 2)[1] for _k, _n, f in failures)
    escapes = sum(1 for f in failures if f[2].startswith("escape"))
    hangs = len(failures) - escapes
    print(
        f"fuzz: {done['feed']} feeds, {done['page']} pages (seed {args.seed}) in "
        f"{time.monotonic() - started:.0f} s: {escapes} escapes, {hangs} hangs"
        + (f" ({dict(kinds)}); inputs in {crashes}/" if failures else "")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
