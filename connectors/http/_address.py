"""Which URLs we may fetch: http(s) only, and only public addresses unless allowed.

Fetching URLs found in feeds is a security boundary: a feed (or a redirect) can
point at ``http://169.254.169.254/`` (cloud metadata), ``http://localhost:9200/``
or a router's admin page. The check is made where the connection is opened
(``GuardedBackend``), on the addresses we actually connect to, so a DNS answer that
changes between a check and the connection (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from schemas.errors import FetchRefused

ALLOWED_SCHEMES = frozenset({"http", "https"})

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., list[tuple[Any, ...]]]


def check_scheme(url: str) -> None:
    """Refuse anything but absolute, well-formed http(s) URLs (file:, javascript:, data:,
    ``http://0177.0.0.1/``, ``http://[::1``...): what httpx or idna cannot parse is refused
    here, as our error, before it could escape as theirs."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise FetchRefused(f"refusing {url!r}: not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchRefused(f"refusing {url!r}: only http and https URLs are fetched")
    if not host:
        raise FetchRefused(f"refusing {url!r}: the URL has no host")
    try:
        httpx.URL(url).host.encode("idna")
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise FetchRefused(f"refusing {url!r}: not a valid URL ({exc})") from exc


# Prefixes whose addresses carry an IPv4 address in their last 32 bits, which is where
# the packets really go: NAT64's well-known prefix (RFC 6052) and IPv4-translated
# addresses (RFC 2765). IPv4-mapped (::ffff:0:0/96) and IPv4-compatible (::/96)
# addresses are recognised by their leading zeros.
_LAST_32_BITS_IS_IPV4 = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("::ffff:0:0:0/96"),
)
# Local-use NAT64 (RFC 8215) puts the IPv4 address at a place each network chooses:
# nothing can be said about where it leads, so it is not public.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def embedded_ipv4(address: IpAddress) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to: mapped (``::ffff:127.0.0.1``),
    compatible (``::127.0.0.1``), NAT64 (``64:ff9b::7f00:1``), IPv4-translated, 6to4
    (``2002:7f00:1::``) and Teredo (server and client). Empty for anything else."""
    if isinstance(address, ipaddress.IPv4Address):
        return []
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)
    packed = address.packed
    compatible = packed[:12] == bytes(12) and int(address) > 1  # not :: or ::1
    if compatible or any(address in net for net in _LAST_32_BITS_IS_IPV4):
        return [ipaddress.IPv4Address(packed[12:])]
    return []


def is_public(address: IpAddress) -> bool:
    """True for globally routable unicast addresses.

    ``is_global`` is False for private (10/8, 172.16/12, 192.168/16, fc00::/7),
    loopback, link-local (169.254/16 holds the cloud metadata service), shared
    (100.64/10), reserved and unspecified ranges. An IPv6 address that carries an
    IPv4 address (see ``embedded_ipv4``) is public only if that IPv4 address is:
    ``[::127.0.0.1]`` or ``[64:ff9b::a9fe:a9fe]`` must not reach what 127.0.0.1 or
    169.254.169.254 would.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address in _LOCAL_NAT64:
            return False
        inner = embedded_ipv4(address)
        if inner:
            return all(is_public(v4) for v4 in inner) and (
                address.sixtofour is None or address.is_global
            )
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int, resolver: Resolver = socket.getaddrinfo) -> list[IpAddress]:
    """All addresses ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = resolver(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
    addresses = (ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos)
    return list(dict.fromkeys(addresses))  # each once, in the resolver's order


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend, connecting only to addresses the policy allows.

    A host that resolves to any non-public address is refused outright when private
    networks are not allowed: a mixed answer is a sign of DNS tricks, not of a news site.
    """

    def __init__(self, *, allow_private: bool, resolver: Resolver = socket.getaddrinfo) -> None:
        self._allow_private = allow_private
        self._resolver = resolver
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = resolve(host, port, self._resolver)
        if not self._allow_private:
            blocked = [str(a) for a in addresses if not is_public(a)]
            if blocked:
                raise FetchRefused(
                    f"refusing to connect to {host}: it resolves to non-public address "
                    f"{', '.join(blocked)} (set http.allow_private_networks to allow it)"
                )
        error: Exception | None = None
        for address in addresses:
            try:
                return self._backend.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error or httpcore.ConnectError(f"{host} resolved to no address")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise FetchRefused("refusing to connect to a unix socket")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)
