"""Writing an extraction evaluation set: its gold file and the licence of its pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path


def write_eval_set(target: Path, gold: dict[str, dict[str, object]], licence: Path) -> None:
    """``target/gold.json`` (stable order, readable diffs) and ``target/LICENSE``."""
    (target / "gold.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
    )
    shutil.copyfile(licence, target / "LICENSE")
    print(f"{len(gold)} pages into {target}")
