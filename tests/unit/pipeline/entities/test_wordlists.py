"""The frequent-word lists shipped with the package are what the installed wordfreq
says (built in a child process: building loads ten languages' tables)."""

from __future__ import annotations

import json
import subprocess
import sys

from pipeline.entities.wordlists import load

_BUILD = (
    "import json; from pipeline.entities.wordlists import build; "
    "b = build(); print(json.dumps({'en': len(b['frequent']['en']), "
    "'ru': len(b['frequent']['ru']), 'english_only': sorted(b['english_only'])}))"
)


def test_shipped_lists_match_the_installed_wordfreq() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _BUILD], capture_output=True, text=True, check=True, timeout=300
    )
    built = json.loads(done.stdout.strip().splitlines()[-1])
    shipped = load()
    assert built["en"] == len(shipped.frequent["en"])
    assert built["ru"] == len(shipped.frequent["ru"])
    assert set(built["english_only"]) == shipped.english_only


def test_lists_hold_words_and_not_names() -> None:
    lists = load()
    assert {"поэтому", "думаю"} <= lists.frequent["ru"]
    assert {"heart", "fire", "empire"} <= lists.english_only
    assert not {"john", "lisa", "lopez", "biden"} & lists.english_only
