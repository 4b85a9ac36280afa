"""One page fetched the crawler's polite way, for `wenyuan parse URL`: robots.txt asked
first and obeyed (RFC 9309, as a crawl reads it), redirects followed hop by hop with each
hop checked again, the crawler's timeouts, fetch deadline and size cap."""
from __future__ import annotations

from .errors import CrawlError, FetchError, RedirectError
from .fetch import DEFAULT_USER_AGENT, REDIRECT_STATUSES, HttpFetcher, Response
from .robots import RobotsRules
from .urls import canonicalize, path_of, redirect_refusal, site_of

MAX_HOPS = 5


def fetch_one(url: str, *, user_agent: str = DEFAULT_USER_AGENT, fetcher: HttpFetcher | None = None) -> Response:
    """The page at ``url`` (after redirects). Raises CrawlError for a URL we may not or
    cannot fetch, FetchError for a fetch that failed (its message names the URL)."""
    current = canonicalize(url)
    if current is None:
        raise CrawlError(f"not an http(s) URL: {url!r}")
    own = fetcher is None
    fetcher = fetcher or HttpFetcher(user_agent=user_agent)
    rules: dict[str, RobotsRules] = {}
    try:
        for _ in range(MAX_HOPS + 1):
            _check_robots(fetcher, current, rules, user_agent)
            resp = fetcher.get(current)
            if resp.status not in REDIRECT_STATUSES:
                return resp
            target = resp.location()
            target = canonicalize(target) if target else None
            if target is None:
                raise RedirectError(current, "bad_redirect", "a redirect without a usable Location")
            refusal = redirect_refusal(current, target)
            if refusal:
                raise RedirectError(current, "redirect_internal", refusal)
            current = target
        raise RedirectError(url, "too_many_redirects", f"more than {MAX_HOPS} redirects")
    finally:
        if own:
            fetcher.close()


def _check_robots(fetcher: HttpFetcher, url: str, rules: dict[str, RobotsRules], user_agent: str) -> None:
    site = site_of(url)
    if site not in rules:
        answer = fetcher.fetch_robots(site)
        if answer.status is not None and 200 <= answer.status < 300:
            rules[site] = RobotsRules.parse(answer.body, user_agent)
        elif answer.status is not None and answer.status < 500 and answer.status != 429:
            rules[site] = RobotsRules.allow_all()
        else:
            why = answer.reason or f"HTTP {answer.status}"
            raise CrawlError(f"the site's robots.txt cannot be fetched ({why}), so nothing on it may be")
    if not rules[site].allows(path_of(url)):
        raise CrawlError(f"the site's robots.txt does not allow fetching {url}")


__all__ = ["fetch_one", "FetchError"]
