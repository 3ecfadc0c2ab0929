"""Kibana connector: importing newsflow's data views, searches and dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from connectors.kibana.config import KibanaConfig
    from connectors.kibana.saved_objects import (
        ImportResult,
        KibanaError,
        KibanaUnavailable,
        import_saved_objects,
    )

__getattr__ = lazy_exports(
    __name__,
    {
        "connectors.kibana.config": ("KibanaConfig",),
        "connectors.kibana.saved_objects": (
            "ImportResult",
            "KibanaError",
            "KibanaUnavailable",
            "import_saved_objects",
        ),
    },
)

__all__ = [
    "ImportResult",
    "KibanaConfig",
    "KibanaError",
    "KibanaUnavailable",
    "import_saved_objects",
]
