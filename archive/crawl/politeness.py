"""Politeness: robots.txt once per site, and a pause between requests to the same host.

One ``Politeness`` object per crawl holds all of it — no module globals — and gets the
clock, the sleep function and the robots.txt fetcher from its caller, so tests drive it
with a fake clock and never wait.

Rules kept here:

* robots.txt is fetched once per site (scheme://host:port) and kept for the crawl (and,
  through ``cache``, for 24 hours across crawls). 2xx: its rules apply. 4xx: there are no
  rules, everything is allowed. 5xx, 429 or no answer: the site is unreachable, so
  everything on it is disallowed for now and robots.txt is asked again after
  ``robots_retry_delay`` (doubling each time); after ``robots_attempts`` failed tries the
  site is given up for this crawl (RFC 9309 §2.3.1.3–4). No answer at all (connection
  refused, no such host, a timeout) is asked again sooner, after ``unreachable_retry_delay``
  (doubling): a host that is not there is said so within seconds, not minutes
  (``unreachable``); `crawl --resume` tries it again later.
* Between the end of one request to a host and the start of the next, at least
  ``max(delay, Crawl-delay)`` seconds pass (Crawl-delay capped at ``max_crawl_delay``).
  Measuring from the end, not the start, means the server sees the gap whatever the
  response time. robots.txt requests take their turn like any other.
* A server's Retry-After moves the host's next turn (``defer``).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from .robots import RobotsRules
from .urls import host_of, path_of, site_of

log = logging.getLogger(__name__)

ALLOW, DISALLOW, LATER, UNAVAILABLE = "allow", "disallow", "later", "unavailable"


@dataclass
class RobotsAnswer:
    """What asking a site for /robots.txt gave: a status (None: no answer at all) and the body."""
    status: int | None
    body: bytes = b""
    reason: str | None = None   # why there was no answer (status None)


class RobotsCache(Protocol):
    def get_robots(self, site: str) -> RobotsAnswer | None: ...
    def put_robots(self, site: str, answer: RobotsAnswer) -> None: ...


@dataclass
class _SiteRobots:
    rules: RobotsRules | None = None
    failures: int = 0
    retry_at: float = 0.0
    reason: str | None = None   # the last failure, when it was no answer at all


class Politeness:
    def __init__(self, fetch_robots: Callable[[str], RobotsAnswer], *, user_agent: str,
                 delay: float = 1.0, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, max_crawl_delay: float = 60.0,
                 robots_attempts: int = 3, robots_retry_delay: float = 60.0,
                 unreachable_retry_delay: float = 2.0, cache: RobotsCache | None = None):
        self._fetch_robots = fetch_robots
        self.user_agent = user_agent
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self.max_crawl_delay = max_crawl_delay
        self.robots_attempts = robots_attempts
        self.robots_retry_delay = robots_retry_delay
        self.unreachable_retry_delay = unreachable_retry_delay
        self._cache = cache
        self._sites: dict[str, _SiteRobots] = {}
        self._next: dict[str, float] = {}          # host → earliest start of its next request
        self._crawl_delay: dict[str, float] = {}   # host → Crawl-delay from its robots.txt

    # ------------------------------------------------------------------ robots.txt
    def robots_pending(self, url: str) -> bool:
        """Whether robots.txt for ``url``'s site must be (re)fetched before ``verdict``."""
        st = self._sites.get(site_of(url))
        if st is None:
            return True
        return (st.rules is None and st.failures < self.robots_attempts
                and st.retry_at <= self.clock())

    def load_robots(self, url: str) -> None:
        """Get the site's robots.txt: from the cache, else with a request (taking its turn)."""
        site, host = site_of(url), host_of(url)
        st = self._sites.setdefault(site, _SiteRobots())
        answer = self._cache.get_robots(site) if self._cache and st.failures == 0 else None
        if answer is not None:
            self._learn(site, host, st, answer)
            return
        self.wait_turn(host)
        try:
            answer = self._fetch_robots(site)
            self._learn(site, host, st, answer)
        finally:
            self.done(host)   # after _learn, so the next request already waits any Crawl-delay

    def _learn(self, site: str, host: str, st: _SiteRobots, answer: RobotsAnswer) -> None:
        status = answer.status
        if status is not None and 200 <= status < 300:
            st.rules = RobotsRules.parse(answer.body, self.user_agent)
        elif status is not None and status < 500 and status != 429:
            st.rules = RobotsRules.allow_all()   # 3xx left after 5 hops, 4xx: no rules
        else:
            st.failures += 1
            st.reason = answer.reason if status is None else None
            base = self.unreachable_retry_delay if status is None else self.robots_retry_delay
            wait = base * 2 ** (st.failures - 1)
            st.retry_at = self.clock() + wait
            self.defer(host, wait)
            log.info("robots.txt of %s unreachable (%s); try %d of %d", site,
                     status or "no answer", st.failures, self.robots_attempts)
            return
        if self._cache:
            self._cache.put_robots(site, answer)
        if st.rules.crawl_delay is not None:
            delay = min(st.rules.crawl_delay, self.max_crawl_delay)
            if st.rules.crawl_delay > self.max_crawl_delay:
                log.warning("%s asks for a Crawl-delay of %gs; using %gs", site,
                            st.rules.crawl_delay, delay)
            self._crawl_delay[host] = max(delay, self._crawl_delay.get(host, 0.0))

    def verdict(self, url: str) -> str:
        """ALLOW or DISALLOW by the site's rules; LATER while robots.txt is unreachable and
        will be asked again; UNAVAILABLE once it has failed ``robots_attempts`` times."""
        st = self._sites.get(site_of(url))
        if st is None:
            return LATER
        if st.rules is not None:
            return ALLOW if st.rules.allows(path_of(url)) else DISALLOW
        return UNAVAILABLE if st.failures >= self.robots_attempts else LATER

    def unreachable(self) -> dict[str, str]:
        """Sites given up because they never answered: site → the last reason."""
        return {site: st.reason or "no answer" for site, st in self._sites.items()
                if st.rules is None and st.failures >= self.robots_attempts and st.reason is not None}

    # ------------------------------------------------------------------ turns
    def delay_for(self, host: str) -> float:
        return max(self.delay, self._crawl_delay.get(host, 0.0))

    def ready_at(self, host: str) -> float:
        return self._next.get(host, float("-inf"))

    def busy_hosts(self, now: float) -> set[str]:
        """Hosts that may not be asked anything at ``now``."""
        return {host for host, at in self._next.items() if at > now}

    def wait_turn(self, host: str) -> None:
        while (gap := self.ready_at(host) - self.clock()) > 0:
            self.sleep(gap)

    def done(self, host: str) -> None:
        """A request to ``host`` has just ended: its next one waits the host's delay."""
        self._next[host] = max(self.ready_at(host), self.clock() + self.delay_for(host))

    def defer(self, host: str, seconds: float) -> None:
        """No request to ``host`` for ``seconds`` (Retry-After, robots.txt unreachable)."""
        self._next[host] = max(self.ready_at(host), self.clock() + seconds)
