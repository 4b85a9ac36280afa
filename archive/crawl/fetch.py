"""HTTP: one request at a time, streamed, capped, with every failure named.

``HttpFetcher`` wraps an ``httpx.Client`` — pass your own (e.g. one built on
``httpx.MockTransport``) to test without a network. It never follows redirects (the
crawler does, so each hop is checked against robots.txt and waits its turn) and never
retries (the crawler re-queues the URL with ``backoff_delay`` so other hosts go on
meanwhile). robots.txt redirects are followed here, up to five, without a turn of their own. Bodies
are streamed and abandoned past ``max_bytes``; a content type we do
not keep is refused before its body is read.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import httpx

from .. import __version__
from ..page import MAX_PAGE_BYTES
from .errors import (
    FetchConnectionError,
    FetchError,
    FetchTimeout,
    HttpStatusError,
    NotHtml,
    TooLarge,
    TooSlow,
)
from .politeness import RobotsAnswer
from .robots import MAX_ROBOTS_BYTES

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"wenyuan/{__version__} (+https://pypi.org/project/wenyuan/)"
KEPT_TYPES = frozenset(("text/html", "application/xhtml+xml", "text/plain"))
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
DEFAULT_TIMEOUT = (10.0, 30.0)   # connect, read (seconds)
MAX_RETRY_AFTER = 120.0          # a longer Retry-After is cut to this
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"
_DROPPED_HEADERS = frozenset(("set-cookie",))   # not the page's business, and not ours to keep


@dataclass
class Response:
    url: str                   # the URL asked for
    status: int
    headers: dict[str, str]    # lower-case names; repeated headers joined with ", "
    body: bytes = b""          # empty for redirects; decompressed (the headers are as sent)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()

    def location(self) -> str | None:
        loc = self.headers.get("location")
        return urljoin(self.url, loc.strip()) if loc and loc.strip() else None


def retry_after_seconds(value: str | None, now: float, cap: float = MAX_RETRY_AFTER) -> float | None:
    """Seconds to wait from a Retry-After value (delay-seconds or an HTTP-date, RFC 9110
    §10.2.3), at most ``cap``; None when absent or unreadable. ``now`` is epoch seconds."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(0.0, when - now), cap)


def backoff_delay(attempt: int, *, base: float = 1.0, cap: float = 60.0,
                  rng: random.Random | None = None) -> float:
    """Wait before retry number ``attempt`` (0 for the first): exponential, with jitter so
    that crawlers retrying together spread out — a random point in the upper half of
    ``min(cap, base · 2^attempt)``."""
    ceiling = min(cap, base * 2 ** attempt)
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


def _headers(resp: httpx.Response) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in resp.headers.multi_items():
        name = name.lower()
        if name not in _DROPPED_HEADERS:
            out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def _server_now(headers: dict[str, str]) -> float:
    """The server's idea of now (its Date header), to read a Retry-After date against."""
    try:
        return parsedate_to_datetime(headers["date"]).timestamp()
    except (KeyError, TypeError, ValueError, IndexError, OverflowError):
        return time.time()


class HttpFetcher:
    def __init__(self, client: httpx.Client | None = None, *, user_agent: str = DEFAULT_USER_AGENT,
                 timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
                 max_bytes: int = MAX_PAGE_BYTES, max_retry_after: float = MAX_RETRY_AFTER,
                 clock: Callable[[], float] = time.monotonic):
        connect, read = (timeout, timeout) if isinstance(timeout, (int, float)) else timeout
        self.timeout = httpx.Timeout(connect=connect, read=read, write=read, pool=connect)
        # A server can keep under the read timeout by trickling bytes: bound the whole
        # fetch, from the request to the last byte, too.
        self.fetch_deadline = connect + 2 * read
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self.max_retry_after = max_retry_after
        self.clock = clock
        self._own_client = client is None
        self.client = client or httpx.Client(timeout=self.timeout, follow_redirects=False)

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def get(self, url: str) -> Response:
        """GET ``url`` once. 2xx (a page) and 3xx (a redirect, body not read) come back;
        everything else raises a ``FetchError`` saying what went wrong."""
        return self._get(url, page=True, max_bytes=self.max_bytes)

    def fetch_robots(self, site: str) -> RobotsAnswer:
        """GET site/robots.txt, following up to five redirects (RFC 9309 §2.3.1.2)."""
        url = f"{site}/robots.txt"
        for _ in range(6):
            try:
                resp = self._get(url, page=False, max_bytes=MAX_ROBOTS_BYTES, truncate=True)
            except HttpStatusError as e:
                return RobotsAnswer(e.status)
            except FetchError as e:
                log.info("robots.txt %s: %s", url, e)
                return RobotsAnswer(None, reason=e.message)
            if resp.status in REDIRECT_STATUSES and resp.location():
                url = resp.location()  # type: ignore[assignment]
                continue
            return RobotsAnswer(resp.status, resp.body)
        return RobotsAnswer(404)   # more than five redirects: treat as unavailable (allow)

    def _get(self, url: str, *, page: bool, max_bytes: int, truncate: bool = False) -> Response:
        headers = {"User-Agent": self.user_agent, "Accept": _ACCEPT if page else "text/plain,*/*"}
        deadline = self.clock() + self.fetch_deadline
        try:
            with self.client.stream("GET", url, headers=headers, timeout=self.timeout,
                                    follow_redirects=False) as resp:
                hdrs = _headers(resp)
                out = Response(url, resp.status_code, hdrs)
                if 300 <= resp.status_code < 400:
                    return out
                if resp.status_code >= 400:
                    retry = retry_after_seconds(hdrs.get("retry-after"), _server_now(hdrs),
                                                self.max_retry_after)
                    raise HttpStatusError(url, resp.status_code, retry)
                if page and out.media_type and out.media_type not in KEPT_TYPES:
                    raise NotHtml(url, out.media_type)
                length = hdrs.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes and not truncate:
                    raise TooLarge(url, f"the page is {int(length):,} bytes; the limit is {max_bytes:,}")
                if self.clock() > deadline:
                    raise TooSlow(url, f"the headers took over {self.fetch_deadline:g}s to arrive")
                out.body = self._read_body(url, resp, max_bytes, truncate, deadline)
                return out
        except httpx.TimeoutException as e:
            raise FetchTimeout(url, f"timed out ({type(e).__name__})") from None
        except httpx.DecodingError as e:
            raise FetchError(url, f"the response could not be decoded: {e}") from None
        except httpx.TransportError as e:
            raise FetchConnectionError(url, _why_no_connection(e)) from None

    def _read_body(self, url: str, resp: httpx.Response, max_bytes: int, truncate: bool,
                   deadline: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        # iter_bytes() yields decompressed bytes, so the cap also stops a compression bomb.
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                if truncate:
                    chunks.append(chunk[: max_bytes - (size - len(chunk))])
                    break
                raise TooLarge(url, f"the page is over the limit of {max_bytes:,} bytes")
            chunks.append(chunk)
            if self.clock() > deadline:
                raise TooSlow(url, f"the page took over {self.fetch_deadline:g}s to arrive")
        return b"".join(chunks)


def _why_no_connection(e: httpx.TransportError) -> str:
    """The reason in a few words (connection refused, name not known, …), not the socket
    library's '[Errno 111] Connection refused' chain."""
    import errno
    import socket

    cause = e.__context__ or e.__cause__
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__context__ or cause.__cause__
    if isinstance(cause, socket.gaierror):
        return "the host name is not known"
    known = {errno.ECONNREFUSED: "connection refused", errno.ECONNRESET: "connection reset",
             errno.EHOSTUNREACH: "no route to the host", errno.ENETUNREACH: "the network is unreachable"}
    if isinstance(cause, OSError) and cause.errno in known:
        return known[cause.errno]
    text = str(e) or type(e).__name__
    for number, words in known.items():
        if f"[Errno {number}]" in text:
            return words
    if "Name or service not known" in text or "nodename nor servname" in text:
        return "the host name is not known"
    return f"connection failed: {text}"
