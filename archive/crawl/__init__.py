"""The crawler: a polite, resumable, breadth-first crawl that feeds the archive.

    from archive.store import Archive
    from archive.crawl import crawl

    with Archive.open(home) as archive, archive.writer_lock():
        summary = crawl(archive, ["https://example.org/qikan/"], depth=2, delay=1.0)

Modules, one per step:

    urls.py        canonical URLs, link extraction, the crawl's scope
    robots.py      robots.txt rules (RFC 9309: longest match, wildcards, Crawl-delay)
    politeness.py  robots.txt per site, cached; the pause between requests to a host
    fetch.py       one HTTP request: streamed, capped, timed out; Retry-After and backoff
    frontier.py    the queue, in the archive's SQLite, committed with the pages it yields
    crawler.py     the loop tying them together, and the summary it returns
    errors.py      CrawlError and the FetchError family (each with the ``kind`` counted)
"""
from .crawler import CrawlSummary, crawl
from .errors import (
                     CrawlError,
                     FetchConnectionError,
                     FetchError,
                     FetchTimeout,
                     HttpStatusError,
                     NotHtml,
                     RedirectError,
                     RobotsDisallowed,
                     RobotsUnavailable,
                     TooLarge,
)
from .fetch import DEFAULT_USER_AGENT, HttpFetcher, backoff_delay, retry_after_seconds
from .politeness import Politeness, RobotsAnswer
from .robots import RobotsRules
from .urls import canonicalize, extract_links

__all__ = [
                     "DEFAULT_USER_AGENT",
                     "CrawlError",
                     "CrawlSummary",
                     "FetchConnectionError",
                     "FetchError",
                     "FetchTimeout",
                     "HttpFetcher",
                     "HttpStatusError",
                     "NotHtml",
                     "Politeness",
                     "RedirectError",
                     "RobotsAnswer",
                     "RobotsDisallowed",
                     "RobotsRules",
                     "RobotsUnavailable",
                     "TooLarge",
                     "backoff_delay",
                     "canonicalize",
                     "crawl",
                     "extract_links",
                     "retry_after_seconds",
]
