"""`--log-format json`: one JSON object per line, extra fields on top, third parties quiet."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from pipeline.app import logformat


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name in logformat.OUR_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_json_lines_carry_level_logger_message_and_extra(restore_logging: None) -> None:
    stream = io.StringIO()
    logformat.configure("json", "info", stream)
    logging.getLogger("pipeline.test").info("replayed %d letters", 3, extra={"indexed": 2})
    logging.getLogger("elasticsearch").warning("chatty third party")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("connectors.test").exception("failed")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["level"] == "info"
    assert first["logger"] == "pipeline.test"
    assert first["message"] == "replayed 3 letters"
    assert first["indexed"] == 2
    assert first["time"].endswith("Z")
    assert second["level"] == "error"
    assert "RuntimeError: boom" in second["exception"]


def test_text_is_the_default(restore_logging: None) -> None:
    stream = io.StringIO()
    logformat.configure(stream=stream)
    logging.getLogger("pipeline.test").warning("careful")
    logging.getLogger("pipeline.test").info("not shown at the default level")
    assert stream.getvalue() == "WARNING pipeline.test: careful\n"
