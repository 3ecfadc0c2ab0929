"""Entities: the knowledge base, its loaders, linking, NER, and the stage that applies them.

Public surface::

    EntityConfig            typed, frozen settings (KB files, fuzzy threshold, NER on/off)
    EntityStage             KB linker + optional NER, built once; ``link_batch(articles)``
    EntityStageFactory      what the Beam DoFn pickles and calls in ``setup()``
    KnowledgeBase, KbEntity the KB as values; ``starter_kb()`` is the one shipped as data
    Linker, Mention         text -> mentions with the evidence for each
"""

from pipeline.entities.config import EntityConfig
from pipeline.entities.kb import KbEntity, KnowledgeBase, starter_kb
from pipeline.entities.linker import Linker, Mention
from pipeline.entities.stage import EntityStage, EntityStageFactory, load_kb

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
