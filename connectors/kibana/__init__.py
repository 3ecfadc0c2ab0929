"""Kibana connector: importing newsflow's data views, searches and dashboard."""

from __future__ import annotations

from connectors.kibana.config import KibanaConfig
from connectors.kibana.saved_objects import (
    ImportResult,
    KibanaError,
    KibanaUnavailable,
    import_saved_objects,
    saved_objects,
)

__all__ = [
    "ImportResult",
    "KibanaConfig",
    "KibanaError",
    "KibanaUnavailable",
    "import_saved_objects",
    "saved_objects",
]
