"""The one error hierarchy of newsflow.

Every failure a stage or connector can meet is one of these, so the pipeline can
decide in one place whether to retry it or send it to the dead-letter sink::

    IngestError                 base; carries a human-readable reason
    ├── TransientError          may succeed if tried again (timeouts, 429, 5xx, node down)
    │   ├── SinkUnavailable     Elasticsearch did not answer after the retries we allow
    │   ├── FetchUnavailable    a web server did not answer usefully after our retries
    │   └── Interrupted         the run is stopping; the work was not done and will be redone
    └── TerminalError           will fail the same way every time; dead-letter it
        ├── InvalidInput        unreadable input: empty, binary, bad encoding, too large
        ├── ExtractionFailed    readable, but no article text could be extracted
        ├── DocumentRejected    Elasticsearch refused the document (e.g. mapping error)
        ├── FetchRejected       the server's answer is unusable (404, too large, redirect loop)
        ├── FetchRefused        we will not fetch it (private address, scheme, robots.txt)
        └── ConfigError         the user's configuration is wrong; fix it and rerun

Third-party exceptions are translated at the boundary (``raise X(...) from exc``).
A URL that reaches a message goes through ``redact_urls`` first: a password in
``https://user:secret@host/`` (or in ``htp://user:secret@host``, which no parser
accepts) must not end up in a log, a feed status or a dead letter.
All classes take a single message argument so they pickle across Beam workers
(``FetchUnavailable`` adds an optional Retry-After and pickles it too).
"""

from __future__ import annotations

import copy
import re

# scheme://userinfo@ in free text; any scheme, even a misspelt one, and no parsing
# that could fail on the malformed URLs that most need redacting.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]{0,30}:/+)[^\s/?#@'\"<>]+@")
# Query parameters that carry secrets in URLs people paste (?token=..., &api_key=...).
_SECRET_PARAM = re.compile(
    r"(?i)([?&;](?:[a-z_-]*(?:token|secret|password|passwd|api[_-]?key|signature|sig)"
    r"[a-z_-]*)=)[^&;#\s'\"]+"
)
REDACTED = "***"


def redact_urls(text: str) -> str:
    """``text`` with the credentials of every URL in it replaced by ``***``."""
    return _SECRET_PARAM.sub(rf"\1{REDACTED}", _USERINFO.sub(rf"\1{REDACTED}@", text))


class IngestError(Exception):
    """Base of every newsflow error; ``str(err)`` is the reason shown to users."""

    transient: bool = False

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def redacted(err: IngestError) -> IngestError:
    """``err`` with ``redact_urls`` applied to its reason (the same object when clean)."""
    clean = redact_urls(err.reason)
    if clean == err.reason:
        return err
    twin = copy.copy(err)
    twin.reason = clean
    twin.args = (clean, *err.args[1:])
    return twin


class TransientError(IngestError):
    """The same operation may succeed later: retry it with a capped backoff."""

    transient = True


class SinkUnavailable(TransientError):
    """Elasticsearch could not be reached or kept refusing after the allowed retries."""


class TerminalError(IngestError):
    """Retrying cannot help: the element goes to the dead-letter sink."""


class InvalidInput(TerminalError):
    """The input cannot be read as a document (empty, binary, bad encoding, too large)."""


class ExtractionFailed(TerminalError):
    """The input was readable but held no article text."""


class DocumentRejected(TerminalError):
    """Elasticsearch rejected the document itself (mapping or validation error)."""


class ConfigError(TerminalError):
    """The configuration is invalid; the message names the setting and how to fix it."""


class FetchUnavailable(TransientError):
    """A timeout, connection error, 429 or 5xx outlasted the retries we allow.

    ``retry_after_s`` is the server's own Retry-After when it sent one, so the
    scheduler can wait that long before asking the same server again.
    """

    def __init__(self, reason: str, retry_after_s: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after_s = retry_after_s

    def __reduce__(self) -> tuple[type[FetchUnavailable], tuple[str, float | None]]:
        return (type(self), (self.reason, self.retry_after_s))


class Interrupted(TransientError):
    """The run is stopping (SIGINT/SIGTERM): this item was left for the next run."""


class FetchRejected(TerminalError):
    """The server answered, but the answer can never be used as is (4xx, too large, loop)."""


class FetchRefused(TerminalError):
    """We refuse to fetch the URL: unsafe address or scheme, or robots.txt disallows it."""
