"""The Article contract: the types every stage exchanges, and the index template."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemas.article import (
        PIPELINE_VERSION,
        Article,
        Copy,
        DateSource,
        DocumentKind,
        Entity,
        EntityType,
        Extractor,
        RawDocument,
    )
    from schemas.deadletter import DeadLetter
    from schemas.errors import (
        ConfigError,
        DocumentRejected,
        ExtractionFailed,
        FetchRefused,
        FetchRejected,
        FetchUnavailable,
        IngestError,
        Interrupted,
        InvalidInput,
        SinkUnavailable,
        TerminalError,
        TransientError,
    )
    from schemas.stages import Carries, Stage

# Imported when first used, so that importing the package imports none of its modules:
# pipeline/core/exports.py says why; schemas sits below that kernel, so it has its own.
_WHERE = {
    name: module
    for module, names in {
        "schemas.article": (
            "PIPELINE_VERSION",
            "Article",
            "Copy",
            "DateSource",
            "DocumentKind",
            "Entity",
            "EntityType",
            "Extractor",
            "RawDocument",
        ),
        "schemas.deadletter": ("DeadLetter",),
        "schemas.errors": (
            "ConfigError",
            "DocumentRejected",
            "ExtractionFailed",
            "FetchRefused",
            "FetchRejected",
            "FetchUnavailable",
            "IngestError",
            "Interrupted",
            "InvalidInput",
            "SinkUnavailable",
            "TerminalError",
            "TransientError",
        ),
        "schemas.stages": ("Carries", "Stage"),
    }.items()
    for name in names
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "PIPELINE_VERSION",
    "Article",
    "Carries",
    "ConfigError",
    "Copy",
    "DateSource",
    "DeadLetter",
    "DocumentKind",
    "DocumentRejected",
    "Entity",
    "EntityType",
    "ExtractionFailed",
    "Extractor",
    "FetchRefused",
    "FetchRejected",
    "FetchUnavailable",
    "IngestError",
    "Interrupted",
    "InvalidInput",
    "RawDocument",
    "SinkUnavailable",
    "Stage",
    "TerminalError",
    "TransientError",
]
