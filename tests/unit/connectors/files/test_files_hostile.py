"""File discovery and reading against what a handed-over folder may hold (issue 14).

Every candidate is accounted for: read, or refused with a reason that becomes a
dead letter. Nothing blocks (a FIFO is never opened), nothing outside the tree is
read unless asked, and a name that is not UTF-8 is kept and shown escaped.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from apache_beam.pvalue import TaggedOutput

from connectors.files import Found, survey
from connectors.files.decode import read_limited
from connectors.files.source import STAGE, ReadFileFn
from pipeline.core import metrics
from pipeline.core.clock import utc_now
from pipeline.core.deadletters import Guarded
from schemas import DeadLetter, InvalidInput, RawDocument

ARTICLE = "Baku talks resume\n\nOfficials in Baku met on Tuesday to resume the talks.\n"


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[Path]:
    """A folder holding one good article and one of everything discovery must not read."""
    root = tmp_path / "in"
    root.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0\n")
    (root / "good.txt").write_text(ARTICLE)
    os.mkfifo(root / "pipe.txt")
    (root / "folder.txt").mkdir()
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    (root / "leak.txt").symlink_to(outside)
    (root / "inside.txt").symlink_to(root / "good.txt")
    with open(os.fsencode(root) + b"/caf\xe9.txt", "wb") as handle:  # latin-1 name
        handle.write(ARTICLE.encode())
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock.txt"))
    try:
        yield root
    finally:
        server.close()


def _by_name(found: list[Found]) -> dict[str, str | None]:
    return {os.path.basename(f.shown): f.refused for f in found}


def test_every_candidate_is_read_or_refused_with_a_reason(tree: Path) -> None:
    found = survey(str(tree))
    read = sorted(os.path.basename(f.shown) for f in found if f.refused is None)
    # inside.txt is read as what it links to; the latin-1 name is kept, shown escaped
    assert read == ["caf\\xe9.txt", "good.txt", "good.txt"]
    assert _by_name([f for f in found if f.refused]) == {
        "pipe.txt": "a FIFO (named pipe), not a regular file; not read",
        "folder.txt": "a directory, not a regular file; not read",
        "sock.txt": "a socket, not a regular file; not read",
        "dangling.txt": f"a dangling symlink to {tree}/gone.txt; not read",
        "loop.txt": f"a symlink loop (-> {tree}/loop.txt); not read",
        "leak.txt": f"a symlink to {tree.parent}/secret.txt, outside the replayed tree {tree}; "
        "not followed (--follow-outside-links reads it)",
    }


def test_a_link_out_of_the_tree_is_read_when_allowed(tree: Path) -> None:
    found = survey(str(tree), follow_outside_links=True)
    assert [f.shown for f in found if f.refused is None and f.shown.endswith("secret.txt")]


def test_a_glob_is_held_to_the_folder_it_names(tree: Path) -> None:
    found = _by_name(survey(str(tree / "*.txt")))
    assert "outside the replayed tree" in str(found["leak.txt"])
    assert found["good.txt"] is None


def _process(found: Found) -> list[RawDocument | TaggedOutput]:
    """The reader as the pipeline runs it: inside the kernel's guard."""
    reader = Guarded(STAGE, ReadFileFn(1024 * 1024, utc_now), utc_now, counts_as=metrics.READ)
    reader.setup()
    return list(reader.process(found))


def test_refused_files_become_dead_letters_without_their_content(tree: Path) -> None:
    outputs = [out for f in survey(str(tree)) for out in _process(f)]
    letters = [out.value for out in outputs if isinstance(out, TaggedOutput)]
    documents = [out for out in outputs if isinstance(out, RawDocument)]
    assert len(documents) == 3  # good.txt, inside.txt (the same file), caf\xe9.txt
    assert len(letters) == 6
    assert all(isinstance(letter, DeadLetter) and letter.stage == "read" for letter in letters)
    assert all(letter.payload is None for letter in letters)  # nothing from outside inlined
    escaped = [doc for doc in documents if doc.origin.endswith("caf\\xe9.txt")]
    assert escaped
    assert escaped[0].origin.encode("utf-8")  # a lone surrogate would not encode


def test_reading_a_fifo_refuses_it_instead_of_blocking(tree: Path) -> None:
    with pytest.raises(InvalidInput, match=r"pipe\.txt: not a regular file"):
        read_limited(str(tree / "pipe.txt"), 1024)


def test_a_bug_while_reading_is_a_dead_letter_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<rss><channel><item><title>x</title></item></channel></rss>")
    outputs = _process(Found(b"\x00" + os.fsencode(path)))  # open() raises ValueError on NUL
    assert len(outputs) == 1
    assert isinstance(outputs[0], TaggedOutput)
    letter = outputs[0].value
    assert letter.error_type == "RuntimeError"
    assert letter.reason.startswith("unexpected ValueError in stage read")
