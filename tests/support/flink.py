"""Beam's Flink job server (deploy/flink-job-server) and a separate Python worker pool.

The job server runs an embedded Flink cluster (``--flink-master=[local]``). The
worker pool is the SDK harness Flink hands the Python stages to: a process of its
own, started in an empty directory with no NEWSFLOW_* variables, so a stage that
leaned on the submitting process's globals, working directory or environment
would fail there instead of passing by accident. That is how a Flink TaskManager
runs it too (a Beam worker-pool sidecar, see deploy/k8s/).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.cli import clean_env

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "deploy" / "flink-job-server" / "flink-job-server.sh"


def _script(command: str, env: dict[str, str], timeout_s: float = 900) -> str:
    done = subprocess.run(
        ["bash", str(SCRIPT), command],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout_s,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flink-job-server.sh {command} failed:\n{done.stderr}")
    lines = done.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def build_jar() -> str:
    """Build the job server jar if needed (Maven); returns its path."""
    return _script("jar", dict(os.environ))


def free_port(block: int = 1) -> int:
    """A port P on 127.0.0.1 with P-block+1 .. P all free (the job server takes three)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        if port - block < 1024:
            continue
        if all(_bindable(port - offset) for offset in range(1, block)):
            return port
    raise RuntimeError("no free block of ports on 127.0.0.1")


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@contextmanager
def job_server(home: Path) -> Iterator[str]:
    """Start the job server with an embedded Flink cluster; yields ``localhost:PORT``."""
    env = {
        **os.environ,
        "NEWSFLOW_FLINK_JOB_PORT": str(free_port(block=3)),
        "NEWSFLOW_FLINK_HOME": str(home),
    }
    endpoint = _script("start", env)
    try:
        yield endpoint
    finally:
        _script("stop", env, timeout_s=60)


@dataclass(frozen=True)
class WorkerPool:
    address: str  # localhost:PORT, for --environment_config
    log: Path

    def started_workers(self) -> int:
        """How many SDK harnesses the pool has started (one per Flink task slot used)."""
        return self.log.read_text(errors="replace").count("Starting worker")


@contextmanager
def worker_pool(workdir: Path) -> Iterator[WorkerPool]:
    """Start Beam's Python worker pool in ``workdir``."""
    port = free_port()
    env = clean_env()
    # The pool starts each SDK harness as `python -c ...`: make that our interpreter.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    log_path = workdir / "worker-pool.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "apache_beam.runners.worker.worker_pool_main",
            f"--service_port={port}",
        ],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_port(port, process)
        yield WorkerPool(f"localhost:{port}", log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker pool exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"worker pool did not listen on {port} within {timeout_s}s")
