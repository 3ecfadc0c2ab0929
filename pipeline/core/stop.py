"""A stop signal that DoFns can carry: a file path, so it pickles and crosses threads.

``newsflow run`` creates the flag's file when SIGINT or SIGTERM arrives; fetchers
check it before each request and during every wait, so in-flight work ends within
one request timeout. It works wherever the workers share the driver's machine (the
local runners); on a cluster the runner's own cancel/drain applies instead.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

POLL_S = 0.1


class StopFlag:
    """``threading.Event``'s ``is_set``/``wait``/``set``, backed by a file's existence."""

    def __init__(self, path: str) -> None:
        self.path = path

    def is_set(self) -> bool:
        return os.path.exists(self.path)

    def set(self) -> None:
        Path(self.path).touch()

    def wait(self, timeout: float | None = None) -> bool:
        """Sleep up to ``timeout`` seconds; True as soon as the flag is set."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.is_set():
            left = POLL_S if deadline is None else min(POLL_S, deadline - time.monotonic())
            if left <= 0:
                return False
            time.sleep(left)
        return True
