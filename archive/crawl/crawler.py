"""The crawl: frontier → politeness → fetch → store → parse → links → frontier.

One request at a time, breadth-first, always taking the first queued URL whose host may
be asked now (so a host waiting out its delay or a Retry-After does not hold up the
others). Each fetched page is committed with its frontier change and the links it adds
in one transaction; the index is brought up to date after every batch of commits, as
import does. The caller holds ``archive.writer_lock()``.
"""
from __future__ import annotations

import logging
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import httpx

from ..decode import charset_from_content_type, decode
from ..errors import NotAPageError
from ..page import MAX_PAGE_BYTES, parse_page, sniff_form
from ..record import Record
from ..store import Archive, sha256
from .errors import (
    CrawlError,
    FetchError,
    RedirectError,
    RobotsDisallowed,
    RobotsUnavailable,
)
from .fetch import (
    DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
    MAX_RETRY_AFTER,
    REDIRECT_STATUSES,
    HttpFetcher,
    Response,
    backoff_delay,
)
from .frontier import Frontier, QueuedUrl
from .politeness import ALLOW, DISALLOW, LATER, Politeness, RobotsAnswer
from .urls import Scope, authority_of, canonicalize, extract_links, host_of, redirect_refusal, resolve_all, site_of

log = logging.getLogger(__name__)

SYNC_PAGES = 64        # bring the index up to date after this many stored pages …
SYNC_SECONDS = 5.0     # … or this long since the last time, whichever comes first
_FIRST_LOOK = 64       # queued URLs read at a time when choosing the next one
_HTML_TYPES = ("text/html", "application/xhtml+xml")

ProgressFn = Callable[[str, str, "CrawlSummary"], None]
SyncFn = Callable[[Archive], None]


@dataclass
class CrawlSummary:
    """What one call of ``crawl`` did. Counts are for this call, not the whole run."""
    run_id: int = 0
    resumed: bool = False
    fetched: int = 0         # URLs whose response was kept (stored, duplicate or rejected)
    stored: int = 0          # new pages in the archive, new versions included
    new_versions: int = 0    # stored pages that replace an older version of their URL
    duplicates: int = 0      # bytes the archive already had (or a redirect to a page already fetched)
    parse_failed: int = 0    # stored raw with a parser error
    rejected: int = 0        # responses the parser refused (also errors["not_a_page"])
    skipped_robots: int = 0  # URLs robots.txt does not allow
    retries: int = 0         # URLs put back in the queue after a retryable error
    requests: int = 0        # HTTP requests made, robots.txt, redirect hops and retries included
    errors: Counter = field(default_factory=Counter)   # kind → URLs given up with that error
    queued: int = 0          # URLs still queued when the call returned
    finished: bool = False   # the frontier ran dry: the run is complete
    limit_reached: bool = False
    interrupted: bool = False
    seconds: float = 0.0
    # Sites given up because they never answered: site → "reason; tried N times".
    unreachable: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"run_id": self.run_id, "resumed": self.resumed, "fetched": self.fetched,
                "stored": self.stored, "new_versions": self.new_versions,
                "duplicates": self.duplicates, "parse_failed": self.parse_failed,
                "rejected": self.rejected, "skipped_robots": self.skipped_robots,
                "retries": self.retries, "requests": self.requests, "errors": dict(self.errors),
                "queued": self.queued, "finished": self.finished,
                "limit_reached": self.limit_reached, "interrupted": self.interrupted,
                "unreachable": dict(self.unreachable), "seconds": round(self.seconds, 3)}


def _seed_pairs(seeds: Iterable[str]) -> list[tuple[str, str]]:
    pairs = []
    for raw in seeds:
        canon = canonicalize(raw)
        if canon is None:
            raise CrawlError(f"not an http(s) URL: {raw!r}")
        pairs.append((canon, raw.strip()))
    return pairs


def crawl(archive: Archive, seeds: Iterable[str] = (), *, depth: int = 2, max_pages: int | None = None,
          delay: float | None = None, include: str | None = None, exclude: str | None = None,
          any_host: bool = False, user_agent: str | None = None, resume: bool = False,
          progress: ProgressFn | None = None, sync_index: SyncFn | None = None,
          client: httpx.Client | None = None, clock: Callable[[], float] = time.monotonic,
          sleep: Callable[[float], None] = time.sleep,
          timeout: float | tuple[float, float] = DEFAULT_TIMEOUT, max_bytes: int = MAX_PAGE_BYTES,
          retries: int = 3, backoff: float = 1.0, max_redirects: int = 5,
          max_retry_after: float = MAX_RETRY_AFTER, max_crawl_delay: float = 60.0,
          robots_attempts: int = 3, robots_retry_delay: float = 60.0,
          rng: random.Random | None = None) -> CrawlSummary:
    """Crawl breadth-first from ``seeds`` into ``archive`` and say what happened.

    Follows <a href> links and other-literature links up to ``depth`` hops from a seed,
    on the seeds' hosts (any host with ``any_host``), when ``include`` (a regex searched in
    the canonical URL) matches and ``exclude`` does not; seeds themselves are always
    fetched. Requests to one host are ``max(delay, Crawl-delay)`` seconds apart; robots.txt
    is obeyed for ``user_agent`` (default: ``DEFAULT_USER_AGENT``). Timeouts, connection
    errors, 5xx and 429 are retried ``retries`` times with backoff; ``timeout`` is
    seconds, or (connect, read). ``progress(url, outcome, summary)`` is called as each URL
    is settled; ``sync_index(archive)`` after each batch of stored pages.

    Without ``resume`` a new run starts (an unfinished one is abandoned). With it, the
    latest unfinished run goes on with the scope it was started with (``depth``,
    ``include``, ``exclude``, ``any_host`` and the seed hosts; the arguments given now
    are ignored), plus any new ``seeds``; with no unfinished run, ``seeds`` start a new one.
    A resumed run also keeps its ``delay`` and ``user_agent`` unless they are given again
    (default: 1 s and ``DEFAULT_USER_AGENT``).
    ``max_pages`` bounds the pages fetched by this call; a run stopped by it stays
    unfinished, so a later ``resume`` continues it.
    """
    for pattern in (include, exclude):
        if pattern:
            try:
                re.compile(pattern)
            except re.error as e:
                raise CrawlError(f"not a valid regular expression: {pattern!r} ({e})") from None
    pairs = _seed_pairs(seeds)
    frontier = Frontier.resume(archive) if resume else None
    resumed = frontier is not None
    if frontier is None:
        if not pairs:
            raise CrawlError("no unfinished crawl to resume" if resume else "no seed URLs to crawl from")
        scope = {"depth": depth, "include": include, "exclude": exclude, "any_host": any_host,
                 "hosts": sorted({authority_of(c) for c, _ in pairs}),
                 "delay": 1.0 if delay is None else delay, "user_agent": user_agent}
        frontier = Frontier.start(archive, pairs, scope)
    elif pairs:
        frontier.add_seeds(pairs)
    if delay is None:
        delay = frontier.scope.get("delay", 1.0)
    ua = user_agent or frontier.scope.get("user_agent") or DEFAULT_USER_AGENT
    fetcher = HttpFetcher(client, user_agent=ua, timeout=timeout, max_bytes=max_bytes,
                          max_retry_after=max_retry_after, clock=clock)
    crawler = _Crawler(archive, frontier, fetcher, delay=delay, user_agent=ua, clock=clock,
                       sleep=sleep, retries=retries, backoff=backoff, max_redirects=max_redirects,
                       max_crawl_delay=max_crawl_delay, robots_attempts=robots_attempts,
                       robots_retry_delay=robots_retry_delay, rng=rng or random.Random(),
                       progress=progress, sync_index=sync_index)
    crawler.summary.resumed = resumed
    try:
        crawler.run(max_pages)
    finally:
        fetcher.close()
    return crawler.summary


class _KnownTarget(Exception):
    """A redirect led to a URL this run has already fetched."""

    def __init__(self, target: str):
        self.target = target


class _Crawler:
    def __init__(self, archive: Archive, frontier: Frontier, fetcher: HttpFetcher, *, delay: float,
                 user_agent: str, clock: Callable[[], float], sleep: Callable[[float], None],
                 retries: int, backoff: float, max_redirects: int, max_crawl_delay: float,
                 robots_attempts: int, robots_retry_delay: float, rng: random.Random,
                 progress: ProgressFn | None, sync_index: SyncFn | None):
        self.archive = archive
        self.frontier = frontier
        self.fetcher = fetcher
        self.clock = clock
        self.sleep = sleep
        self.retries = retries
        self.backoff = backoff
        self.max_redirects = max_redirects
        self.rng = rng
        self.progress = progress
        self.sync_index = sync_index
        sc = frontier.scope
        self.depth = sc["depth"]
        self.scope = Scope(set(sc["hosts"]), any_host=sc["any_host"], include=sc["include"],
                           exclude=sc["exclude"])
        self.politeness = Politeness(self._fetch_robots, user_agent=user_agent, delay=delay,
                                     clock=clock, sleep=sleep, max_crawl_delay=max_crawl_delay,
                                     robots_attempts=robots_attempts,
                                     robots_retry_delay=robots_retry_delay, cache=frontier)
        self.summary = CrawlSummary(run_id=frontier.run_id)
        self._deferred: dict[str, float] = {}   # URL → earliest retry (clock time)
        self._unsynced = 0
        self._last_sync = clock()

    # ------------------------------------------------------------------ the loop
    def run(self, max_pages: int | None) -> None:
        start = self.clock()
        if self.sync_index:
            self.sync_index(self.archive)   # a previous run may have stopped between catalog and index
        try:
            while True:
                if max_pages is not None and self.summary.fetched >= max_pages:
                    self.summary.limit_reached = True
                    break
                item = self._next()
                if item is None:
                    break
                self._visit(item)
        except KeyboardInterrupt:
            self.summary.interrupted = True
            with self.archive.transaction() as db:
                self.frontier.requeue_in_flight(db)
        finally:
            self._sync(force=True)
            counts = self.frontier.counts()
            self.summary.queued = counts.get("queued", 0) + counts.get("in_flight", 0)
            if not self.summary.queued and not self.summary.interrupted:
                self.summary.finished = True
                self.frontier.close("finished")
            self.summary.seconds = self.clock() - start
            attempts = self.politeness.robots_attempts
            self.summary.unreachable = {site: f"{reason}; tried {attempts} times"
                                        for site, reason in self.politeness.unreachable().items()}

    def _ready_at(self, item: QueuedUrl) -> float:
        return max(self.politeness.ready_at(item.host), self._deferred.get(item.url, float("-inf")))

    def _next(self) -> QueuedUrl | None:
        """The first queued URL that may be fetched now, after sleeping if none may yet;
        None when nothing is queued."""
        while True:
            now = self.clock()
            busy = self.politeness.busy_hosts(now)
            # Usually the first queued URL will do; only URLs waiting for a retry are passed over.
            for limit in (_FIRST_LOOK, -1):
                for item in self.frontier.candidates(busy, limit):
                    if self._deferred.get(item.url, float("-inf")) <= now:
                        return item
                if len(self._deferred) < _FIRST_LOOK:
                    break
            wake = min((self._ready_at(item) for item in self.frontier.candidates()), default=None)
            if wake is None:
                return None
            if wake > now:
                self.sleep(wake - now)

    def _visit(self, item: QueuedUrl) -> None:
        url, pol = item.url, self.politeness
        if pol.robots_pending(url):
            pol.load_robots(url)        # one request; then choose again, as the host now waits its turn
            return
        verdict = pol.verdict(url)
        if verdict == LATER:
            return                      # the host is deferred until robots.txt is asked again
        if verdict != ALLOW:
            self._give_up(url, RobotsDisallowed(url) if verdict == DISALLOW
                          else RobotsUnavailable(url, retryable=False,
                                                 unreachable=pol.unreachable().get(site_of(url))))
            return
        self.frontier.mark_in_flight(url)
        try:
            resp, final = self._fetch_chain(url, from_seed=item.depth == 0)
        except _KnownTarget as known:
            with self.archive.transaction() as db:
                self.frontier.finish(db, url, "done", f"duplicate: redirects to {known.target}",
                                     self.frontier.page_of(known.target))
            self.summary.duplicates += 1
            self._report(url, "duplicate")
            return
        except FetchError as e:
            if e.retryable and item.attempts < self.retries:
                self._retry(item, e)
            else:
                self._give_up(url, e)
            return
        self._keep(item, resp, final)

    # ------------------------------------------------------------------ fetching
    def _fetch_robots(self, site: str) -> RobotsAnswer:
        self.summary.requests += 1
        return self.fetcher.fetch_robots(site)

    def _fetch_chain(self, url: str, from_seed: bool = False) -> tuple[Response, str]:
        """GET ``url``, following redirects one polite, robots-checked hop at a time.

        A hop must stay on the crawl's hosts (include/exclude choose links, not where a
        server sends us), except that a seed may move the crawl to another host
        (example.com → www.example.com): that host joins the scope.
        """
        chain = [url]
        current = url
        while True:
            host = host_of(current)
            self.politeness.wait_turn(host)
            try:
                self.summary.requests += 1
                resp = self.fetcher.get(current)
            finally:
                self.politeness.done(host)
            if resp.status not in REDIRECT_STATUSES:
                if 300 <= resp.status < 400:
                    raise RedirectError(url, "bad_redirect", f"HTTP {resp.status} is not a page")
                return resp, current
            target = resp.location()
            nxt = canonicalize(target) if target else None
            if nxt is None:
                raise RedirectError(url, "bad_redirect", f"HTTP {resp.status} without a usable Location")
            if nxt in chain:
                raise RedirectError(url, "redirect_loop", f"redirect loop back to {nxt}")
            if len(chain) > self.max_redirects:
                raise RedirectError(url, "too_many_redirects", f"more than {self.max_redirects} redirects")
            refusal = redirect_refusal(current, nxt)
            if refusal:
                raise RedirectError(url, "redirect_internal", refusal)
            if not self.scope.allows_host(nxt):
                if not from_seed:
                    raise RedirectError(url, "redirect_off_scope", f"redirects off the crawl's hosts to {nxt}")
                self.scope.hosts.add(authority_of(nxt))
                self.frontier.add_host(authority_of(nxt))
            if self.frontier.state_of(nxt) == "done":
                raise _KnownTarget(nxt)
            self._check_robots(nxt)
            chain.append(nxt)
            current = nxt

    def _check_robots(self, url: str) -> None:
        pol = self.politeness
        if pol.robots_pending(url):
            pol.load_robots(url)
        verdict = pol.verdict(url)
        if verdict == DISALLOW:
            raise RobotsDisallowed(url)
        if verdict != ALLOW:
            raise RobotsUnavailable(url, retryable=verdict == LATER)

    def _retry(self, item: QueuedUrl, e: FetchError) -> None:
        wait = backoff_delay(item.attempts, base=self.backoff, rng=self.rng)
        retry_after = getattr(e, "retry_after", None)
        if retry_after is not None:
            wait = max(wait, retry_after)
            self.politeness.defer(host_of(e.url), retry_after)   # the server asked the whole host to wait
        self._deferred[item.url] = self.clock() + wait
        with self.archive.transaction() as db:
            self.frontier.requeue(db, item.url, f"{e.kind}: {e.message}", count_attempt=True)
        self.summary.retries += 1
        log.info("retrying %s in %.2fs: %s", item.url, wait, e)
        self._report(item.url, "retry")

    def _give_up(self, url: str, e: FetchError) -> None:
        with self.archive.transaction() as db:
            self.frontier.finish(db, url, "failed", f"{e.kind}: {e.message}")
        if e.kind == "robots":
            self.summary.skipped_robots += 1
        else:
            self.summary.errors[e.kind] += 1
        self._deferred.pop(url, None)
        self._report(url, e.kind)

    # ------------------------------------------------------------------ storing
    def _keep(self, item: QueuedUrl, resp: Response, final: str) -> None:
        data = resp.body
        record: Record | None = None
        form: str | None = None
        error: str | None = None
        rejected: str | None = None
        try:
            parsed = parse_page(data, name="page.txt" if resp.media_type == "text/plain" else "",
                                content_type=resp.content_type or None, url=final)
            record, form = parsed.record, parsed.form
        except NotAPageError as e:
            rejected = e.reason
        except Exception as e:  # a parser bug must not lose the page: keep it raw, as import does
            log.error("parser failed on %s (%s: %s); the page is kept unparsed", final, type(e).__name__, e)
            log.debug("parser traceback for %s", final, exc_info=True)
            error = f"parser error: {type(e).__name__}: {e}"
        links = self._links(data, resp, final, record) if item.depth < self.depth else []
        sha = sha256(data)
        if rejected is None:
            self.archive.blobs.write(sha, data)
        with self.archive.transaction() as db:
            if rejected is not None:
                self.archive.add_rejected(db, item.raw_url, rejected)
                self.frontier.finish(db, item.url, "done", f"rejected: {rejected}")
                outcome = "not_a_page"
            else:
                put = self.archive.put_page(
                    db, sha=sha, size=len(data), origin=item.raw_url, record=record, form=form,
                    url=item.url, error=error, final_url=final, http_status=resp.status,
                    headers=resp.headers)
                outcome = put.outcome
                self.frontier.finish(db, item.url, "done", outcome, put.page_id)
                if final != item.url and self.frontier.state_of(final) == "queued":
                    self.frontier.finish(db, final, "done", f"duplicate: fetched as {item.url}", put.page_id)
            self.frontier.add(db, links, depth=item.depth + 1, referrer=item.url)
        # Committed: only now does the page count.
        s = self.summary
        s.fetched += 1
        if outcome == "not_a_page":
            s.rejected += 1
            s.errors["not_a_page"] += 1
        elif outcome == "duplicate":
            s.duplicates += 1
        else:
            s.stored += 1
            s.new_versions += outcome == "new_version"
            s.parse_failed += error is not None
            self._unsynced += 1
        self._deferred.pop(item.url, None)
        self._sync()
        self._report(item.url, outcome)

    def _links(self, data: bytes, resp: Response, base: str, record: Record | None) -> list[tuple[str, str]]:
        """In-scope links of a page: its <a href>s in page order, then any other-literature
        link the parser found that they do not already include."""
        hrefs: list[str] = []
        media = resp.media_type
        if media in _HTML_TYPES or (not media and sniff_form(data) == "html"):
            text = decode(data, charset_from_content_type(resp.content_type)).text
            hrefs = extract_links(text, base)
        if record is not None:
            hrefs += resolve_all(base, [r.url for r in record.related])
        seen = dict.fromkeys(h for h in hrefs if self.scope.allows(h))
        return [(h, h) for h in seen]

    def _sync(self, force: bool = False) -> None:
        if not self.sync_index or not self._unsynced:
            return
        if force or self._unsynced >= SYNC_PAGES or self.clock() - self._last_sync >= SYNC_SECONDS:
            self.sync_index(self.archive)
            self._unsynced = 0
            self._last_sync = self.clock()

    def _report(self, url: str, outcome: str) -> None:
        if self.progress:
            self.progress(url, outcome, self.summary)
