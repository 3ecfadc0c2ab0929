"""A package's public names, each imported from its module when first used (PEP 562).

Why packages here import nothing of their own when they are imported: a package
``__init__`` that imports its modules makes an import cycle (a module imports its
package first), and Python's per-module import locks cannot order a cycle when two
threads import at once. Beam's SDK harness does exactly that: it unpickles DoFns and
elements on several threads, each importing the module its object names. Python 3.11
then hands one thread a module still being run ("cannot import name 'STAGE' from
partially initialized module 'connectors.files.source'"), or fails with
``_DeadlockError``: a stage of a Flink job fails. With ``__init__`` files that only
declare their public names, imports follow the modules' own imports, which form no
cycle (tests/unit/test_imports.py checks both).

Usage, in a package's ``__init__.py``::

    if TYPE_CHECKING:  # what type checkers read
        from connectors.files.discover import Found

    __getattr__ = lazy_exports(__name__, {"connectors.files.discover": ("Found",)})
    __all__ = ["Found"]

``schemas`` (below this kernel) writes the same few lines itself.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_exports(package: str, modules: Mapping[str, Iterable[str]]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: ``modules`` maps each module to the
    public names it defines; a name is imported on first use, then kept."""
    where = {name: module for module, names in modules.items() for name in names}
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    return __getattr__
