"""Decoding HTML bytes: BOM, then the header's charset, then <meta>, then detection."""

from __future__ import annotations

import codecs

from connectors.http import decode_html
from connectors.http._charset import header_charset, sniff_charset
from tests.conftest import FIXTURES

RUSSIAN = "Задержания в Екатеринбурге: Баку вызвал посла России"


def test_meta_declared_windows_1251_page_decodes_to_cyrillic() -> None:
    body = (FIXTURES / "feeds" / "page_windows1251.html").read_bytes()
    assert sniff_charset(body, "text/html") == "cp1251"
    text = decode_html(body, "text/html")
    assert RUSSIAN in text
    assert "Азербайджана" in text


def test_header_charset_wins_over_meta() -> None:
    body = f'<meta charset="utf-8"><p>{RUSSIAN}</p>'.encode("koi8-r")
    assert RUSSIAN in decode_html(body, "text/html; charset=KOI8-R")
    assert header_charset('text/html; charset="windows-1251"') == "windows-1251"
    assert header_charset("text/html") is None


def test_bom_wins_over_everything() -> None:
    body = codecs.BOM_UTF8 + "<p>Bakı</p>".encode()
    assert decode_html(body, "text/html; charset=iso-8859-1") == "<p>Bakı</p>"


def test_latin1_labels_mean_windows_1252_as_in_browsers() -> None:
    body = "<p>“Quoted” – café</p>".encode("cp1252")
    assert decode_html(body, "text/html; charset=ISO-8859-1") == "<p>“Quoted” – café</p>"


def test_undeclared_pages_are_utf8_else_detected_never_an_error() -> None:
    assert decode_html("<p>Əliyev</p>".encode(), None) == "<p>Əliyev</p>"
    undeclared = ("<p>" + RUSSIAN * 5 + "</p>").encode("cp1251")
    assert RUSSIAN in decode_html(undeclared, None)
    assert decode_html(b"\xff\xfe\xfa junk", "text/html; charset=unknown-charset")
