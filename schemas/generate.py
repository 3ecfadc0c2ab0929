"""Write the Article JSON Schema next to this module: ``python -m schemas.generate``.

The schema is generated from the model, never edited by hand; a test fails when the
committed file and the model disagree.
"""

from __future__ import annotations

import json
from pathlib import Path

from schemas.article import Article

SCHEMA_PATH = Path(__file__).with_name("article.schema.json")


def article_schema_text() -> str:
    schema = Article.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://newsflow.dev/schemas/article.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> None:
    SCHEMA_PATH.write_text(article_schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")


if __name__ == "__main__":
    main()
