"""Per-host politeness: a concurrency limit and a minimum delay between request starts.

Like StormCrawler's fetch queues (one queue per host, ``fetcher.server.delay``
between fetches), every request to a host takes a slot: at most ``concurrency``
requests to one host are in flight, and two requests to one host start at least
``delay`` seconds apart. A host that asked us to slow down (429 + Retry-After, or
a robots.txt Crawl-delay) gets its next start pushed back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from schemas.errors import Interrupted

# wait(seconds) -> True when the run is stopping (threading.Event.wait semantics).
Wait = Callable[[float], bool]


def _plain_wait(seconds: float) -> bool:
    time.sleep(seconds)
    return False


@dataclass
class _Host:
    slots: threading.Semaphore
    next_start: float = 0.0
    delay_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class HostThrottle:
    def __init__(
        self,
        concurrency: int,
        delay_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        wait: Wait = _plain_wait,
    ) -> None:
        self._concurrency = concurrency
        self._delay_s = delay_s
        self._clock = clock
        self._wait = wait
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    def _host(self, host: str) -> _Host:
        with self._lock:
            state = self._hosts.get(host)
            if state is None:
                state = _Host(threading.Semaphore(self._concurrency), delay_s=self._delay_s)
                self._hosts[host] = state
            return state

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of ``host``'s slots, starting no sooner than its delay allows."""
        state = self._host(host)
        state.slots.acquire()
        try:
            with state.lock:
                now = self._clock()
                start = max(now, state.next_start)
                state.next_start = start + state.delay_s
            if start > now and self._wait(start - now):
                raise Interrupted(f"stopping: request to {host} not started")
            yield
        finally:
            state.slots.release()

    def slow_down(self, host: str, *, delay_s: float | None = None, pause_s: float = 0.0) -> None:
        """Raise ``host``'s delay (robots.txt Crawl-delay) or pause it (Retry-After)."""
        state = self._host(host)
        with state.lock:
            if delay_s is not None:
                state.delay_s = max(state.delay_s, delay_s)
            if pause_s > 0:
                state.next_start = max(state.next_start, self._clock() + pause_s)
