"""Per-host politeness on a fake clock: delays between starts, concurrency, slow-downs."""

from __future__ import annotations

import threading
import time

import pytest

from connectors.http._throttle import HostThrottle
from schemas import Interrupted


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> bool:
        self.waits.append(round(seconds, 3))
        self.now += seconds
        return False


def test_requests_to_one_host_start_delay_apart_other_hosts_do_not_wait() -> None:
    clock = FakeClock()
    throttle = HostThrottle(1, 2.0, clock=clock, wait=clock.wait)
    starts = []
    for host in ("a", "a", "b", "a"):
        with throttle.slot(host):
            starts.append((host, clock.now))
    assert starts == [("a", 0.0), ("a", 2.0), ("b", 2.0), ("a", 4.0)]


def test_slow_down_raises_the_delay_and_pauses_the_host() -> None:
    clock = FakeClock()
    throttle = HostThrottle(1, 1.0, clock=clock, wait=clock.wait)
    with throttle.slot("a"):
        pass
    throttle.slow_down("a", delay_s=5.0)  # robots.txt Crawl-delay
    throttle.slow_down("a", pause_s=30.0)  # Retry-After
    with throttle.slot("a"):
        assert clock.now == 30.0
    with throttle.slot("a"):
        assert clock.now == 35.0


def test_a_stop_during_the_wait_interrupts() -> None:
    throttle = HostThrottle(1, 10.0, wait=lambda _seconds: True)
    with throttle.slot("a"):
        pass
    with pytest.raises(Interrupted, match="stopping"), throttle.slot("a"):
        pass


def test_concurrency_per_host_is_limited() -> None:
    throttle = HostThrottle(2, 0.0)
    inside = 0
    most = 0
    lock = threading.Lock()

    def request() -> None:
        nonlocal inside, most
        with throttle.slot("a"):
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.02)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 2
