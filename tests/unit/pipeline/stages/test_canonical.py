"""Canonical URLs on a table of URL shapes met in real feeds and share links."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.stages.canonical import canonical_url, is_tracking_param, same_site
from pipeline.stages.extract import extract
from pipeline.stages.identify import identify
from schemas import DocumentKind, RawDocument
from tests.conftest import FIXTURES

# (as found in the wild, canonical form, what it shows)
URL_SHAPES = [
    ("HTTPS://Example.COM:443/a?b=1#frag", "https://example.com/a?b=1", "case, port, fragment"),
    ("http://example.com:8080", "http://example.com:8080/", "other port kept, empty path"),
    ("http://Example.com./x", "http://example.com/x", "trailing dot of the host"),
    (
        "https://www.bbc.com/news/world-europe-67?at_medium=RSS&at_campaign=rss",
        "https://www.bbc.com/news/world-europe-67",
        "AT Internet campaign tags from an RSS feed",
    ),
    (
        "https://www.reuters.com/world/europe/story-2025-07-01/?utm_source=twitter"
        "&utm_medium=social&utm_campaign=reuters",
        "https://www.reuters.com/world/europe/story-2025-07-01/",
        "utm_* campaign tags",
    ),
    (
        "https://apnews.com/article/abc123?fbclid=IwAR3xYz&mibextid=Zxz2cZ",
        "https://apnews.com/article/abc123?mibextid=Zxz2cZ",
        "Facebook click id dropped; unknown parameters kept",
    ),
    (
        "https://news.example/a?gclid=Cj0KCQ&yclid=123&msclkid=abc&_ga=2.1&_gl=1*x",
        "https://news.example/a",
        "Google, Yandex, Microsoft click ids and GA linker",
    ),
    (
        "https://news.example/a?mc_cid=1a2b&mc_eid=3c4d&id=42",
        "https://news.example/a?id=42",
        "Mailchimp ids; the article id parameter stays",
    ),
    (
        "https://www.nytimes.com/2025/07/01/world/europe/x.html?smid=tw-share&smtyp=cur",
        "https://www.nytimes.com/2025/07/01/world/europe/x.html",
        "share-link parameters",
    ),
    (
        "https://news.example/search?q=baku&page=2&lang=en",
        "https://news.example/search?lang=en&page=2&q=baku",
        "query parameters sorted",
    ),
    (
        "https://news.example/view?id=7&id=3",
        "https://news.example/view?id=3&id=7",
        "repeated parameter sorted by value",
    ),
    ("https://news.example/a?", "https://news.example/a", "empty query"),
    ("https://news.example/a?utm_source=x", "https://news.example/a", "only tracking"),
    ("https://news.example/a/./b/../c", "https://news.example/a/c", "dot segments"),
    ("https://news.example/%7euser/%2f", "https://news.example/~user/%2F", "escapes"),
    ("https://news.example/Story-ABC", "https://news.example/Story-ABC", "path case kept"),
    ("https://user:secret@news.example/a", "https://news.example/a", "userinfo dropped"),
    ("https://Пример.рф/новости", "https://xn--e1afmkfd.xn--p1ai/новости", "IDN host"),
    (
        "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/amp/story-1?x=1",
        "https://www.example.com/amp/story-1?x=1",
        "Google AMP cache URL to the publisher's",
    ),
    ("ftp://example.com/file", None, "not http(s)"),
    ("mailto:desk@example.com", None, "not a web page"),
    ("http://example.com:99999/a", None, "port out of range"),
    ("not a url", None, "garbage"),
    (None, None, "missing"),
]


@pytest.mark.parametrize(("url", "expected", "shape"), URL_SHAPES)
def test_canonical_url_shapes(url: str | None, expected: str | None, shape: str) -> None:
    assert canonical_url(url) == expected, shape


@pytest.mark.parametrize(
    ("url", "declared", "expected"),
    [
        (  # AMP subdomain declaring its canonical page
            "https://amp.theguardian.com/world/2025/jul/01/x",
            "https://www.theguardian.com/world/2025/jul/01/x",
            "https://www.theguardian.com/world/2025/jul/01/x",
        ),
        (  # AMP path variant
            "https://www.example.com/news/amp/story-1",
            "https://www.example.com/news/story-1?utm_source=amp",
            "https://www.example.com/news/story-1",
        ),
        (  # mobile site
            "https://m.bakupost.example/politics/123",
            "https://bakupost.example/politics/123",
            "https://bakupost.example/politics/123",
        ),
        (  # a syndicated copy naming the original as canonical keeps its own identity
            "https://www.caucasuswatch.example/2025/07/story",
            "https://www.reuters.com/world/story",
            "https://www.caucasuswatch.example/2025/07/story",
        ),
        (  # a broken declaration is ignored
            "https://m.example.com/a",
            "javascript:void(0)",
            "https://m.example.com/a",
        ),
    ],
)
def test_declared_canonical_maps_amp_and_mobile_variants_of_the_same_site(
    url: str, declared: str, expected: str
) -> None:
    assert canonical_url(url, declared=declared) == expected


def test_same_site_ignores_variant_labels_but_not_other_domains() -> None:
    assert same_site("https://m.bbc.co.uk/a", "https://www.bbc.co.uk/b")
    assert same_site("https://amp.example.com/", "https://example.com/")
    assert not same_site("https://example.com/", "https://example.org/")
    assert not same_site("https://www.co.uk/", "https://bbc.co.uk/")


@pytest.mark.parametrize("name", ["utm_source", "UTM_Campaign", "fbclid", "mc_eid", "pk_kwd"])
def test_tracking_params(name: str) -> None:
    assert is_tracking_param(name)


@pytest.mark.parametrize("name", ["id", "page", "q", "article", "p", "lang"])
def test_content_params_are_not_tracking(name: str) -> None:
    assert not is_tracking_param(name)


def test_an_amp_page_is_identified_by_the_canonical_link_it_declares() -> None:
    page = (FIXTURES / "dedup" / "amp_page.html").read_text("utf-8")
    amp_url = "https://amp.caucasuswatch.example/2025/07/culture-events?utm_medium=social"
    raw = RawDocument(origin=amp_url, kind=DocumentKind.HTML, payload=page, url=amp_url)
    article = identify(extract(raw), ingested_at=datetime(2025, 7, 9, tzinfo=UTC))
    assert article.url == amp_url
    assert article.canonical_url == "https://www.caucasuswatch.example/2025/07/culture-events"
