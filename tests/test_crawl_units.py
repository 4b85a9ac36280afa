"""The crawler's parts on their own: URLs, robots.txt, politeness, backoff, the fetcher,
and the crawl loop over an in-memory HTTP client with a fake clock — nothing here waits."""
from __future__ import annotations

import random
from email.utils import formatdate
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.crawl import (
    CrawlError,
    FetchConnectionError,
    FetchTimeout,
    HttpFetcher,
    HttpStatusError,
    NotHtml,
    Politeness,
    RobotsAnswer,
    RobotsRules,
    TooLarge,
    backoff_delay,
    canonicalize,
    crawl,
    extract_links,
    retry_after_seconds,
)
from archive.crawl.politeness import ALLOW, DISALLOW, LATER, UNAVAILABLE
from archive.store import Archive

UA = "wenyuan/0.1.0 (+https://pypi.org/project/wenyuan/)"


class FakeClock:
    """clock() and sleep() for code under test: sleeping only moves the hands."""

    def __init__(self, start: float = 1000.0):
        self.now = start
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.slept.append(seconds)
        self.now += seconds


# ---------------------------------------------------------------------- URLs

@pytest.mark.parametrize("url, canonical", [
    ("HTTP://Example.COM", "http://example.com/"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("http://example.com/a#section-2", "http://example.com/a"),
    ("http://example.com/a/./b/../c", "http://example.com/a/c"),
    ("http://example.com/%7euser/%e4%b8%ad", "http://example.com/~user/%E4%B8%AD"),
    ("http://example.com/中文 论文.html", "http://example.com/%E4%B8%AD%E6%96%87%20%E8%AE%BA%E6%96%87.html"),
    ("http://example.com/a?q=%2f&x=1", "http://example.com/a?q=%2F&x=1"),   # %2F is not '/': kept
    ("http://example.com/a?", "http://example.com/a"),
    ("http://example.com/a?b=2&a=1", "http://example.com/a?b=2&a=1"),     # order kept
    ("http://Bücher.example/", "http://xn--bcher-kva.example/"),
    ("http://example.com./x", "http://example.com/x"),
    ("  http://example.com/x  ", "http://example.com/x"),
    ("http://example.com//double//slash", "http://example.com//double//slash"),
])
def test_canonicalize(url: str, canonical: str):
    assert canonicalize(url) == canonical


@pytest.mark.parametrize("url", ["ftp://example.com/", "mailto:a@b.c", "javascript:void(0)", "/relative",
                                 "http://", "http://example.com:99999/"])
def test_canonicalize_refuses_what_is_not_an_http_url(url: str):
    assert canonicalize(url) is None


@given(st.sampled_from(["http", "HTTPS"]), st.sampled_from(["Example.com", "a.b", "xn--bcher-kva.de"]),
       st.sampled_from(["", ":80", ":443", ":8080"]),
       st.lists(st.text(alphabet="ab中%2Fe7./-_~ ?=&+", max_size=6), max_size=4),
       st.text(alphabet="ab中%2F=&# ", max_size=8))
def test_canonicalize_is_idempotent(scheme, host, port, segments, tail):
    url = f"{scheme}://{host}{port}/" + "/".join(segments) + tail
    once = canonicalize(url)
    assert once is not None and canonicalize(once) == once
    assert "#" not in once


def test_extract_links_resolves_against_base_and_drops_what_is_not_a_page_link():
    page = """<html><head><base href="/journal/2020/"></head><body>
      <a href="a.html#top">A</a> <a href="a.html">A again</a> <a href="#x">here</a>
      <a href="javascript:;">js</a> <a href="mailto:x@y.z">mail</a> <a href="../b.html?x=1&amp;y=2">B</a>
      <a href="HTTP://Other.example:80/c">C</a> <area href="/map"> <a>no href</a></body></html>"""
    assert extract_links(page, "http://example.com/index.html") == [
        "http://example.com/journal/2020/a.html", "http://example.com/journal/b.html?x=1&y=2",
        "http://other.example/c", "http://example.com/map"]


def test_extract_links_honours_robots_meta_nofollow():
    page = '<meta name="robots" content="noindex, nofollow"><a href="/a">a</a>'
    assert extract_links(page, "http://example.com/") == []


# ---------------------------------------------------------------------- robots.txt

ROBOTS = """\
# comment
User-agent: *
Disallow: /private/
Allow: /private/open/
Disallow: /*.pdf$
Disallow: /search?
Crawl-delay: 2

User-agent: WenYuan
User-agent: otherbot
Disallow: /wenyuan-only/
Allow: /
Crawl-delay: 1.5

User-agent: somebot
Disallow: /
"""


def test_robots_our_group_wins_over_the_star_group():
    mine = RobotsRules.parse(ROBOTS, UA)
    assert not mine.allows("/wenyuan-only/x") and mine.allows("/private/x")
    assert mine.crawl_delay == 1.5
    other = RobotsRules.parse(ROBOTS, "anotherbot/2.0")
    assert not other.allows("/private/x") and other.allows("/wenyuan-only/x")
    assert other.crawl_delay == 2


def test_robots_longest_match_wins_and_allow_wins_ties():
    rules = RobotsRules.parse(ROBOTS, "anotherbot")
    assert rules.allows("/private/open/page.html")        # longer Allow beats shorter Disallow
    assert not rules.allows("/private/closed.html")
    tie = RobotsRules.parse("User-agent: *\nDisallow: /a\nAllow: /a\n", UA)
    assert tie.allows("/a/b")


def test_robots_wildcards_and_end_anchor():
    rules = RobotsRules.parse(ROBOTS, "anotherbot")
    assert not rules.allows("/papers/x.pdf") and rules.allows("/papers/x.pdf.html")
    assert not rules.allows("/search?q=1") and rules.allows("/search")
    assert rules.allows("/robots.txt")


def test_robots_empty_disallow_allows_everything_and_percent_encoding_matches():
    assert RobotsRules.parse("User-agent: *\nDisallow:\n", UA).allows("/anything")
    rules = RobotsRules.parse("User-agent: *\nDisallow: /论文/\n", UA)
    assert not rules.allows("/%E8%AE%BA%E6%96%87/1.html") and not rules.allows("/%e8%ae%ba%e6%96%87/1.html")
    assert RobotsRules.parse(b"\xef\xbb\xbfUser-agent: *\nDisallow: /x\n", UA).allows("/x") is False


def test_robots_without_a_matching_group_allows_all():
    assert RobotsRules.parse("User-agent: somebot\nDisallow: /\n", UA).allows("/x")


@pytest.mark.parametrize("between", ["Sitemap: https://example.org/sitemap.xml", "Crawl-delay: 3",
                                     "Foo: bar", "# a comment"])
def test_robots_other_lines_between_user_agents_do_not_end_the_group(between):
    text = f"User-agent: BarBot\n{between}\nUser-agent: *\nDisallow: /\n"
    assert not RobotsRules.parse(text, "BarBot/1.0").allows("/")
    assert not RobotsRules.parse(text, "wenyuan/0.1").allows("/")


def test_robots_user_agent_names_its_leading_product_token():
    text = "User-Agent: FOO BAR\nDisallow: /x\n\nUser-agent: Wenyuan/2.0 (+info)\nDisallow: /y\n"
    assert not RobotsRules.parse(text, "foo").allows("/x")
    assert RobotsRules.parse(text, "bar").allows("/x")
    assert not RobotsRules.parse(text, UA).allows("/y")


# ---------------------------------------------------------------------- politeness

def politeness(answers: list[RobotsAnswer], clock: FakeClock, **kw) -> tuple[Politeness, list[str]]:
    asked: list[str] = []

    def fetch_robots(site: str) -> RobotsAnswer:
        asked.append(site)
        return answers.pop(0)

    return Politeness(fetch_robots, user_agent=UA, clock=clock, sleep=clock.sleep, **kw), asked


def test_robots_4xx_means_everything_allowed_and_is_fetched_once_per_site():
    clock = FakeClock()
    pol, asked = politeness([RobotsAnswer(404)], clock, delay=1.0)
    assert pol.robots_pending("http://a.example/x")
    pol.load_robots("http://a.example/x")
    assert pol.verdict("http://a.example/x") == ALLOW and pol.verdict("http://a.example/y/z") == ALLOW
    assert not pol.robots_pending("http://a.example/other")
    assert asked == ["http://a.example"]


@pytest.mark.parametrize("failure, wait", [(RobotsAnswer(500), 30), (RobotsAnswer(503), 30), (RobotsAnswer(429), 30),
                                           (RobotsAnswer(None, reason="connection refused"), 2)])
def test_robots_5xx_or_no_answer_disallows_for_now_and_retries_later(failure: RobotsAnswer, wait: float):
    # A server error waits robots_retry_delay; no answer at all (nobody there) the
    # shorter unreachable_retry_delay, so an unreachable host is given up within seconds.
    clock = FakeClock()
    pol, asked = politeness([failure, RobotsAnswer(200, b"User-agent: *\nDisallow: /no/\n")], clock,
                            delay=1.0, robots_retry_delay=30.0, unreachable_retry_delay=2.0)
    pol.load_robots("http://a.example/x")
    assert pol.verdict("http://a.example/x") == LATER
    assert pol.ready_at("a.example") >= clock.now + wait          # the host waits for the retry
    assert pol.ready_at("a.example") < clock.now + wait + 1.5
    assert not pol.robots_pending("http://a.example/x")
    clock.now += wait
    assert pol.robots_pending("http://a.example/x")
    pol.load_robots("http://a.example/x")
    assert pol.verdict("http://a.example/x") == ALLOW and pol.verdict("http://a.example/no/1") == DISALLOW
    assert len(asked) == 2


def test_robots_unreachable_too_often_gives_the_site_up():
    clock = FakeClock()
    pol, asked = politeness([RobotsAnswer(503)] * 3, clock, robots_attempts=3, robots_retry_delay=10.0)
    for _ in range(3):
        clock.now = max(clock.now, pol.ready_at("a.example"))
        assert pol.robots_pending("http://a.example/x")
        pol.load_robots("http://a.example/x")
    assert pol.verdict("http://a.example/x") == UNAVAILABLE
    assert not pol.robots_pending("http://a.example/x") and len(asked) == 3


def test_a_site_that_never_answers_is_given_up_and_named_unreachable():
    clock = FakeClock()
    pol, asked = politeness([RobotsAnswer(None, reason="connection failed: refused")] * 3, clock,
                            robots_attempts=3, unreachable_retry_delay=2.0)
    started = clock.now
    for _ in range(3):
        clock.now = max(clock.now, pol.ready_at("a.example"))
        pol.load_robots("http://a.example/x")
    assert pol.verdict("http://a.example/x") == UNAVAILABLE
    assert pol.unreachable() == {"http://a.example": "connection failed: refused"}
    assert clock.now - started < 10                         # 2 + 4 seconds of waiting, not minutes


def test_crawl_delay_raises_the_pause_and_is_capped():
    clock = FakeClock()
    pol, _ = politeness([RobotsAnswer(200, b"User-agent: *\nCrawl-delay: 5\n"),
                         RobotsAnswer(200, b"User-agent: *\nCrawl-delay: 3600\n")], clock,
                        delay=1.0, max_crawl_delay=60.0)
    pol.load_robots("http://a.example/")
    pol.load_robots("http://b.example/")
    assert pol.delay_for("a.example") == 5 and pol.delay_for("b.example") == 60
    assert pol.delay_for("c.example") == 1.0


def test_wait_turn_keeps_the_delay_from_the_end_of_the_last_request_per_host():
    clock = FakeClock()
    pol, _ = politeness([], clock, delay=2.0)
    pol.wait_turn("a.example")                    # first request: no wait
    clock.now += 0.5                              # the request takes 0.5 s
    pol.done("a.example")
    pol.wait_turn("b.example")                    # another host: no wait
    pol.done("b.example")
    assert clock.slept == []
    clock.now += 0.25
    assert pol.busy_hosts(clock.now) == {"a.example", "b.example"}
    pol.wait_turn("a.example")
    assert clock.slept == [pytest.approx(1.75)]   # 2 s after the end of the request, not its start
    assert pol.busy_hosts(clock.now) == set()


def test_defer_pushes_the_next_turn_back():
    clock = FakeClock()
    pol, _ = politeness([], clock, delay=1.0)
    pol.done("a.example")
    pol.defer("a.example", 30)
    pol.wait_turn("a.example")
    assert sum(clock.slept) == pytest.approx(30)


# ---------------------------------------------------------------------- backoff, Retry-After

def test_backoff_grows_exponentially_with_jitter_and_a_cap():
    rng = random.Random(7)
    for attempt in range(8):
        ceiling = min(60.0, 2 ** attempt)
        for _ in range(20):
            assert ceiling / 2 <= backoff_delay(attempt, base=1.0, cap=60.0, rng=rng) <= ceiling
    assert len({backoff_delay(3, rng=rng) for _ in range(10)}) > 1     # jittered


def test_retry_after_seconds_date_and_cap():
    now = 1_700_000_000.0
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("100000", now, cap=300) == 300
    assert retry_after_seconds(formatdate(now + 90, usegmt=True), now) == pytest.approx(90)
    assert retry_after_seconds(formatdate(now - 90, usegmt=True), now) == 0
    assert retry_after_seconds("soon", now) is None and retry_after_seconds(None, now) is None


# ---------------------------------------------------------------------- the fetcher

class CountingStream(httpx.SyncByteStream):
    """A body that counts what the client actually read."""

    def __init__(self, size: int, chunk: int = 1000):
        self.size, self.chunk, self.sent = size, chunk, 0

    def __iter__(self):
        while self.sent < self.size:
            n = min(self.chunk, self.size - self.sent)
            self.sent += n
            yield b"a" * n


def fetcher(handler, **kw) -> HttpFetcher:
    return HttpFetcher(httpx.Client(transport=httpx.MockTransport(handler)), user_agent=UA, **kw)


def test_fetcher_refuses_a_pdf_without_reading_its_body():
    body = CountingStream(1_000_000)
    f = fetcher(lambda req: httpx.Response(200, headers={"Content-Type": "application/pdf"}, stream=body))
    with pytest.raises(NotHtml) as e:
        f.get("http://a.example/paper.pdf")
    assert e.value.kind == "not_html" and body.sent == 0


def test_fetcher_caps_the_body_while_streaming_and_by_content_length():
    body = CountingStream(1_000_000)
    f = fetcher(lambda req: httpx.Response(200, headers={"Content-Type": "text/html"}, stream=body),
                max_bytes=10_000)
    with pytest.raises(TooLarge):
        f.get("http://a.example/big")
    assert body.sent <= 11_000                                    # stopped just past the cap
    declared = CountingStream(50_000)
    f = fetcher(lambda req: httpx.Response(200, headers={"Content-Type": "text/html",
                                                          "Content-Length": "50000"}, stream=declared),
                max_bytes=10_000)
    with pytest.raises(TooLarge):
        f.get("http://a.example/big")
    assert declared.sent == 0


def test_fetcher_names_status_errors_and_reads_retry_after():
    statuses = iter([(429, {"Retry-After": "7"}), (503, {"Retry-After": "100000"}), (404, {})])

    def handler(req):
        status, headers = next(statuses)
        return httpx.Response(status, headers=headers)

    f = fetcher(handler, max_retry_after=120)
    errors = []
    for _ in range(3):
        with pytest.raises(HttpStatusError) as e:
            f.get("http://a.example/x")
        errors.append((e.value.kind, e.value.retryable, e.value.retry_after))
    assert errors == [("http_429", True, 7), ("http_5xx", True, 120), ("http_4xx", False, None)]


@pytest.mark.parametrize("exc, kind", [(httpx.ConnectTimeout, FetchTimeout), (httpx.ReadTimeout, FetchTimeout),
                                       (httpx.ConnectError, FetchConnectionError),
                                       (httpx.RemoteProtocolError, FetchConnectionError)])
def test_fetcher_maps_transport_failures(exc, kind):
    def handler(req):
        raise exc("boom", request=req)

    with pytest.raises(kind) as e:
        fetcher(handler).get("http://a.example/x")
    assert e.value.retryable


def test_fetcher_returns_redirects_unfollowed_and_sends_our_user_agent():
    seen = []

    def handler(req):
        seen.append(req.headers["user-agent"])
        return httpx.Response(301, headers={"Location": "../b?x=1"}, content=b"moved")

    resp = fetcher(handler).get("http://a.example/dir/a")
    assert resp.status == 301 and resp.body == b"" and resp.location() == "http://a.example/b?x=1"
    assert seen == [UA]


def test_fetch_robots_follows_redirects_and_reports_failures():
    def handler(req):
        if req.url.host == "a.example":
            return httpx.Response(301, headers={"Location": "https://www.a.example/robots.txt"})
        if req.url.host == "www.a.example":
            return httpx.Response(200, content=b"User-agent: *\nDisallow: /x\n")
        raise httpx.ConnectError("refused", request=req)

    f = fetcher(handler)
    assert f.fetch_robots("http://a.example") == RobotsAnswer(200, b"User-agent: *\nDisallow: /x\n")
    down = f.fetch_robots("http://down.example")
    assert down.status is None and "refused" in down.reason


# ---------------------------------------------------------------------- the crawl loop, in memory

def page(title: str, links: list[str] = ()) -> bytes:
    a = "".join(f'<li><a href="{h}">{h}</a></li>' for h in links)
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
            f"<p>{title}的正文内容，用于测试爬虫。</p><ul>{a}</ul></body></html>").encode()


class FakeWeb:
    """Hosts and pages behind an httpx.MockTransport, with a request log on the fake clock."""

    def __init__(self, clock: FakeClock, routes: dict[str, list]):
        self.clock = clock
        self.routes = routes          # url → list of responses, the last one repeated
        self.log: list[tuple[float, str]] = []

    def __call__(self, req: httpx.Request) -> httpx.Response:
        url = str(req.url)
        self.log.append((self.clock.now, url))
        answers = self.routes.get(url) or [(404, b"")]
        status, body, *headers = answers.pop(0) if len(answers) > 1 else answers[0]
        self.clock.now += 0.01        # every request takes 10 ms
        return httpx.Response(status, content=body, headers={"Content-Type": "text/html; charset=utf-8",
                                                              **(headers[0] if headers else {})})

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def times(self, host: str) -> list[float]:
        return [t for t, url in self.log if f"//{host}/" in url]


def run(tmp_path: Path, web: FakeWeb, seeds: list[str], **kw):
    with Archive.open(tmp_path / "home") as archive:
        summary = crawl(archive, seeds, client=web.client(), clock=web.clock, sleep=web.clock.sleep,
                        rng=random.Random(1), **kw)
        urls = {p.url for p in archive.iter_pages()}
    return summary, urls


def test_crawl_keeps_the_delay_per_host_and_interleaves_hosts(tmp_path: Path):
    clock = FakeClock()
    routes = {"http://a.example/": [(200, page("A首页", ["/1", "/2", "/3", "http://b.example/"]))],
              "http://b.example/": [(200, page("B首页", ["/1", "/2"]))]}
    for i in (1, 2, 3):
        routes[f"http://a.example/{i}"] = [(200, page(f"甲{i}"))]
        routes[f"http://b.example/{i}"] = [(200, page(f"乙{i}"))]
    web = FakeWeb(clock, routes)
    summary, urls = run(tmp_path, web, ["http://a.example/"], any_host=True, delay=5.0)
    assert summary.stored == 7 and summary.finished and len(urls) == 7
    for host in ("a.example", "b.example"):
        times = web.times(host)
        assert all(b - a >= 5.0 for a, b in pairwise(times))   # robots.txt included
    # Host b was asked while host a waited its turn: far less than 11 requests × 5 s.
    assert clock.now - 1000 < 6 * 5.0 + 1


def test_crawl_honours_retry_after_and_backs_off_5xx(tmp_path: Path):
    clock = FakeClock()
    web = FakeWeb(clock, {
        "http://a.example/": [(200, page("首页", ["/busy", "/flaky"]))],
        "http://a.example/busy": [(429, b"", {"Retry-After": "30"}), (200, page("忙"))],
        "http://a.example/flaky": [(503, b""), (502, b""), (200, page("时好时坏"))],
    })
    summary, urls = run(tmp_path, web, ["http://a.example/"], delay=0.0, retries=3, backoff=1.0)
    assert urls == {"http://a.example/", "http://a.example/busy", "http://a.example/flaky"}
    assert summary.retries == 3 and not summary.errors
    busy = [t for t, u in web.log if u.endswith("/busy")]
    assert busy[1] - busy[0] >= 30
    flaky = [t for t, u in web.log if u.endswith("/flaky")]
    assert flaky[1] - flaky[0] >= 0.5 and flaky[2] - flaky[1] >= 1.0   # backoff 1·2^n, jittered


def test_crawl_gives_up_after_retries_and_never_retries_a_404(tmp_path: Path):
    clock = FakeClock()
    web = FakeWeb(clock, {"http://a.example/": [(200, page("首页", ["/down", "/gone"]))],
                          "http://a.example/down": [(500, b"")], "http://a.example/gone": [(404, b"")]})
    summary, _ = run(tmp_path, web, ["http://a.example/"], delay=0.0, retries=2, backoff=0.5)
    assert summary.errors == {"http_5xx": 1, "http_4xx": 1}
    assert [u for _, u in web.log].count("http://a.example/down") == 3
    assert [u for _, u in web.log].count("http://a.example/gone") == 1


def test_crawl_waits_for_an_unreachable_robots_txt_then_goes_on(tmp_path: Path):
    clock = FakeClock()
    web = FakeWeb(clock, {"http://a.example/robots.txt": [(503, b""), (503, b""), (200, b"User-agent: *\n")],
                          "http://a.example/": [(200, page("首页"))]})
    _, urls = run(tmp_path, web, ["http://a.example/"], delay=0.0, robots_retry_delay=60.0)
    assert urls == {"http://a.example/"}
    robots = [t for t, u in web.log if u.endswith("/robots.txt")]
    assert len(robots) == 3 and robots[1] - robots[0] >= 60 and robots[2] - robots[1] >= 120
    page_at = [t for t, u in web.log if u == "http://a.example/"]
    assert page_at[0] > robots[2]                       # nothing fetched while robots.txt was down


def test_crawl_gives_a_site_up_when_robots_txt_stays_unreachable(tmp_path: Path):
    clock = FakeClock()
    web = FakeWeb(clock, {"http://a.example/robots.txt": [(500, b"")], "http://a.example/": [(200, page("x"))]})
    summary, urls = run(tmp_path, web, ["http://a.example/"], delay=0.0, robots_attempts=2,
                        robots_retry_delay=1.0)
    assert urls == set() and summary.errors == {"robots_unavailable": 1}
    assert [u for _, u in web.log] == ["http://a.example/robots.txt"] * 2


def test_crawl_checks_each_redirect_hop_against_robots(tmp_path: Path):
    clock = FakeClock()
    web = FakeWeb(clock, {"http://a.example/robots.txt": [(200, b"User-agent: *\nDisallow: /private/\n")],
                          "http://a.example/": [(200, page("首页", ["/go"]))],
                          "http://a.example/go": [(302, b"", {"Location": "/private/x"})]})
    summary, _ = run(tmp_path, web, ["http://a.example/"], delay=0.0)
    assert summary.skipped_robots == 1
    assert "http://a.example/private/x" not in [u for _, u in web.log]


def test_max_pages_stops_the_call_and_resume_finishes_the_run(tmp_path: Path):
    clock = FakeClock()
    routes = {"http://a.example/": [(200, page("首页", [f"/{i}" for i in range(5)]))]}
    routes.update({f"http://a.example/{i}": [(200, page(f"第{i}篇"))] for i in range(5)})
    web = FakeWeb(clock, routes)
    first, urls = run(tmp_path, web, ["http://a.example/"], delay=0.0, max_pages=3)
    assert first.limit_reached and not first.finished and first.queued == 3 and len(urls) == 3
    second, urls = run(tmp_path, web, [], resume=True, delay=0.0)
    assert second.resumed and second.finished and second.run_id == first.run_id and len(urls) == 6
    assert sorted(u for _, u in web.log if not u.endswith("robots.txt")) == sorted(set(routes))
    assert [u for _, u in web.log].count("http://a.example/robots.txt") == 1   # cached in the archive


def test_resume_keeps_the_delay_and_user_agent_the_crawl_was_started_with(tmp_path: Path):
    clock = FakeClock()
    routes = {"http://a.example/": [(200, page("首页", [f"/{i}" for i in range(4)]))]}
    routes.update({f"http://a.example/{i}": [(200, page(f"第{i}篇"))] for i in range(4)})
    web = FakeWeb(clock, routes)
    agents: list[str] = []

    def spy(req):
        agents.append(req.headers["user-agent"])
        return web(req)
    with Archive.open(tmp_path / "home") as archive:
        crawl(archive, ["http://a.example/"], client=httpx.Client(transport=httpx.MockTransport(spy)),
              clock=clock, sleep=clock.sleep, delay=5.0, user_agent="slowbot/1.0", max_pages=2)
        start = len(web.log)
        crawl(archive, [], resume=True, client=httpx.Client(transport=httpx.MockTransport(spy)),
              clock=clock, sleep=clock.sleep)
    later = [t for t, u in web.log[start:] if not u.endswith("robots.txt")]
    assert len(later) == 3 and all(b - a >= 5.0 for a, b in zip(later, later[1:]))
    assert set(agents) == {"slowbot/1.0"}


def test_a_new_crawl_abandons_the_unfinished_one(tmp_path: Path):
    clock = FakeClock()
    routes = {"http://a.example/": [(200, page("首页", ["/1", "/2"]))],
              "http://a.example/1": [(200, page("一"))], "http://a.example/2": [(200, page("二"))]}
    web = FakeWeb(clock, routes)
    first, _ = run(tmp_path, web, ["http://a.example/"], delay=0.0, max_pages=1)
    second, _ = run(tmp_path, web, ["http://a.example/1"], delay=0.0, depth=0)
    assert second.run_id != first.run_id and second.finished
    with Archive.open(tmp_path / "home") as archive:
        runs = dict(archive.db.execute("SELECT id, status FROM crawl_runs").fetchall())
        with pytest.raises(CrawlError, match="no unfinished crawl"):
            crawl(archive, [], resume=True, client=web.client(), clock=clock, sleep=clock.sleep)
    assert runs == {first.run_id: "abandoned", second.run_id: "finished"}


@pytest.mark.parametrize("seeds, kw, message", [
    ([], {}, "no seed URLs"), (["ftp://a.example/"], {}, "not an http"),
    (["http://a.example/"], {"include": "("}, "not a valid regular expression"),
])
def test_crawl_refuses_unusable_input(tmp_path: Path, seeds, kw, message):
    with Archive.open(tmp_path / "home") as archive, pytest.raises(CrawlError, match=message):
        crawl(archive, seeds, **kw)


def test_a_seed_redirecting_to_another_host_takes_the_crawl_there(tmp_path: Path):
    clock = FakeClock()
    web = FakeWeb(clock, {
        "http://a.example/": [(301, b"", {"Location": "https://www.a.example/"})],
        "https://www.a.example/": [(200, page("首页", ["/doc/1", "http://a.example/x"]))],
        "https://www.a.example/doc/1": [(200, page("一", ["/go"]))],
        "https://www.a.example/go": [(302, b"", {"Location": "http://elsewhere.example/"})],
    })
    summary, urls = run(tmp_path, web, ["http://a.example/"], delay=0.0, include=r"/doc/")
    # The seed's redirect ignores include; the links obey it; a later redirect may not leave the hosts.
    assert urls == {"http://a.example/", "https://www.a.example/doc/1"}
    assert summary.errors == {} and "http://elsewhere.example/" not in [u for _, u in web.log]
    with Archive.open(tmp_path / "home") as archive:
        (scope,) = archive.db.execute("SELECT scope FROM crawl_runs").fetchone()
    assert '"www.a.example"' in scope


def test_redirect_off_the_crawl_hosts_is_an_error(tmp_path: Path):
    clock = FakeClock()
    web = FakeWeb(clock, {"http://a.example/": [(200, page("首页", ["/go"]))],
                          "http://a.example/go": [(302, b"", {"Location": "http://elsewhere.example/"})]})
    summary, _ = run(tmp_path, web, ["http://a.example/"], delay=0.0)
    assert summary.errors == {"redirect_off_scope": 1}
    assert "http://elsewhere.example/" not in [u for _, u in web.log]


def test_another_port_of_the_same_host_is_off_scope(tmp_path: Path):
    clock = FakeClock()
    web = FakeWeb(clock, {"http://127.0.0.1:8001/": [(200, page("首页", ["/go", "http://127.0.0.1:8002/x"]))],
                          "http://127.0.0.1:8001/go": [(302, b"", {"Location": "http://127.0.0.1:8002/"})]})
    summary, _ = run(tmp_path, web, ["http://127.0.0.1:8001/"], delay=0.0)
    assert summary.errors == {"redirect_off_scope": 1}
    assert not [u for _, u in web.log if ":8002" in u]


def test_a_public_page_never_redirects_the_crawler_to_an_internal_address(tmp_path: Path):
    clock = FakeClock()
    web = FakeWeb(clock, {"http://a.example/": [(302, b"", {"Location": "http://127.0.0.1:9/admin"})]})
    summary, _ = run(tmp_path, web, ["http://a.example/"], delay=0.0, any_host=True)
    assert summary.errors == {"redirect_internal": 1}
    assert not [u for _, u in web.log if "127.0.0.1" in u]


@pytest.mark.parametrize("url, internal", [("http://localhost:8000/", True), ("http://10.1.2.3/", True),
                                           ("http://[::1]/", True), ("http://192.168.0.1/", True),
                                           ("http://example.org/", False), ("http://8.8.8.8/", False)])
def test_internal_addresses(url, internal):
    from archive.crawl.urls import host_of, is_internal
    assert is_internal(host_of(url)) is internal


def test_frontier_moves_a_url_found_again_nearer_the_seeds_and_requeues_in_flight(tmp_path: Path):
    from archive.crawl.frontier import Frontier

    with Archive.open(tmp_path / "home") as archive:
        f = Frontier.start(archive, [("http://a.example/", "http://a.example/")],
                           {"depth": 3, "include": None, "exclude": None, "any_host": False,
                            "hosts": ["a.example"]})
        with archive.transaction() as db:
            f.add(db, [("http://a.example/deep", "http://a.example/deep")], depth=3, referrer=None)
            f.add(db, [("http://a.example/deep", "http://a.example/deep")], depth=1, referrer=None)
        f.mark_in_flight("http://a.example/")
        assert [(c.url, c.depth) for c in f.candidates()] == [("http://a.example/deep", 1)]
        again = Frontier.resume(archive)
        assert again is not None and again.run_id == f.run_id
        assert [c.url for c in again.candidates()] == ["http://a.example/", "http://a.example/deep"]
