"""The crawler's branch of wenyuan's exception tree.

    WenyuanError                       (archive.errors)
    ├── CrawlError                     the crawl cannot start or continue (bad seed, nothing to resume)
    └── FetchError                     one URL could not be fetched; has .url, .kind, .retryable
        ├── FetchTimeout               kind "timeout": connect or read timed out (retried)
        │   └── TooSlow                kind "too_slow": the whole answer took over the fetch deadline
        ├── FetchConnectionError       kind "connection": DNS, refused, reset, TLS
        ├── HttpStatusError            kind "http_4xx" / "http_429" / "http_5xx"; has .status, .retry_after
        ├── TooLarge                   kind "too_large": the body passed the size cap
        ├── NotHtml                    kind "not_html": a content type we do not keep (PDF, image …)
        ├── RedirectError              kind "redirect_loop" / "too_many_redirects" / "bad_redirect" /
        │                              "redirect_off_scope" / "redirect_internal" (public → loopback/private)
        ├── RobotsDisallowed           kind "robots": robots.txt forbids the URL (a skip, not a failure)
        └── RobotsUnavailable          kind "robots_unavailable": the site's robots.txt cannot be had

``kind`` is the key the crawl summary counts errors under and the reason stored in the
frontier; ``retryable`` says whether the crawler may try the URL again later.
"""
from __future__ import annotations

from ..errors import WenyuanError


class CrawlError(WenyuanError):
    """The crawl as a whole cannot go on (no usable seed, no unfinished crawl to resume)."""


class FetchError(WenyuanError):
    """One URL could not be fetched."""

    kind = "fetch"
    retryable = False

    def __init__(self, url: str, message: str):
        self.url = url
        self.message = message   # what went wrong, without the URL
        super().__init__(f"{url}: {message}")


class FetchTimeout(FetchError):
    kind = "timeout"
    retryable = True


class TooSlow(FetchTimeout):
    """Bytes kept coming, each inside the read timeout, but the whole answer took longer
    than a fetch may: a trickling server. Not retried, so it cannot hold the crawl again."""
    kind = "too_slow"
    retryable = False


class FetchConnectionError(FetchError):
    kind = "connection"
    retryable = True


class HttpStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, url: str, status: int, retry_after: float | None = None):
        self.status = status
        self.retry_after = retry_after   # seconds the server asked us to wait (429/503), capped
        if status == 429:
            self.kind, self.retryable = "http_429", True
        elif status >= 500:
            self.kind, self.retryable = "http_5xx", True
        else:
            self.kind, self.retryable = "http_4xx", False
        super().__init__(url, f"the server answered HTTP {status}")


class TooLarge(FetchError):
    kind = "too_large"


class NotHtml(FetchError):
    kind = "not_html"

    def __init__(self, url: str, content_type: str):
        self.content_type = content_type
        super().__init__(url, f"not a page ({content_type or 'no content type'}); only HTML, XHTML "
                              "and plain text are kept")


class RedirectError(FetchError):
    def __init__(self, url: str, kind: str, message: str):
        self.kind = kind
        super().__init__(url, message)


class RobotsDisallowed(FetchError):
    kind = "robots"

    def __init__(self, url: str):
        super().__init__(url, "robots.txt does not allow us to fetch this")


class RobotsUnavailable(FetchError):
    """robots.txt answered 5xx or not at all: retryable until the site is given up."""
    kind = "robots_unavailable"

    def __init__(self, url: str, retryable: bool, unreachable: str | None = None):
        self.retryable = retryable
        super().__init__(url, f"cannot reach the site ({unreachable})" if unreachable else
                         "the site's robots.txt cannot be fetched, so nothing on it may be")
