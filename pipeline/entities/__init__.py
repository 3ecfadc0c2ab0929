"""Entities: the knowledge base, its loaders, linking, NER, and the stage that applies them.

Public surface::

    EntityConfig            typed, frozen settings (KB files, fuzzy threshold, NER on/off)
    EntityStage             KB linker + optional NER, built once; ``link_batch(articles)``
    EntityStageFactory      what the Beam DoFn pickles and calls in ``setup()``
    KnowledgeBase, KbEntity the KB as values; ``starter_kb()`` is the one shipped as data
    Linker, Mention         text -> mentions with the evidence for each
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.exports import lazy_exports

if TYPE_CHECKING:
    from pipeline.entities.config import EntityConfig
    from pipeline.entities.kb import KbEntity, KnowledgeBase, starter_kb
    from pipeline.entities.linker import Linker, Mention
    from pipeline.entities.stage import EntityStage, EntityStageFactory, load_kb

__getattr__ = lazy_exports(
    __name__,
    {
        "pipeline.entities.config": ("EntityConfig",),
        "pipeline.entities.kb": ("KbEntity", "KnowledgeBase", "starter_kb"),
        "pipeline.entities.linker": ("Linker", "Mention"),
        "pipeline.entities.stage": ("EntityStage", "EntityStageFactory", "load_kb"),
    },
)

__all__ = [
    "EntityConfig",
    "EntityStage",
    "EntityStageFactory",
    "KbEntity",
    "KnowledgeBase",
    "Linker",
    "Mention",
    "load_kb",
    "starter_kb",
]
