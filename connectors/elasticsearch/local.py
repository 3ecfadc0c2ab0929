"""Driving the development node in deploy/local-es from Python (CLI and test fixture)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from schemas.errors import ConfigError, SinkUnavailable

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "local-es" / "local-es.sh"


def run_script(command: str, *, port: int | None = None, timeout_s: float = 900) -> str:
    """Run ``local-es.sh COMMAND``; returns its stdout, raises with its stderr on failure."""
    if not SCRIPT.exists():
        raise ConfigError(
            f"{SCRIPT} not found: `newsflow es local` works from a source checkout of newsflow"
        )
    # The script inherits this process's environment (NEWSFLOW_ES_HOME, ...); `env`
    # adds the port to it without this module reading the environment itself.
    port_setting = [] if port is None else ["env", f"NEWSFLOW_ES_PORT={port}"]
    done = subprocess.run(
        [*port_setting, "bash", str(SCRIPT), command],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    # `status` answers 3 for "stopped" and 4 for "starting": information, not failure.
    if done.returncode != 0 and not (command == "status" and done.returncode in (3, 4)):
        detail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise SinkUnavailable(f"local Elasticsearch {command} failed: " + " | ".join(detail))
    return done.stdout.strip()


def start(port: int | None = None) -> str:
    """Start (or find running) the local node; returns its URL."""
    return run_script("start", port=port).splitlines()[-1].strip()
