"""The `newsflow` command as a user runs it: the installed script, in a process of its own.

End-to-end tests run the console script that installing the project put beside
this interpreter, not ``python -m pipeline.app.cli``, so the entry point users type
is what they test: its exit status, its stdout and its stderr. Nothing is shared
with the test process but the environment the command is given.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

NEWSFLOW = str(Path(sys.executable).with_name("newsflow"))


def newsflow(
    *args: str,
    env: Mapping[str, str] | None = None,
    stdin: str | None = None,
    timeout_s: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run `newsflow ARGS` to the end, its output captured as text.

    The exit status is not checked: a test asserts on it, failures included.
    ``env`` None inherits this process's environment. The default timeout leaves
    room for a full replay; a command expected to answer at once gets a shorter
    one, so a hang fails the test sooner.
    """
    return subprocess.run(
        [NEWSFLOW, *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=timeout_s,
        check=False,
    )


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without any NEWSFLOW_* variable, plus ``extra``.

    The test session may export NEWSFLOW_ES_URL or NEWSFLOW_ES_HOME (and a
    developer's shell anything else); a process that must see only its own
    arguments and ``extra`` gets this environment.
    """
    clean = {key: value for key, value in os.environ.items() if not key.startswith("NEWSFLOW_")}
    return {**clean, **extra}


def cli_env(es_url: str, index: str, tmp: Path, **extra: str) -> dict[str, str]:
    """This environment, pointed at ``index`` on ``es_url``, dead letters under ``tmp``,
    statistical NER off (the knowledge base still links): what the e2e tests run with."""
    return {
        **os.environ,
        "NEWSFLOW_ES_URL": es_url,
        "NEWSFLOW_INDEX": index,
        "NEWSFLOW_DEAD_LETTER": str(tmp / "dead.jsonl"),
        "NEWSFLOW_NER": "0",
        **extra,
    }
