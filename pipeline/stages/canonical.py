"""Canonical URLs: one spelling for every way a link to the same page is written.

A canonical URL is the identity of a web article (``identify`` derives the document
id from it), so two links that reach the same page must canonicalise to one string
and two different pages must never do so. The rules, in order:

1. only http(s) URLs with a host have a canonical form;
2. scheme and host are lower-cased, a trailing dot and user information are dropped,
   an internationalised host is written in its ASCII (IDNA) form, and the scheme's
   default port is removed;
3. the fragment is dropped (it never reaches the server);
4. the path keeps its case (servers may distinguish it), but dot segments are
   resolved, percent-escapes are upper-cased and unreserved characters decoded; an
   empty path is ``/``;
5. tracking parameters (``TRACKING_PARAMS`` and ``TRACKING_PREFIXES`` below) are
   removed and the remaining query parameters are sorted by name, then value;
6. a Google AMP cache URL (``*.cdn.ampproject.org/c/s/HOST/PATH``) is mapped to the
   publisher's URL it caches;
7. an AMP or mobile variant whose page declares its canonical link is mapped to it,
   but only when the declared link is on the same site (``same_site``). A page
   that declares another site's URL as canonical is a syndicated copy: it keeps
   its own identity, and near-duplicate detection links it to the original instead,
   so that it is indexed (with ``duplicate_of``) rather than lost.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that identify a click, a campaign or a reader, never the page.
# Compared case-insensitively. Sources: the vendors' documentation of their click
# and campaign identifiers (Google Analytics/Ads, Meta, Microsoft, Yandex, Mailchimp,
# HubSpot, Marketo, Matomo/Piwik, Adobe, AT Internet, Omeda, Vero, TikTok, X/Twitter,
# LinkedIn, Instagram, Alibaba, NYT/WaPo share links).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "yclid", "ysclid",
        "msclkid", "igshid", "igsh", "twclid", "ttclid", "li_fat_id", "epik", "srsltid",
        "_ga", "_gl", "_hsenc", "_hsmi", "__hssc", "__hstc", "__hsfp", "hsctatracking",
        "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "rb_clickid",
        "s_cid", "s_kwcid", "ef_id", "spm", "scm", "smid", "smtyp", "cmpid", "ito",
        "ncid", "ocid", "ref_src", "ref_url", "share_source", "__twitter_impression",
        "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        "wt.mc_id", "wt_mc_id", "xtor", "_openstat", "mbid", "cvid", "sr_share",
    }
)  # fmt: skip
# Families of parameters, matched by prefix (utm_source, mc_cid, pk_campaign, ...).
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "mtm_", "matomo_", "hsa_", "_branch")

# Host labels that name a variant of the same site, not another site.
VARIANT_LABELS = frozenset({"www", "m", "mobile", "amp"})
_AMP_CACHE_RE = re.compile(r"^/[cv]/(?:(?P<secure>s)/)?(?P<rest>[^/].*)$")
_AMP_CACHE_SUFFIX = ".cdn.ampproject.org"
_ESCAPE_RE = re.compile(r"%[0-9A-Fa-f]{2}")
# RFC 3986 unreserved characters need no escaping; an escaped one is decoded.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def is_tracking_param(name: str) -> bool:
    """True for a query parameter that tracks clicks or campaigns (see the lists above)."""
    key = name.strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def canonical_url(url: str | None, *, declared: str | None = None) -> str | None:
    """The canonical form of ``url``, or None when it is not an http(s) URL.

    ``declared`` is the canonical link the page itself declares (``<link
    rel="canonical">``); it wins when it points to the same site (AMP and mobile
    variants), and is ignored otherwise.
    """
    own = _canonical(url)
    if own is None or not declared:
        return own
    target = _canonical(declared)
    if target is not None and same_site(own, target):
        return target
    return own


def same_site(a: str, b: str) -> bool:
    """True when two URLs are on one site, ignoring www./m./mobile./amp. host labels."""
    return _site(urlsplit(a).hostname or "") == _site(urlsplit(b).hostname or "")


def _site(host: str) -> str:
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in VARIANT_LABELS:
        labels = labels[1:]
    return ".".join(labels)


def _canonical(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # an out-of-range or non-numeric port, an unbalanced IPv6 bracket
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    host = _ascii_host(parts.hostname)
    if host is None:
        return None
    if host.endswith(_AMP_CACHE_SUFFIX):
        origin = _amp_cache_origin(parts.path, parts.query)
        if origin is not None:
            return _canonical(origin)
    if port and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, _path(parts.path), _query(parts.query), ""))


def _ascii_host(hostname: str) -> str | None:
    host = hostname.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _amp_cache_origin(path: str, query: str) -> str | None:
    # https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a -> https://www.example.com/a
    match = _AMP_CACHE_RE.match(path)
    if match is None:
        return None
    scheme = "https" if match["secure"] else "http"
    return f"{scheme}://{match['rest']}" + (f"?{query}" if query else "")


def _path(path: str) -> str:
    if not path:
        return "/"
    path = _ESCAPE_RE.sub(_normalise_escape, path)
    resolved = posixpath.normpath(path)
    # normpath drops a trailing slash and keeps a leading "//"; restore and collapse both.
    if path.endswith("/") and resolved != "/":
        resolved += "/"
    return "/" + resolved.lstrip("/")


def _normalise_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group(0)[1:], 16))
    return char if char in _UNRESERVED else match.group(0).upper()


def _query(query: str) -> str:
    if not query:
        return ""
    pairs = [
        (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not is_tracking_param(k)
    ]
    return urlencode(sorted(pairs), quote_via=quote)
