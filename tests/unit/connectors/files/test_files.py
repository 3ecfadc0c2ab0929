"""The local files connector's pure parts: discovery, safe reading and decoding, parsing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.files.decode import decode_text, read_limited
from connectors.files.discover import discover
from connectors.files.parse import RecordError, parse_file
from schemas import ConfigError, DateSource, DocumentKind, InvalidInput, RawDocument
from tests.conftest import FIXTURES, SEEDS

FILES = FIXTURES / "files"


def test_discover_directory_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.html").write_text("a")
    (tmp_path / "notes.md").write_text("ignored")
    (tmp_path / ".hidden.txt").write_text("ignored")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.jsonl").write_text("{}")
    found = [Path(p).name for p in discover(str(tmp_path))]
    assert found == ["a.html", "b.txt", "c.jsonl"]


def test_discover_glob_and_single_file() -> None:
    assert len(discover(str(SEEDS / "*.txt"))) == 5
    assert discover(str(SEEDS / "000_dae75238717aeea7.txt"))[0].endswith("000_dae75238717aeea7.txt")


def test_discover_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file or directory"):
        discover(str(tmp_path / "missing"))
    (tmp_path / "x.md").write_text("x")
    with pytest.raises(ConfigError, match="no files to read"):
        discover(str(tmp_path))


def test_read_limited_refuses_large_and_empty_files(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(InvalidInput, match="above the 1,024-byte limit"):
        read_limited(str(big), 1024)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="file is empty"):
        read_limited(str(empty), 1024)
    with pytest.raises(InvalidInput, match="cannot read file"):
        read_limited(str(tmp_path / "gone.txt"), 1024)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"caf\xe9 au lait", r"not valid UTF-8 \(byte 0xe9 at offset 3\)"),
        (bytes(range(1, 31)) * 20, "binary data"),
        (b"   \n\t  ", "only whitespace"),
    ],
)
def test_decode_text_refuses_non_text(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        decode_text(data, "f.txt")


def test_decode_text_strips_bom() -> None:
    assert decode_text("\ufeffЕкатеринбург".encode(), "f.txt") == "Екатеринбург"


def test_parse_plain_text_and_html_are_single_documents() -> None:
    [doc] = parse_file("a.txt", "Some text")
    assert isinstance(doc, RawDocument)
    assert doc.kind is DocumentKind.PLAIN_TEXT
    [page] = parse_file("a.html", "<p>x</p>")
    assert isinstance(page, RawDocument)
    assert page.kind is DocumentKind.HTML


def test_parse_jsonl_keeps_good_records_and_isolates_bad_lines() -> None:
    path = FILES / "records.jsonl"
    parsed = parse_file(str(path), path.read_text("utf-8"))
    assert len(parsed) == 5
    good = [p for p in parsed if isinstance(p, RawDocument)]
    bad = [p for p in parsed if isinstance(p, RecordError)]
    assert [d.title for d in good] == [
        "Baku recalls envoy",
        "Aktau crash report delayed",
        "Grozny flight resumes",
    ]
    assert [b.origin.rsplit(":", 1)[1] for b in bad] == ["3", "4"]
    assert "invalid JSON" in str(bad[0].error)
    assert "record has no text" in str(bad[1].error)
    first, second, third = good
    assert first.published_at == datetime(2025, 7, 1, 9, tzinfo=UTC)
    assert first.date_source is DateSource.RECORD
    assert first.source == "Example Wire"
    assert second.authors == ("Jane Doe", "Ivan Petrov")
    assert second.published_at == datetime(2025, 7, 1, 10, tzinfo=UTC)
    assert third.source == "Example Wire"
    assert third.published_at is None


def test_parse_single_json_record() -> None:
    path = FILES / "record.json"
    [doc] = parse_file(str(path), path.read_text("utf-8"))
    assert isinstance(doc, RawDocument)
    assert doc.title == "Moscow summons Azerbaijani ambassador"
    assert doc.source == "Media Example"
    assert doc.published_at == datetime(2025, 2, 2, tzinfo=UTC)


def test_parse_invalid_json_file_raises() -> None:
    with pytest.raises(InvalidInput, match="invalid JSON at line 1"):
        parse_file("x.json", "{not json")


def test_parse_feed_file_gives_one_document_per_entry() -> None:
    path = FILES / "feed_rss2.xml"
    entries = parse_file(str(path), path.read_text("utf-8"))
    assert len(entries) == 2
    first = entries[0]
    assert isinstance(first, RawDocument)
    assert first.kind is DocumentKind.FEED_ENTRY
    assert first.url == "https://caucasus.example.com/2025/07/baku-moscow"
    assert first.authors == ("Leyla Mammadova",)
    assert first.tags == ("Azerbaijan", "Russia")
    assert first.source == "Caucasus Wire"
    assert first.published_at == datetime(2025, 7, 2, 5, 15, tzinfo=UTC)
    assert "Yekaterinburg" in first.payload


def test_parse_malformed_feed_file_raises() -> None:
    with pytest.raises(InvalidInput, match="malformed feed"):
        parse_file("junk.xml", "<rss><channel><item><title>unclosed")
