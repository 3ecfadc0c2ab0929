"""Peak memory of a process and of every process it starts, sampled while it runs."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import psutil

MIB = 2**20


@dataclass
class TreePeaks:
    """Per-process peak RSS (MiB) of a process tree, and the peak of their sum."""

    by_pid: dict[int, float] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    total: float = 0.0

    def line(self) -> str:
        parts = [f"{self.names[pid]} {mib:.0f}" for pid, mib in sorted(self.by_pid.items())]
        return f"{self.total:.0f} MiB at most together ({', '.join(parts)})"


class TreeSampler:
    """Samples the RSS of ``pid`` and all its descendants every ``interval`` seconds,
    from a thread, until ``stop``; a process's peak is the largest RSS seen for it."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.peaks = TreePeaks()
        self._root = psutil.Process(pid)
        self._interval = interval
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            self._sample()
            self._done.wait(self._interval)

    def _sample(self) -> None:
        try:
            processes = [self._root, *self._root.children(recursive=True)]
        except psutil.Error:
            return
        total = 0.0
        for process in processes:
            try:
                rss = process.memory_info().rss / MIB
                if process.pid not in self.peaks.names:
                    self.peaks.names[process.pid] = _name(process, self._root)
            except psutil.Error:
                continue
            total += rss
            self.peaks.by_pid[process.pid] = max(rss, self.peaks.by_pid.get(process.pid, 0.0))
        self.peaks.total = max(self.peaks.total, total)

    def stop(self) -> TreePeaks:
        self._done.set()
        self._thread.join()
        return self.peaks


def _name(process: psutil.Process, root: psutil.Process) -> str:
    if process.pid == root.pid:
        return "driver"
    command = " ".join(process.cmdline())
    if "pipeline.app.worker_main" in command:
        return "worker"
    return str(process.name())
