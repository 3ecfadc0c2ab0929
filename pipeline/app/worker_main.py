"""A worker process of the pool (``pipeline.app.workers``): ``python -m`` this module
``READY_FD``, its orders on stdin.

Beam's imports log warnings of optional extras they lack (Google Cloud clients);
a worker keeps to errors, so that a command's own output stays what it says.
"""

from __future__ import annotations

import logging
import sys

if __name__ == "__main__":
    logging.getLogger().setLevel(logging.ERROR)
    from pipeline.app.memory import cap_malloc_arenas
    from pipeline.app.workers import serve

    cap_malloc_arenas()  # as the CLI does, before the harness's threads start: see memory

    serve(sys.stdin, int(sys.argv[1]))
