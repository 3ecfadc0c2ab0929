"""The fetcher: one polite, bounded, retried GET, shared by feeds and article pages.

``Fetcher.fetch`` either returns a ``Fetched`` (200, or 304 for a conditional GET)
or raises one of our errors:

- FetchUnavailable  timeouts, connection errors, 408/425/429/5xx after the retries,
                    or a robots.txt that does not answer (transient: retried later)
- FetchRejected     any other 4xx/5xx, a body above the size cap, a redirect loop or
                    too many redirects, a body that does not decode (terminal)
- FetchRefused      a non-http(s) URL, a private address, a robots.txt disallow
- Interrupted       the run is stopping; nothing more is started or retried
"""

from __future__ import annotations

import random
import socket
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from connectors.http._address import GuardedBackend, Resolver, check_scheme
from connectors.http._config import HttpConfig
from connectors.http._decode import decoded
from connectors.http._observe import FetchRecord, record
from connectors.http._retry import (
    REDIRECT_STATUSES,
    RETRYABLE_STATUSES,
    parse_retry_after,
    retry_wait,
)
from connectors.http._robots import MAX_ROBOTS_BYTES, RobotsCache, robots_url
from connectors.http._throttle import HostThrottle
from connectors.http._transport import make_client
from pipeline.core.clock import Clock, utc_now
from schemas.errors import (
    FetchRefused,
    FetchRejected,
    FetchUnavailable,
    Interrupted,
    redact_urls,
    redacted,
)

ACCEPT_ANY = "*/*"


class StopSignal(Protocol):
    """What the fetcher needs to know about stopping; ``threading.Event`` is one."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float | None = None) -> bool: ...


@dataclass(frozen=True, slots=True)
class Validators:
    """HTTP cache validators remembered per feed for conditional GETs."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None
    validators: Validators
    attempts: int

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class _Answer:
    """A final (non-redirect, non-retryable) answer, its body read within the cap."""

    status: int
    reason: str
    final_url: str
    headers: httpx.Headers
    body: bytes


@dataclass(frozen=True, slots=True)
class _Retry:
    reason: str
    retry_after_s: float | None = None


class _TooSlow(Exception):
    """The body kept trickling in past ``total_timeout_s``."""


class Fetcher:
    """Thread-safe: lanes of one DoFn share it, and with it the per-host throttle."""

    def __init__(
        self,
        config: HttpConfig,
        *,
        stop: StopSignal | None = None,
        now: Clock = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
        resolver: Resolver = socket.getaddrinfo,
    ) -> None:
        self._config = config
        self._stop: StopSignal = stop if stop is not None else threading.Event()
        self._now = now
        self._monotonic = monotonic
        self._rand = rand
        backend = GuardedBackend(allow_private=config.allow_private_networks, resolver=resolver)
        self._client = make_client(config, backend)
        # A shared fetcher has no single owner to close it: its connections close when
        # it is collected (or at exit), whichever comes first.
        self._close = weakref.finalize(self, self._client.close)
        self._throttle = HostThrottle(
            config.per_host_concurrency,
            config.per_host_delay_s,
            clock=monotonic,
            wait=self._stop.wait,
        )
        self._robots = RobotsCache(self._fetch_robots, config.robots_ttl_s, monotonic)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._close()

    @property
    def max_body_bytes(self) -> int:
        """The body cap (``http.max_body_bytes``), for what a caller decompresses itself."""
        return self._config.max_body_bytes

    def fetch(
        self, url: str, validators: Validators | None = None, *, accept: str = ACCEPT_ANY
    ) -> Fetched:
        """GET ``url`` (conditionally when ``validators`` are given), retrying what may pass.

        Each call that is not interrupted leaves a ``FetchRecord`` (see ``_observe``)."""
        started = self._monotonic()
        try:
            fetched = self._fetch(url, validators, accept)
        except (httpx.HTTPError, httpx.InvalidURL, UnicodeError, ValueError) as exc:
            # the last line of translation: httpx, h11 or idna on input nobody foresaw
            err = FetchRejected(redact_urls(f"cannot fetch {url!r}: {type(exc).__name__}: {exc}"))
            record(FetchRecord(site_of(url), self._monotonic() - started, type(err).__name__))
            raise err from exc
        except (FetchUnavailable, FetchRejected, FetchRefused) as err:
            record(FetchRecord(site_of(url), self._monotonic() - started, type(err).__name__))
            clean = redacted(err)  # a feed URL may carry user:password
            if clean is err:
                raise
            raise clean from err
        record(FetchRecord(site_of(url), self._monotonic() - started))
        return fetched

    def robots_sitemaps(self, url: str) -> tuple[str, ...]:
        """The ``Sitemap:`` lines of the robots.txt of ``url``'s site, read (and cached)
        as for its rules; raises ``FetchUnavailable`` when it does not answer."""
        check_scheme(url)
        rules = self._robots.rules_for(url)
        if rules.unavailable is not None:
            raise FetchUnavailable(f"{robots_url(url)} is unavailable ({rules.unavailable})")
        return rules.sitemaps()

    def _fetch(self, url: str, validators: Validators | None, accept: str) -> Fetched:
        check_scheme(url)
        headers = {"Accept": accept, **(validators.headers() if validators else {})}
        attempt = 0
        while True:
            if self._stop.is_set():
                raise Interrupted(f"stopping: {url} was not fetched")
            outcome = self._exchange(url, headers, self._config.max_body_bytes, robots=True)
            if isinstance(outcome, _Answer):
                return self._fetched(url, outcome, validators, attempt + 1)
            if attempt >= self._config.max_retries:
                reason = f"{outcome.reason} (gave up after {attempt + 1} attempts)"
                raise FetchUnavailable(reason, outcome.retry_after_s)
            wait = retry_wait(attempt, outcome.retry_after_s, self._config, self._rand)
            if wait > self._config.max_retry_after_s:
                raise FetchUnavailable(
                    f"{outcome.reason}; it asks us to wait {wait:.0f} s, longer than "
                    f"http.max_retry_after_s ({self._config.max_retry_after_s:.0f} s)",
                    outcome.retry_after_s,
                )
            if self._stop.wait(wait):
                raise Interrupted(f"stopping: {url} was not retried")
            attempt += 1

    def _fetched(
        self, url: str, answer: _Answer, sent: Validators | None, attempts: int
    ) -> Fetched:
        if answer.status == 304 or 200 <= answer.status < 300:
            previous = sent or Validators()
            return Fetched(
                url=url,
                final_url=answer.final_url,
                status=answer.status,
                body=answer.body,
                content_type=answer.headers.get("content-type"),
                validators=Validators(
                    etag=answer.headers.get("etag") or previous.etag,
                    last_modified=answer.headers.get("last-modified") or previous.last_modified,
                ),
                attempts=attempts,
            )
        raise FetchRejected(f"{answer.final_url} answered {answer.status} {answer.reason}".rstrip())

    def _exchange(
        self, url: str, headers: dict[str, str], cap: int, *, robots: bool
    ) -> _Answer | _Retry:
        """One request, following at most ``max_redirects`` redirects, each hop checked."""
        chain = [url]
        current = url
        for _hop in range(self._config.max_redirects + 1):
            if robots and self._config.obey_robots:
                self._check_robots(current)
            outcome = self._request(current, headers, cap)
            if not isinstance(outcome, _Answer) or outcome.status not in REDIRECT_STATUSES:
                return outcome
            location = outcome.headers.get("location")
            if not location:
                return outcome
            target = urljoin(current, location)
            check_scheme(target)
            if target in chain:
                raise FetchRejected(f"redirect loop: {' -> '.join([*chain, target])}")
            chain.append(target)
            current = target
        raise FetchRejected(
            f"{url} redirected more than {self._config.max_redirects} times "
            f"(http.max_redirects): {' -> '.join(chain)}"
        )

    def _request(self, url: str, headers: dict[str, str], cap: int) -> _Answer | _Retry:
        site = site_of(url)
        with self._throttle.slot(site):
            started = self._monotonic()
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status in RETRYABLE_STATUSES:
                        return self._retry_later(url, site, response)
                    body = b""
                    if 200 <= status < 300:
                        body = self._read_capped(response, url, cap, started)
                    return _Answer(status, response.reason_phrase, url, response.headers, body)
            except (httpx.TimeoutException, _TooSlow) as exc:
                return _Retry(f"{url} timed out ({type(exc).__name__})")
            except httpx.DecodingError as exc:
                raise FetchRejected(f"{url}: body does not decode: {exc}") from exc
            except (httpx.InvalidURL, UnicodeError) as exc:
                # httpx parses a redirect's Location (with idna) even when not following it
                raise FetchRejected(f"{url} redirects to an unusable URL: {exc}") from exc
            except httpx.RemoteProtocolError as exc:
                if "location header" in str(exc).lower():  # the same, in another guise
                    raise FetchRejected(f"{url} redirects to an unusable URL: {exc}") from exc
                return _Retry(f"cannot fetch {url}: {type(exc).__name__}: {exc}")
            except httpx.TransportError as exc:
                return _Retry(f"cannot fetch {url}: {type(exc).__name__}: {exc}")

    def _retry_later(self, url: str, site: str, response: httpx.Response) -> _Retry:
        retry_after = parse_retry_after(response.headers.get("retry-after"), self._now())
        if retry_after:
            # Everyone waiting for this host waits too, not only this request.
            self._throttle.slow_down(site, pause_s=min(retry_after, self._config.max_retry_after_s))
        reason = f"{url} answered {response.status_code} {response.reason_phrase}".rstrip()
        return _Retry(reason, retry_after)

    def _read_capped(self, response: httpx.Response, url: str, cap: int, started: float) -> bytes:
        """The decoded body, refusing it as soon as it passes ``cap`` bytes."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchRejected(
                f"{url} declares {int(declared):,} bytes, above the {cap:,}-byte limit "
                "(http.max_body_bytes)"
            )
        body = bytearray()
        encoding = response.headers.get("content-encoding")
        for piece in decoded(response.iter_raw(), encoding, origin=url):
            if len(body) + len(piece) > cap:
                raise FetchRejected(
                    f"{url} sent more than {cap:,} bytes (http.max_body_bytes)"
                    f"{' once decoded' if encoding else ''}; stopped reading"
                )
            if self._stop.is_set():
                raise Interrupted(f"stopping: {url} was not read to its end")
            if self._monotonic() - started > self._config.total_timeout_s:
                raise _TooSlow(f"{url} took longer than {self._config.total_timeout_s} s")
            body += piece
        return bytes(body)

    def _check_robots(self, url: str) -> None:
        rules = self._robots.rules_for(url)
        agent = self._config.robots_agent
        if rules.unavailable is not None:
            raise FetchUnavailable(
                f"{robots_url(url)} is unavailable ({rules.unavailable}); "
                f"not fetching {url} until it answers"
            )
        if not rules.allows(url, agent):
            raise FetchRefused(f"{robots_url(url)} disallows {url} for {agent!r}")
        delay = rules.crawl_delay(agent)
        if delay:
            delay = min(delay, self._config.max_crawl_delay_s)
            self._throttle.slow_down(site_of(url), delay_s=delay)

    def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        """One attempt at robots.txt; its own errors never mean 'disallowed'."""
        try:
            outcome = self._exchange(url, {"Accept": "text/plain"}, MAX_ROBOTS_BYTES, robots=False)
        except FetchRejected as err:  # too large, redirect loop: no usable rules
            return 404, str(err).encode()
        if isinstance(outcome, _Retry):
            raise FetchUnavailable(outcome.reason, outcome.retry_after_s)
        return outcome.status, outcome.body


def site_of(url: str) -> str:
    """The politeness unit: host and port, as the throttle and the lanes see it."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:  # "http://[::1": refused when fetched; a lane of its own till then
        return url.lower()
