"""OPML subscription lists to feeds."""

from __future__ import annotations

import pytest

from connectors.rss.opml import parse_opml
from schemas import InvalidInput
from tests.conftest import FIXTURES


def test_outlines_with_xml_url_become_feeds_with_unique_ids_and_tags() -> None:
    outlines = parse_opml((FIXTURES / "feeds" / "subscriptions.opml").read_bytes())
    assert [(o.id, o.url) for o in outlines] == [
        ("caucasus-wire", "https://caucasus.example.com/feed/"),
        ("eurasia-desk", "https://news.example.org/feeds/desk.atom"),
        ("agency-wire", "https://agency.example.net/rss"),
        ("agency-wire-2", "https://agency.example.net/rss/ru"),
    ]
    assert outlines[0].tags == ("Caucasus", "politics", "wire")
    assert outlines[0].title == "Caucasus Wire"
    assert outlines[1].language == "en"
    assert outlines[3].tags == ("Agencies",)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<opml><body><outline text='x'/></body></opml>", "no outline with an xmlUrl"),
        (b"<rss/>", "not an OPML document"),
        (b"<opml><body><outline", "not valid OPML"),
        (b"<opml><body><outline xmlUrl='file:///etc/passwd'/></body></opml>", "only http"),
        (
            b'<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<opml><body><outline text='&x;' xmlUrl='https://a.example/'/></body></opml>",
            "external entity",  # never resolved, let alone fetched
        ),
    ],
)
def test_bad_opml_is_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_opml(data)
