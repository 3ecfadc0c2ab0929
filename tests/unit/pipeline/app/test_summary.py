"""Counts of a bounded run and the summaries the CLI prints from them. Pure."""

from __future__ import annotations

import json

import pytest

from pipeline.app.bounded import Counts
from pipeline.app.deadletter_replay import DeadLetterReplaySummary
from pipeline.app.replay import ReplaySummary
from pipeline.app.summary import UNACCOUNTED, outcomes, report

REPLAY = Counts(
    {
        "files": 6,
        "read": 6,
        "indexed": 4,
        "linked": 1,
        "duplicate": 1,
        "dead_lettered": 1,
        "dead_lettered.read": 1,
        "indexed|source=files": 4,
    }
)


def test_every_document_read_ends_in_one_outcome_or_is_deferred() -> None:
    assert REPLAY.accounted
    assert Counts({"read": 3, "indexed": 1, "deferred": 2}).accounted
    assert not Counts({"read": 3, "indexed": 1}).accounted
    assert Counts().accounted
    assert REPLAY.dead_lettered_by_stage == {"read": 1}


def test_the_outcome_phrase_is_shared() -> None:
    assert outcomes(REPLAY) == "indexed 4, duplicate 1, dead-lettered 1"
    assert outcomes(REPLAY, again=True) == "indexed 4, duplicate 1, dead-lettered again 1"


def test_a_replay_summary_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    summary = ReplaySummary(REPLAY, "/state/dead.jsonl")
    assert report(summary, "news", as_json=False)
    assert capsys.readouterr().out.splitlines() == [
        "replayed 6 files into 'news': read 6, indexed 4, duplicate 1, dead-lettered 1",
        "of the indexed, 1 are copies of an earlier article (linked by duplicate_of)",
        "dead letters (read 1) are in /state/dead.jsonl",
    ]
    assert report(summary, "news", as_json=True)
    assert json.loads(capsys.readouterr().out) == {
        "index": "news",
        "files": 6,
        "read": 6,
        "indexed": 4,
        "linked": 1,
        "recorded": 0,
        "updated": 0,
        "duplicate": 1,
        "dead_lettered": 1,
        "dead_lettered_by_stage": {"read": 1},
        "dead_letter_path": "/state/dead.jsonl",
        "accounted": True,
    }


def test_an_unaccounted_replay_warns_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    summary = ReplaySummary(Counts({"files": 1, "read": 2, "indexed": 1}), "/d.jsonl")
    assert not report(summary, "news", as_json=False)
    assert capsys.readouterr().out.splitlines()[-1] == UNACCOUNTED


def test_a_dead_letter_replay_summary(capsys: pytest.CaptureFixture[str]) -> None:
    summary = DeadLetterReplaySummary(
        source="/d.jsonl",
        archived_to="/d.jsonl.replayed-20250709T120000Z",
        replayed=6,
        kept=1,
        counts=Counts({"read": 6, "indexed": 5, "dead_lettered": 1}),
        output="/d.jsonl",
    )
    assert report(summary, "news", as_json=False)
    assert capsys.readouterr().out.splitlines() == [
        "replayed 6 dead letters from /d.jsonl into 'news': read 6, indexed 5, duplicate 0, "
        "dead-lettered again 1",
        "1 could not be replayed (no inlined input); kept",
        "the replayed file was moved to /d.jsonl.replayed-20250709T120000Z",
        "remaining dead letters are in /d.jsonl",
    ]
    assert report(summary, "news", as_json=True)
    assert json.loads(capsys.readouterr().out)["read"] == 6
