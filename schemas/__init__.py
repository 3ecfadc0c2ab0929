"""The Article contract: the types every stage exchanges, and the index template."""

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
