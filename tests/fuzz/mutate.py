"""A seeded mutator over the feed and page fixtures: case N is the same bytes on every run.

Mutations are the ones that found crashes before (issue 14): byte flips and
splices, and tokens that parsers mishandle (character references to no character,
odd encoding declarations, dates outside any calendar, deep nesting, entity tricks,
broken markup). A case is ``(kind, number, bytes)``; ``case(kind, number, seed)``
rebuilds it, so a reported escape is reproduced from its number alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FEED_SEEDS = (
    *sorted((FIXTURES / "feeds").glob("*.xml")),  # RSS, Atom and sitemaps
    *sorted((FIXTURES / "feeds").glob("*.json")),  # JSON Feeds
    FIXTURES / "files" / "feed_rss2.xml",
    *sorted((FIXTURES / "hostile" / "feeds").glob("*.xml")),
)
PAGE_SEEDS = (
    *sorted((FIXTURES / "feeds").glob("*.html")),
    FIXTURES / "files" / "page.html",
    *sorted((FIXTURES / "hostile" / "pages").glob("*.html")),
)

TOKENS = (
    b"&#x110000;",
    b"&#xD800;",
    b"&#55296;",
    b"&#0;",
    b"&#x0;",
    b"&#99999999999999999999;",
    b"&amp;",
    b"&nbsp;",
    b"&undefined;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"<?xml version='1.0' encoding='\xff\xfe'?>",
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<?xml version="1.0" encoding="x-unknown-\x80"?>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>',
    b"<pubDate>Mon, 31 Feb 0000 25:61:61 +9999</pubDate>",
    b"<updated>0000-00-00T00:00:00Z</updated>",
    b"<published>99999-12-31T23:59:59+99:99</published>",
    b"<dc:date>-0001-01-01</dc:date>",
    b"<link>javascript:alert(1)</link>",
    b'<link href="data:text/html,x"/>',
    b"<item>",
    b"</item>",
    b"<entry>",
    b"</entry>",
    b"<content:encoded>",
    b"<title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>",
    b"<media:content url='' />",
    b"<enclosure url='' length='-1' type=''/>",
    b"<category term=''/>",
    b"<author><name></name></author>",
    b"<html><head><meta charset='bogus'></head>",
    b"<meta http-equiv='content-type' content='text/html; charset=x-\xff'>",
    b"<svg><math><table><tr><td><select><option>",
    b"<base href='http://['>",
    b"<a href='http://[::1'>x</a>",
    b"<img src='//\x00/'>",
    b"<time datetime='0000-00-00'>",
    b"<meta property='article:published_time' content='9999999999'>",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\r",
    b"\x0c",
    b"\xed\xa0\x80",
)

Mutation = Callable[[bytearray, random.Random], None]


def _flip(data: bytearray, rng: random.Random) -> None:
    if data:
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)


def _random_byte(data: bytearray, rng: random.Random) -> None:
    if data:
        data[rng.randrange(len(data))] = rng.randrange(256)


def _insert_token(data: bytearray, rng: random.Random) -> None:
    at = rng.randrange(len(data) + 1)
    data[at:at] = rng.choice(TOKENS)


def _delete_span(data: bytearray, rng: random.Random) -> None:
    if len(data) > 2:
        start = rng.randrange(len(data))
        del data[start : start + rng.randrange(1, min(200, len(data)))]


def _duplicate_span(data: bytearray, rng: random.Random) -> None:
    if len(data) > 2:
        start = rng.randrange(len(data))
        span = data[start : start + rng.randrange(1, 400)]
        at = rng.randrange(len(data) + 1)
        data[at:at] = span * rng.choice((1, 2, 8))


def _truncate(data: bytearray, rng: random.Random) -> None:
    if data:
        del data[rng.randrange(len(data)) :]


def _nest(data: bytearray, rng: random.Random) -> None:
    depth = rng.choice((10, 100, 1000))
    tag = rng.choice((b"div", b"item", b"entry", b"b", b"table"))
    at = rng.randrange(len(data) + 1)
    data[at:at] = (b"<" + tag + b">") * depth


def _noise(data: bytearray, rng: random.Random) -> None:
    """A stretch of random bytes: what a wrong Content-Type or a broken proxy hands over."""
    at = rng.randrange(len(data) + 1)
    data[at:at] = rng.randbytes(rng.randrange(1, 2048))


SOUP = (
    *(b"<%s>" % t for t in b"html head body title p div table tr td svg math select".split()),
    *(b"<%s>" % t for t in b"option template frameset noscript article script style li".split()),
    *(b"</%s>" % t for t in b"p div table td script style body html".split()),
    b"<meta property='og:title' content='x'>",
    b"<time datetime='0000'>",
    b"<a href='x'>",
    b"<?xml?>",
    b"<!DOCTYPE html>",
)


def _tag_soup(data: bytearray, rng: random.Random) -> None:
    """Tags in an order no author writes, with noise between: found lxml's AssertionErrors."""
    at = rng.randrange(len(data) + 1)
    soup = (rng.choice((*SOUP, *TOKENS)) + rng.randbytes(rng.randrange(20)) for _ in range(300))
    data[at:at] = b"".join(soup)


MUTATIONS: tuple[Mutation, ...] = (
    _noise,
    _tag_soup,
    _flip,
    _random_byte,
    _insert_token,
    _insert_token,
    _insert_token,
    _delete_span,
    _duplicate_span,
    _truncate,
    _nest,
)


def mutate(seed: bytes, rng: random.Random) -> bytes:
    data = bytearray(seed)
    for _ in range(rng.choice((1, 1, 2, 3, 5, 8))):
        rng.choice(MUTATIONS)(data, rng)
    return bytes(data)


def case(kind: str, number: int, seed: int = 0) -> bytes:
    """Case ``number`` of ``kind`` ("feed" or "page"): the same bytes on every run."""
    seeds = FEED_SEEDS if kind == "feed" else PAGE_SEEDS
    rng = random.Random(f"{kind}:{seed}:{number}")
    return mutate(seeds[number % len(seeds)].read_bytes(), rng)
