"""Turning one file's content into RawDocuments, by file type. Pure: no I/O here."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from connectors.rss.parse import parse_feed
from pipeline.stages.dates import parse_date
from schemas import DateSource, DocumentKind, InvalidInput, RawDocument


@dataclass(frozen=True, slots=True)
class RecordError:
    """One bad record inside an otherwise readable file (e.g. a broken JSONL line)."""

    origin: str
    error: InvalidInput
    payload: str


Parsed = RawDocument | RecordError

# Field names accepted for each Article field in JSON records, most specific first.
_TEXT_KEYS = ("text", "body", "content", "article", "maintext")
_TITLE_KEYS = ("title", "headline")
_URL_KEYS = ("url", "link")
_SOURCE_KEYS = ("source", "outlet", "site", "sitename", "source_domain")
_DATE_KEYS = ("published_at", "date_publish", "published", "date", "pubDate")
_AUTHOR_KEYS = ("authors", "author", "byline")
_TAG_KEYS = ("tags", "keywords", "categories")
_LANGUAGE_KEYS = ("language", "lang")
_SUMMARY_KEYS = ("summary", "description")


def parse_file(origin: str, text: str) -> list[Parsed]:
    """The documents in one file; raises InvalidInput when the file as a whole is unusable."""
    suffix = PurePath(origin).suffix.lower()
    if suffix == ".txt":
        return [RawDocument(origin=origin, kind=DocumentKind.PLAIN_TEXT, payload=text)]
    if suffix in (".html", ".htm"):
        return [RawDocument(origin=origin, kind=DocumentKind.HTML, payload=text)]
    if suffix == ".jsonl":
        return list(_jsonl_records(origin, text))
    if suffix == ".json":
        return _json_records(origin, text)
    if suffix == ".xml":
        feed = parse_feed(text.encode("utf-8"), origin=origin)
        rejected = [RecordError(bad.origin, bad.error, bad.payload) for bad in feed.rejected]
        if not feed.entries and not rejected:
            raise InvalidInput(f"{origin}: feed has no entries")
        return [*feed.entries, *rejected]
    raise InvalidInput(f"{origin}: unsupported file type {suffix!r}")


def _json_records(origin: str, text: str) -> list[Parsed]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{origin}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    items = data if isinstance(data, list) else [data]
    out: list[Parsed] = []
    for number, item in enumerate(items):
        where = f"{origin}#{number}" if isinstance(data, list) else origin
        out.append(_record_or_error(where, item, json.dumps(item, ensure_ascii=False)))
    return out


def _jsonl_records(origin: str, text: str) -> Iterator[Parsed]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RecordError(where, InvalidInput(f"{where}: invalid JSON: {exc.msg}"), line)
            continue
        yield _record_or_error(where, item, line)


def _record_or_error(origin: str, item: Any, payload: str) -> Parsed:
    try:
        return record_document(origin, item)
    except InvalidInput as err:
        return RecordError(origin, err, payload)


def record_document(origin: str, record: Any) -> RawDocument:
    """One JSON object to a RawDocument; the body may be text or HTML."""
    if not isinstance(record, Mapping):
        raise InvalidInput(f"{origin}: expected a JSON object, got {type(record).__name__}")
    body = _first_str(record, _TEXT_KEYS)
    if not body:
        raise InvalidInput(f"{origin}: record has no text (looked for {', '.join(_TEXT_KEYS)})")
    published = parse_date(_first_str(record, _DATE_KEYS))
    return RawDocument(
        origin=origin,
        kind=DocumentKind.JSON_RECORD,
        payload=body,
        url=_first_str(record, _URL_KEYS),
        title=_first_str(record, _TITLE_KEYS),
        summary=_first_str(record, _SUMMARY_KEYS),
        source=_first_str(record, _SOURCE_KEYS),
        authors=_strings(record, _AUTHOR_KEYS),
        tags=_strings(record, _TAG_KEYS),
        language=_first_str(record, _LANGUAGE_KEYS),
        published_at=published,
        date_source=DateSource.RECORD if published else DateSource.NONE,
    )


def _first_str(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _strings(record: Mapping[str, Any], keys: tuple[str, ...]) -> tuple[str, ...]:
    """The first of ``keys`` holding a string or a list of strings."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return (value.strip(),)
        if isinstance(value, list):
            return tuple(v.strip() for v in value if isinstance(v, str) and v.strip())
    return ()
