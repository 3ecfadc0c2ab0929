"""`newsflow search` as a reader uses it, on the real node: stemming, one hit per story,
filters, sorting and facets.

Two corpora: the seeds plus their five syndicated copies (tests/fixtures/dedup), and a
small JSON Lines file written here whose records carry an outlet, a date and a language
(the plain-text seeds have none of these), so each filter has something to tell apart.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from tests.conftest import SEEDS
from tests.support.cli import cli_env, newsflow
from tests.support.es import drop_alias

pytestmark = pytest.mark.es

SEED_COPIES = Path(__file__).parents[1] / "fixtures" / "dedup" / "seed_copies"

# (outlet, date, language, title, text)
RECORDS = [
    (
        "Brussels Daily",
        "2024-03-01T09:00:00Z",
        "en",
        "EU adopts new sanctions on oil exports",
        "Ministers agreed on new sanctions against the oil trade. The sanctions take effect "
        "in April, officials said after long negotiations in Brussels.",
    ),
    (
        "Harbour Gazette",
        "2024-03-05T09:00:00Z",
        "en",
        "Port reopens after repairs",
        "The new harbour master said one sanction from last year still applies to a "
        "single shipping company; the port itself reopened on Monday.",
    ),
    (
        "Harbour Gazette",
        "2024-02-10T09:00:00Z",
        "en",
        "Ferry timetable changes",
        "The ferry company will negotiate a new timetable with the city council.",
    ),
    (
        "Vesti Kaspiya",
        "2024-03-03T09:00:00Z",
        "ru",
        "Новые санкции против нефтяного экспорта",
        "Министры согласовали новые санкции. Санкциями займутся с апреля в Брюсселе.",
    ),
]


@pytest.fixture(scope="module")
def corpus(
    es_url: str, es_client: Elasticsearch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """One alias holding both corpora, replayed once for the module."""
    alias = f"test-{uuid.uuid4().hex[:10]}"
    tmp = tmp_path_factory.mktemp("search")
    folder = tmp / "in"
    shutil.copytree(SEEDS, folder)
    for copy in SEED_COPIES.glob("*.syndicated.txt"):
        shutil.copy(copy, folder / copy.name)
    lines = [
        {"source": s, "published_at": d, "language": lang, "title": title, "text": text}
        for s, d, lang, title, text in RECORDS
    ]
    (folder / "wire.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    env = cli_env(es_url, alias, tmp)
    done = newsflow("replay", str(folder), "--no-progress", "--json", env=env)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["read"], summary["dead_lettered"]) == (14, 0), summary
    try:
        yield env
    finally:
        drop_alias(es_client, alias)


def _search(env: dict[str, str], *args: str) -> list[dict[str, object]]:
    done = newsflow("search", *args, "--json", env=env)
    assert done.returncode == 0, done.stderr
    hits: list[dict[str, object]] = json.loads(done.stdout)
    return hits


def test_stemming_finds_other_forms_and_exact_words_rank_first(corpus: dict[str, str]) -> None:
    titles = [hit["title"] for hit in _search(corpus, "sanction")]
    # "sanctions" (stemmed) and "sanction" (exact) both match; the exact word ranks first
    assert titles[:2] == ["Port reopens after repairs", "EU adopts new sanctions on oil exports"]
    phrase = [hit["title"] for hit in _search(corpus, "new", "sanctions")]
    # both English records hold "new" and a form of "sanction"; only one the phrase itself
    assert phrase[0] == "EU adopts new sanctions on oil exports"
    assert "Port reopens after repairs" in phrase
    negotiate = {hit["title"] for hit in _search(corpus, "negotiate", "--lang", "en")}
    assert "EU adopts new sanctions on oil exports" in negotiate  # "negotiations"
    assert "Ferry timetable changes" in negotiate
    russian = [hit["title"] for hit in _search(corpus, "санкция")]
    assert russian == ["Новые санкции против нефтяного экспорта"]


def test_one_hit_per_story_lists_its_copies(corpus: dict[str, str]) -> None:
    hits = _search(corpus, "Azerbaijan", "Moscow")
    assert len(hits) == 5
    assert all(hit["copies"] == 1 for hit in hits), hits
    human = newsflow("search", "Azerbaijan", "Moscow", env=corpus)
    assert human.stdout.count("also in") == 5
    assert "also in: Eurasianet (1 copy)" in human.stdout


def test_entity_finds_every_spelling(corpus: dict[str, str]) -> None:
    hits = _search(corpus, "--entity", "Ekaterinburg")
    assert len(hits) == 3
    snippets = _search(corpus, "--entity", "Екатеринбург")
    assert {hit["id"] for hit in snippets} == {hit["id"] for hit in hits}
    unknown = newsflow("search", "--entity", "Qwxzyville", env=corpus)
    assert unknown.returncode == 2
    assert "no knowledge-base entity is called 'Qwxzyville'" in unknown.stderr


def test_filters_sort_and_facets(corpus: dict[str, str]) -> None:
    harbour = _search(corpus, "--source", "Harbour Gazette")
    assert {hit["title"] for hit in harbour} == {
        "Port reopens after repairs",
        "Ferry timetable changes",
    }
    march = _search(corpus, "--since", "2024-03-01", "--until", "2024-03-03")
    assert {hit["title"] for hit in march} == {
        "EU adopts new sanctions on oil exports",
        "Новые санкции против нефтяного экспорта",
    }
    russian = _search(corpus, "--lang", "ru")
    assert [hit["language"] for hit in russian] == ["ru"]
    outlets = ("--source", "Harbour Gazette", "--source", "Brussels Daily")
    by_date = _search(corpus, "the", *outlets, "--sort", "date")
    assert [hit["title"] for hit in by_date] == [
        "Port reopens after repairs",
        "EU adopts new sanctions on oil exports",
        "Ferry timetable changes",
    ]

    done = newsflow("search", "Azerbaijan", "--facets", "--json", env=corpus)
    result = json.loads(done.stdout)
    assert len(result["hits"]) == 5
    places = dict(result["facets"]["places"])
    assert places["Baku"] == 5  # stories, not articles: the copies are not counted twice
    assert {"people", "places", "organizations", "outlets"} <= set(result["facets"])
    assert dict(result["facets"]["outlets"])["Eurasianet"] == 1
    human = newsflow("search", "Azerbaijan", "--facets", env=corpus)
    assert "places: " in human.stdout
    assert "Baku (5)" in human.stdout
