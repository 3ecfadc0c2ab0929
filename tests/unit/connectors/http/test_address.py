"""Which URLs and addresses the fetcher may touch. Resolution is faked: no network here."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

from connectors.http import check_scheme, is_public
from connectors.http._address import GuardedBackend, resolve
from schemas import FetchRefused


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/feed.xml", "gopher://x", "javascript:alert(1)",
     "//example.com/no-scheme", "http:///no-host"],
)  # fmt: skip
def test_only_absolute_http_urls_are_fetched(url: str) -> None:
    with pytest.raises(FetchRefused, match="refusing"):
        check_scheme(url)


def test_http_and_https_pass() -> None:
    check_scheme("http://example.com/feed")
    check_scheme("HTTPS://Example.com/feed")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("10.1.2.3", False),
        ("172.20.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata service
        ("fd00:ec2::254", False),  # AWS metadata over IPv6 (unique local)
        ("100.100.100.200", False),  # shared address space (Alibaba metadata)
        ("0.0.0.0", False),
        ("::ffff:127.0.0.1", False),  # loopback wrapped in IPv6
        ("224.0.0.1", False),
    ],
)
def test_public_means_globally_routable_unicast(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def _resolver(table: dict[str, list[str]]) -> Any:
    def fake(host: str, port: int, **_: object) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in table[host]]

    return fake


def test_resolve_literal_and_names() -> None:
    assert resolve("127.0.0.1", 80) == [ipaddress.ip_address("127.0.0.1")]
    assert resolve("[::1]", 80) == [ipaddress.ip_address("::1")]
    fake = _resolver({"news.example": ["93.184.215.14", "93.184.215.14"]})
    assert resolve("news.example", 80, fake) == [ipaddress.ip_address("93.184.215.14")]


def test_guard_refuses_a_name_that_resolves_to_a_private_address() -> None:
    # A feed link to a harmless-looking name that points at the metadata service.
    backend = GuardedBackend(
        allow_private=False, resolver=_resolver({"evil.example": ["169.254.169.254"]})
    )
    with pytest.raises(FetchRefused, match=r"evil.example: it resolves to non-public address 169"):
        backend.connect_tcp("evil.example", 80)


def test_guard_refuses_mixed_answers_and_unix_sockets() -> None:
    backend = GuardedBackend(
        allow_private=False, resolver=_resolver({"mixed.example": ["93.184.215.14", "10.0.0.5"]})
    )
    with pytest.raises(FetchRefused, match=r"10\.0\.0\.5"):
        backend.connect_tcp("mixed.example", 443)
    with pytest.raises(FetchRefused, match="unix socket"):
        backend.connect_unix_socket("/var/run/docker.sock")
