"""``revise``: what a second document under a taken id changes, decided on plain dicts."""

from __future__ import annotations

from connectors.elasticsearch.revisions import Change, revise

STORED = {
    "id": "a1",
    "origin": "seeds/000.txt",
    "source": None,
    "url": None,
    "content_hash": "h1",
    "ingested_at": "2024-03-01T00:00:00Z",
    "text": "first",
}


def _new(**fields: object) -> dict[str, object]:
    return {**STORED, "ingested_at": "2024-03-02T00:00:00Z", **fields}


def test_a_replay_changes_nothing() -> None:
    assert revise(STORED, _new()) is None
    assert revise(STORED, _new(origin="/elsewhere/seeds/000.txt")) is None  # same file name


def test_other_text_from_another_origin_leaves_the_first_version() -> None:
    # the same canonical URL reached through another link, extracted differently
    assert revise(STORED, _new(origin="seeds/001.txt", content_hash="h2")) is None


def test_an_exact_copy_from_another_origin_is_recorded_once() -> None:
    copy = _new(origin="copies/reprint-000.txt", source="Eurasianet")
    kind, document = revise(STORED, copy) or (None, {})
    assert kind is Change.COPY
    assert document["copies"] == [
        {
            "source": "Eurasianet",
            "url": None,
            "origin": "copies/reprint-000.txt",
            "ingested_at": "2024-03-02T00:00:00Z",
        }
    ]
    assert document["ingested_at"] == STORED["ingested_at"]
    assert revise(document, copy) is None  # the same copy replayed


def test_changed_text_replaces_the_story_and_keeps_its_first_ingestion() -> None:
    first_copy = revise(STORED, _new(origin="elsewhere.txt"))
    assert first_copy is not None
    stored = first_copy[1]
    new = _new(content_hash="h2", text="corrected", ingested_at="2024-03-05T00:00:00Z")
    kind, document = revise(stored, new) or (None, {})
    assert kind is Change.UPDATE
    assert document["text"] == "corrected"
    assert document["ingested_at"] == "2024-03-01T00:00:00Z"
    assert document["updated_at"] == "2024-03-05T00:00:00Z"
    assert document["revisions"] == 2
    assert document["previous_hashes"] == ["h1"]
    assert document["copies"] == stored["copies"]
    assert revise(document, new) is None  # the correction replayed
    assert revise(document, _new()) is None  # the old version replayed: no going back
    third = revise(document, _new(content_hash="h3", ingested_at="2024-03-06T00:00:00Z"))
    assert third is not None
    assert third[1]["revisions"] == 3
    assert third[1]["previous_hashes"] == ["h1", "h2"]
