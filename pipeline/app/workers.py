"""Local worker processes that outlive a pipeline: every core for the local runner.

Beam's FnApiRunner runs a bounded pipeline in this process, on one core (the GIL).
Its ``multi_processing`` mode starts fresh worker processes (Python, Beam, our modules)
for every pipeline. Here the workers are started once, by ``WorkerPool``, and kept:

- each worker is a child process (``python -m pipeline.app.worker_main``), started
  when the first pipeline needs it, that runs a Beam SDK harness per pipeline, in a
  thread, when the driver asks it to;
- the driver serves Beam's external worker pool API on 127.0.0.1 and hands each
  harness the runner asks for to the next child in turn; ``runner()`` is a
  FnApiRunner whose environment is that address, run with ``direct_num_workers``
  equal to the number of children, so each fused stage's input is dealt out to
  them (``ParallelBundleManager``);
- the children start with the pool, and each builds what the pool is told to ``keep``
  (the entity stage factory: KB automaton, spaCy model) at once, while the driver
  prepares its first pipeline, and holds it for its life. The stage reaches DoFns
  through Beam's ``Shared``, which keeps an object only while something holds it (and
  its own keep-alive slot holds whichever object was acquired last, as often the
  fetcher as the stage); the child's hold is what makes every pipeline built with the
  same factory, each cycle of ``newsflow run``, find the stage already built;
- a child reads its orders from stdin and exits when the driver closes it, so no
  worker outlives its driver; one that died is started again for the next pipeline.

Counters come back with each bundle's response and are added up by the runner, so a
pipeline's counts are the same whether one process or several did the work.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
from contextlib import contextmanager
from typing import IO, Any

import grpc
from apache_beam.internal import pickler
from apache_beam.portability.api import beam_fn_api_pb2, beam_fn_api_pb2_grpc
from apache_beam.runners.portability.fn_api_runner import FnApiRunner
from apache_beam.transforms import environments

from schemas import ConfigError


def default_workers() -> int:
    """One worker process per core."""
    return max(1, os.cpu_count() or 1)


# The order that tells a child what to build and keep: ``KEEP <factories: Beam pickle>``.
_KEEP = "KEEP"


class _Child:
    """One worker process, the pipe its orders go down, and the pipe on which it says
    that it has built what it keeps."""

    def __init__(self, keep: str) -> None:
        ready, ready_w = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "pipeline.app.worker_main", str(ready_w)],
                stdin=subprocess.PIPE,
                text=True,
                close_fds=True,
                pass_fds=(ready_w,),
            )
        finally:
            os.close(ready_w)
        self._ready: int | None = ready
        self._order(f"{_KEEP} {keep}")

    def wait_ready(self, timeout_s: float) -> bool:
        """Whether the child has built what it keeps (or ended) within ``timeout_s``."""
        if self._ready is None:
            return True
        readable, _, _ = select.select([self._ready], [], [], max(0.0, timeout_s))
        if not readable:
            return False
        os.close(self._ready)  # a byte: built; end of file: the child is gone
        self._ready = None
        return True

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def start_harness(self, worker_id: str, control_url: str) -> None:
        self._order(f"{worker_id} {control_url}")

    def _order(self, line: str) -> None:
        stdin: IO[str] | None = self.process.stdin
        assert stdin is not None
        stdin.write(f"{line}\n")
        stdin.flush()

    def close(self) -> None:
        if self._ready is not None:
            os.close(self._ready)
            self._ready = None
        if self.process.stdin is not None:
            self.process.stdin.close()  # the child's signal to finish and exit
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _Router(beam_fn_api_pb2_grpc.BeamFnExternalWorkerPoolServicer):  # type: ignore[misc]
    """Beam's external worker pool API, answered by handing each harness to a child."""

    def __init__(self, size: int, keep: str) -> None:
        self._keep = keep
        self._children = [_Child(keep) for _ in range(size)]
        self._next = 0
        self._lock = threading.Lock()

    def StartWorker(  # the gRPC method names
        self, request: beam_fn_api_pb2.StartWorkerRequest, _context: Any
    ) -> beam_fn_api_pb2.StartWorkerResponse:
        with self._lock:
            index = self._next % len(self._children)
            self._next += 1
            child = self._children[index]
            if not child.alive:
                child = self._children[index] = _Child(self._keep)
            try:
                child.start_harness(request.worker_id, request.control_endpoint.url)
            except OSError as exc:
                return beam_fn_api_pb2.StartWorkerResponse(error=f"worker process: {exc}")
        return beam_fn_api_pb2.StartWorkerResponse()

    def StopWorker(
        self, _request: beam_fn_api_pb2.StopWorkerRequest, _context: Any
    ) -> beam_fn_api_pb2.StopWorkerResponse:
        # A harness ends by itself when the runner closes its control channel.
        return beam_fn_api_pb2.StopWorkerResponse()

    @property
    def pids(self) -> list[int]:
        return [child.process.pid for child in self._children]

    def wait_ready(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        return all(c.wait_ready(deadline - time.monotonic()) for c in self._children)

    def close(self) -> None:
        for child in self._children:
            child.close()


class _NotInMemory(logging.Filter):
    """FnApiRunner warns that ``direct_num_workers`` has no effect ``in_memory``: true of
    its own modes, not of a runner given our pool's environment."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("If direct_num_workers is not equal to 1")


class WorkerPool:
    """``size`` worker processes for the local runner, kept between pipelines.

    What ``keep`` makes is built in every worker as soon as it starts and held for the
    worker's life: factories whose products pipelines acquire through Beam's ``Shared``
    (``EntityStageFactory``, the run's fetcher), so that they find them built."""

    def __init__(self, size: int, keep: Sequence[Callable[[], object]] = ()) -> None:
        if size < 2:
            raise ConfigError(f"a worker pool needs at least 2 workers, got {size}")
        runner_log = logging.getLogger(FnApiRunner.__module__)
        if not any(isinstance(f, _NotInMemory) for f in runner_log.filters):
            runner_log.addFilter(_NotInMemory())
        self.size = size
        self._router = _Router(size, pickler.dumps(tuple(keep)).decode("ascii"))
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        beam_fn_api_pb2_grpc.add_BeamFnExternalWorkerPoolServicer_to_server(
            self._router, self._server
        )
        port = self._server.add_insecure_port("127.0.0.1:0")
        self._server.start()
        self.address = f"127.0.0.1:{port}"

    @property
    def pids(self) -> list[int]:
        """The ids of the worker processes started so far."""
        return self._router.pids

    def wait_ready(self, timeout_s: float) -> bool:
        """Whether every worker has built what it keeps, waiting up to ``timeout_s``."""
        return self._router.wait_ready(timeout_s)

    def runner(self) -> FnApiRunner:
        """A runner for one pipeline on these workers (with ``direct_num_workers=size``)."""
        environment = environments.ExternalEnvironment(
            self.address, capabilities=environments.python_sdk_capabilities()
        )
        return FnApiRunner(default_environment=environment)

    def beam_args(self) -> list[str]:
        """The options that make the runner deal every stage out to all the workers."""
        return [f"--direct_num_workers={self.size}"]

    def close(self) -> None:
        self._server.stop(grace=None)
        self._router.close()


@contextmanager
def worker_pool(
    size: int, keep: Sequence[Callable[[], object]] = ()
) -> Iterator[WorkerPool | None]:
    """A pool of ``size`` workers for the duration, or None for one (this process)."""
    if size < 2:
        yield None
        return
    pool = WorkerPool(size, keep)
    try:
        yield pool
    finally:
        pool.close()


def _build(payload: str, kept: list[object], ready: int) -> None:
    try:
        for factory in pickler.loads(payload.encode("ascii")):
            try:
                kept.append(factory())
            except Exception:  # a worker lives on: its pipelines build it themselves
                logging.getLogger(__name__).exception("worker: could not build %r", factory)
    finally:
        os.write(ready, b"k")
        os.close(ready)


def serve(orders: IO[str], ready: int) -> None:
    """A worker's life: one SDK harness (in a thread) per order line ``WORKER_ID URL``,
    until the driver closes ``orders``.

    An order ``KEEP <pickle>`` builds what its factories make, in a thread of its own,
    and holds it until the process ends, then writes a byte to the file descriptor
    ``ready``; a failure to build one is logged, and the pipelines that need it build
    it themselves (and dead-letter what that costs).

    SIGINT and SIGTERM are the driver's to handle (it finishes the work in flight, which
    needs its workers); a worker ends when the driver closes its orders or exits."""
    from apache_beam.runners.worker.sdk_worker import SdkHarness

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)
    kept: list[object] = []  # held for the life of the process
    running: list[threading.Thread] = []
    for line in orders:
        worker_id, _, url = line.strip().partition(" ")
        if not url:
            continue
        if worker_id == _KEEP:
            args = (url, kept, ready)
            threading.Thread(target=_build, args=args, name="keep", daemon=True).start()
            continue
        harness = SdkHarness(url, worker_id=worker_id, state_cache_size=0)
        thread = threading.Thread(target=harness.run, name=f"harness-{worker_id}", daemon=True)
        thread.start()
        # Finished harnesses are dropped, so a run of many cycles keeps none of them.
        running = [t for t in running if t.is_alive()] + [thread]
    for thread in running:
        thread.join(timeout=10)
