"""Every way an IPv6 address can carry an IPv4 one, checked as the IPv4 address it
leads to (issue 14), and URLs httpx cannot parse refused as our error."""

from __future__ import annotations

import ipaddress

import pytest

from connectors.http import check_scheme, is_public
from connectors.http._address import embedded_ipv4
from schemas import FetchRefused

# (form, address, the IPv4 it carries or None, public?)
FORMS = [
    ("IPv4-mapped loopback", "::ffff:127.0.0.1", "127.0.0.1", False),
    ("IPv4-mapped metadata", "::ffff:169.254.169.254", "169.254.169.254", False),
    ("IPv4-mapped public", "::ffff:8.8.8.8", "8.8.8.8", True),
    ("IPv4-compatible loopback", "::127.0.0.1", "127.0.0.1", False),
    ("IPv4-compatible private", "::10.0.0.1", "10.0.0.1", False),
    ("IPv4-compatible metadata", "::a9fe:a9fe", "169.254.169.254", False),
    ("IPv4-translated loopback", "::ffff:0:127.0.0.1", "127.0.0.1", False),
    ("NAT64 loopback", "64:ff9b::127.0.0.1", "127.0.0.1", False),
    ("NAT64 metadata", "64:ff9b::a9fe:a9fe", "169.254.169.254", False),
    ("NAT64 private", "64:ff9b::192.168.1.1", "192.168.1.1", False),
    ("NAT64 public", "64:ff9b::8.8.8.8", "8.8.8.8", True),
    ("local-use NAT64", "64:ff9b:1::8.8.8.8", None, False),
    ("6to4 loopback", "2002:7f00:1::1", "127.0.0.1", False),
    ("6to4 private", "2002:c0a8:101::1", "192.168.1.1", False),
    ("6to4 metadata", "2002:a9fe:a9fe::", "169.254.169.254", False),
    ("Teredo to loopback", "2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1", False),
    ("unspecified", "::", None, False),
    ("loopback", "::1", None, False),
    ("plain public IPv6", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", None, True),
]


@pytest.mark.parametrize(
    ("form", "address", "carried", "public"), FORMS, ids=[form for form, *_ in FORMS]
)
def test_an_ipv6_address_is_judged_by_the_ipv4_address_it_carries(
    form: str, address: str, carried: str | None, public: bool
) -> None:
    ip = ipaddress.IPv6Address(address)
    inner = [str(v4) for v4 in embedded_ipv4(ip)]
    if carried is not None:
        assert carried in inner, form
    elif "NAT64" not in form:
        assert inner == [], form
    assert is_public(ip) is public, form


@pytest.mark.parametrize(
    "url",
    [
        "http://0177.0.0.1/",  # octal loopback: httpx refuses to parse it
        "http://999.1.1.1/",
        "http://[::1/",
        "http://\x00/",
        "http://a..b/",
        "https://xn--/",
    ],
)
def test_urls_httpx_cannot_parse_are_refused_as_ours(url: str) -> None:
    with pytest.raises(FetchRefused, match="not a valid URL"):
        check_scheme(url)
