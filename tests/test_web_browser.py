"""The search page in headless Chromium (Debian's /usr/bin/chromium, driven by playwright).

Type a Chinese query, see a highlighted hit, filter by the facets, open the document
and its other-literature snippet, and check that markup imported as text never ran.
Screenshots (desktop and phone) go to the test's tmp folder only.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_web import XSS_TITLE, shared_home
from web.app import create_app
from web.server import running

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at "
                                "/usr/bin/chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    with running(create_app(shared_home(tmp_path_factory))) as url:
        yield url


@pytest.fixture
def browser(tmp_path):
    """open(width, height, scale) → a new page in Chromium with a new, empty profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        contexts = []

        def open_page(width: int = 1280, height: int = 900, scale: float = 1, timezone: str = "UTC"):
            context = p.chromium.launch_persistent_context(
                str(tmp_path / f"profile-{len(contexts)}"), executable_path=str(CHROMIUM), headless=True,
                args=FLAGS, viewport={"width": width, "height": height}, device_scale_factor=scale,
                locale="zh-CN", timezone_id=timezone, accept_downloads=False)
            contexts.append(context)
            return context.new_page()

        try:
            yield open_page
        finally:
            for context in contexts:
                context.close()


def _no_script_ran(page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.title") != "pwned"
    assert page.locator("main img").count() == 0
    assert page.evaluate("document.scripts.length") == 1   # our app.js, nothing else


def test_search_filter_open_and_nothing_imported_runs(base, browser, tmp_path):
    page = browser()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)

    page.goto(base + "/")
    page.wait_for_selector(".home .stats")
    page.fill("#q", "跨站脚本")
    page.press("#q", "Enter")
    page.wait_for_selector(".hit")
    first = page.locator(".hit").first
    assert first.locator("mark").first.inner_text() in {"跨站脚本", "跨站", "脚本"}
    assert XSS_TITLE in page.locator(".hit h3").all_inner_texts()
    kinds = page.locator('[data-facet="kind"] a').all_inner_texts()
    assert any(k.startswith("文章") for k in kinds) and any(k.startswith("其他文献") for k in kinds)
    _no_script_ran(page)

    # A source facet whose name is markup-as-text, then the kind facet.
    page.locator('[data-facet="source"] a', has_text="网络安全学报<img").click()
    page.wait_for_selector(".chip.active")
    assert "source=" in page.url
    page.locator('[data-facet="kind"] a[data-value="article"]').click()
    page.wait_for_function("location.hash.includes('kind=article')")
    page.wait_for_selector('[data-facet="kind"] a.active')
    hits = page.locator(".hit")
    assert hits.count() >= 1
    assert set(page.locator(".hit .kind").all_inner_texts()) == {"文章"}
    page.screenshot(path=str(tmp_path / "results.png"), full_page=True)

    # The document: every field shown as text, the related list linking to snippet documents.
    page.locator(".hit h3 a", has_text="跨站脚本防护研究").click()
    page.wait_for_selector("article.document h1")
    assert page.locator("article.document h1").inner_text() == XSS_TITLE
    assert "<img src=x onerror=" in page.locator(".body").inner_text()
    related = page.locator(".related a")
    assert related.count() == 2 and "<script>window.__xss=4</script>" in related.nth(1).inner_text()
    _no_script_ran(page)
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)

    related.nth(0).click()
    page.wait_for_selector("article.snippet")
    assert "<img src=x onerror=window.__xss=3>" in page.locator("article.snippet h1").inner_text()
    # The snippet's page list links back to every page it appears on, ours among them.
    page.locator(".pages-of a").filter(has_text=XSS_TITLE[:8]).first.click()
    # The snippet view is an article.document too: wait for the page view to replace it.
    page.wait_for_selector("article.document:not(.snippet) h1")
    assert page.locator("article.document:not(.snippet) h1").inner_text() == XSS_TITLE
    _no_script_ran(page)
    assert not problems, problems


def test_the_page_reads_on_a_phone(base, browser, tmp_path):
    page = browser(390, 844, 2)
    page.goto(base + "/#/search?q=" + "研究")
    page.wait_for_selector(".hit mark")
    # Nothing wider than the screen: no sideways scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "phone.png"))
    page.locator(".hit h3 a").first.click()
    page.wait_for_selector("article.document h1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "phone-document.png"))


def test_errors_are_in_chinese_and_leave_nothing_of_the_last_search(base, browser):
    page = browser()
    page.goto(base + "/#/search?q=" + "研究")
    page.wait_for_selector(".hit")
    page.goto(base + "/#/doc/p999999")
    page.wait_for_selector(".notice.error")
    assert page.locator(".notice.error").get_attribute("data-code") == "not_found"
    assert page.locator(".notice.error").inner_text().startswith("没有找到这个文档。")
    assert page.evaluate("document.title") == "出错了 · 文渊"
    assert page.input_value("#q") == ""
    page.goto(base + "/#/search?q=" + "title%3A")
    page.wait_for_selector(".notice.error")
    assert page.locator(".notice.error").inner_text().startswith("这个查询无法理解")


# The page's own words in Latin letters that are fine in a Chinese page: names and units.
LATIN_ALLOWED = {"API", "ms", "wenyuan", "SHA", "HTML", "MHTML", "OR"}

# Every Latin word the reader sees that is not the archive's text or the user's query (both
# marked translate="no"), nor the API's own detail on a bad query (marked lang="en").
_PAGE_OWN_LATIN = r"""() => {
  const found = [];
  const isData = e => e.closest('[translate="no"], [lang="en"], code, input, script, style, iframe');
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode());) {
    const e = n.parentElement;
    if (!e || isData(e) || !e.getClientRects().length) continue;
    found.push(...(n.textContent.match(/[A-Za-z]{2,}/g) || []));
  }
  for (const e of document.querySelectorAll("[title], [placeholder], [aria-label]")) {
    for (const name of ["title", "placeholder", "aria-label"]) {
      found.push(...((e.getAttribute(name) || "").match(/[A-Za-z]{2,}/g) || []));
    }
  }
  return found;
}"""


def test_the_page_speaks_chinese_in_every_view_and_error(base, browser, tmp_path, tmp_path_factory):
    page = browser()
    views = {"#/": ".home .stats", "#/search?q=研究": ".hit", "#/search?q=qwertyuiop": ".summary",
             "#/search?q=宣传部": ".notice.partial", "#/search?q=研究&page=999": ".summary",
             "#/search?q=跨站脚本": ".hit", "#/search?q=跨站脚本&source=网络安全学报": ".chip.active",
             "#/doc/p1": "article.document h1", "#/doc/s1": "article.snippet h1",
             "#/doc/p999999": ".notice.error", "#/doc/xyz": ".notice.error",
             "#/search?q=title%3A": ".notice.error", "#/search?q=研究&year=abc": ".notice.error"}
    codes = set()
    for view, ready in views.items():
        page.goto(base + "/" + view)
        page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")
        english = set(page.evaluate(_PAGE_OWN_LATIN)) - LATIN_ALLOWED
        assert not english, (view, english)
        title = page.evaluate("document.title").split(" · ")[-1]
        assert title in ("文渊", "wenyuan"), (view, title)
        codes.update(page.locator(".notice.error").evaluate_all("es => es.map(e => e.dataset.code)"))
    assert codes == {"not_found", "bad_id", "bad_query", "bad_parameter"}
    # No archive yet, and an index damaged: the page says so in Chinese, commands as code.
    damaged = tmp_path / "damaged"
    shutil.copytree(shared_home(tmp_path_factory), damaged)
    (damaged / "index" / "CURRENT").write_bytes(b"\xff\xfe garbage")
    for home, code, text in ((tmp_path / "none", "archive_unavailable", "还没有文库"),
                             (damaged, "index_unavailable", "索引尚未建立")):
        with running(create_app(home)) as url:
            page.goto(url + "/#/search?q=研究")
            notice = page.locator(f".notice[data-code={code}]")
            notice.wait_for()
            assert notice.inner_text().startswith(text) and notice.locator("code").count() == 1
            assert not set(page.evaluate(_PAGE_OWN_LATIN)) - LATIN_ALLOWED, code


def test_import_times_are_shown_in_the_readers_time_zone(base, browser):
    import httpx

    imported = httpx.get(base + "/api/documents/p1").json()["origin"]["imported_at"]   # …Z, UTC
    from datetime import datetime, timedelta

    utc = datetime.strptime(imported, "%Y-%m-%dT%H:%M:%SZ")
    shanghai = (utc + timedelta(hours=8)).strftime("%H:%M:%S")
    page = browser(timezone="Asia/Shanghai")
    page.goto(base + "/#/doc/p1")
    page.wait_for_selector("article.document h1")
    shown = page.locator(".origin dt", has_text="导入").locator("xpath=following-sibling::dd[1]").inner_text()
    assert shanghai in shown and "Z" not in shown


def test_no_match_shows_the_empty_state_and_a_page_past_the_end_says_there_are_no_more(base, browser):
    page = browser()
    page.goto(base + "/#/search?q=" + "qwertyuiop")
    page.wait_for_selector(".summary:has-text('没有找到结果')")
    assert "没有找到结果" in page.locator(".results").inner_text()
    assert page.locator(".hit").count() == 0
    page.goto(base + "/#/search?q=" + "研究" + "&page=999")
    page.wait_for_selector(".summary:has-text('没有更多了')")
    text = page.locator(".results").inner_text()
    assert "没有更多了" in text and "9981" not in text and page.locator(".hit").count() == 0


def test_a_partial_match_says_so_on_the_page(base, browser):
    page = browser()
    page.goto(base + "/#/search?q=" + "宣传部")
    page.wait_for_selector(".summary")
    assert "没有页面包含完整的" in page.locator(".notice.partial").inner_text()


def test_titles_are_highlighted_keys_move_between_hits_and_dark_mode_follows_the_reader(base, browser):
    page = browser()
    page.goto(base + "/#/search?q=" + "跨站脚本")
    page.wait_for_selector(".hit")
    assert page.locator(".hit h3 mark").count() >= 1          # the match marked in a title
    page.locator("body").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.locator("body").click()
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.locator(".hit").nth(1).get_attribute("class").split().count("current") == 1
    page.keyboard.press("k")
    assert "current" in page.locator(".hit").nth(0).get_attribute("class")
    page.keyboard.press("Enter")
    page.wait_for_selector("article.document h1")
    light = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    page.emulate_media(color_scheme="dark")
    dark = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert light != dark and dark == "rgb(22, 24, 26)"


def test_the_original_page_is_shown_in_a_sandbox_where_its_script_does_not_run(base, browser, tmp_path):
    import httpx

    page = browser()
    found = httpx.get(base + "/api/search", params={"q": "原始页面脚本隔离研究", "kind": "article"}).json()
    doc_id = found["hits"][0]["id"]
    page.goto(base + "/#/doc/" + doc_id)
    page.wait_for_selector("article.document h1")
    assert not page.locator("main").inner_text().startswith("null")   # opened directly: no back link
    page.click(".show-original")
    page.wait_for_selector("iframe.original-frame")
    frame = page.frame_locator("iframe.original-frame")
    assert frame.locator("h1").inner_text() == "原始页面脚本隔离研究"          # the saved page, shown
    inner = next(f for f in page.frames if f.url.endswith("/view"))
    assert inner.evaluate("window.__xss") is None                            # its script never ran
    assert inner.evaluate("document.title") != "pwned"
    assert page.get_attribute("iframe.original-frame", "sandbox") == ""
    _no_script_ran(page)
    page.screenshot(path=str(tmp_path / "original.png"), full_page=True)



def test_a_document_opened_from_a_search_marks_its_matches_and_n_moves_between_them(base, browser):
    page = browser()
    page.goto(base + "/#/search?q=" + "反诈")
    page.wait_for_selector(".hit")
    page.locator(".hit h3 a").first.click()
    page.wait_for_selector("article.document .body mark")
    marks = page.locator("article.document mark")
    assert marks.count() >= 2 and set(marks.all_inner_texts()) == {"反诈"}
    assert "处匹配" in page.locator(".match-hint").inner_text()
    page.locator("body").click()
    page.keyboard.press("n")
    page.keyboard.press("n")
    assert "current" in (marks.nth(1).get_attribute("class") or "")
    page.keyboard.press("N")
    assert "current" in (marks.nth(0).get_attribute("class") or "")


def test_on_a_phone_each_facet_label_sits_on_the_row_of_its_chips(base, browser, tmp_path):
    page = browser(390, 844, 2)
    page.goto(base + "/#/search?q=" + "的")
    page.wait_for_selector('[data-facet="year"] a')
    rows = page.evaluate("""() => [...document.querySelectorAll('.facets h2')].map(h => {
        const chip = h.parentElement.querySelector('.facet a');
        const a = h.getBoundingClientRect(), b = chip.getBoundingClientRect();
        return {name: h.textContent, top: a.top, bottom: a.bottom, right: a.right,
                chipTop: b.top, chipBottom: b.bottom, chipLeft: b.left}; })""")
    assert [r["name"] for r in rows] == ["类型", "来源", "年份"]
    for r in rows:
        # On one row with its own chips (their boxes overlap vertically), the chips right after it.
        assert r["chipTop"] < r["bottom"] and r["top"] < r["chipBottom"], r
        assert 0 <= r["chipLeft"] - r["right"] < 40, r
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "phone-facets.png"))


def test_the_year_facet_filters_the_hits_and_sorting_by_year_puts_the_newest_first(base, browser):
    page = browser()
    page.goto(base + "/#/search?q=" + "的")
    page.wait_for_selector('[data-facet="year"] a')
    years = page.locator('[data-facet="year"] a').evaluate_all("els => els.map(e => e.dataset.value)")
    assert len(years) >= 3 and years == sorted(years, reverse=True)   # newest first
    year = years[-1]
    page.locator(f'[data-facet="year"] a[data-value="{year}"]').click()
    page.wait_for_function(f"location.hash.includes('year={year}')")
    page.wait_for_selector('[data-facet="year"] a.active')
    metas = page.locator(".hit .meta").all_inner_texts()
    assert metas and all(f" · {year}" in m for m in metas)
    assert page.locator(".filters .chip.active").inner_text().startswith(year)

    page.goto(base + "/#/search?q=" + "的")
    page.wait_for_selector(".hit")
    page.locator(".sort a", has_text="年份").click()
    page.wait_for_function("location.hash.includes('sort=year')")
    page.wait_for_selector(".sort strong:text('年份')")
    shown = page.locator(".hit .meta").evaluate_all(
        "els => els.map(e => (e.textContent.match(/ · (\\d{4})/) || [])[1]).filter(Boolean).map(Number)")
    assert len(shown) >= 3 and shown == sorted(shown, reverse=True)


def test_an_other_literature_item_opens_the_cited_article_which_lists_its_copies_and_citers(browser, tmp_path):
    import subprocess
    import sys

    from conftest import ROOT
    from test_snippet_cites import CITED, CITING
    from test_works import traditional

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(CITING, encoding="utf-8")
    (pages / "b.txt").write_text(CITED, encoding="utf-8")
    (pages / "c.txt").write_text(traditional(CITED), encoding="utf-8")   # the cited paper, a second copy
    home = tmp_path / "home"
    done = subprocess.run([sys.executable, "-m", "cli", "--home", str(home), "import", str(pages)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    with running(create_app(home)) as url:
        page = browser()
        page.goto(url + "/#/search?q=" + "城市热岛效应的遥感监测方法")
        page.wait_for_selector(".hit")
        assert page.locator(".hit").count() == 1   # two copies, one hit
        assert "共 2 个版本" in page.locator(".hit .meta").first.inner_text()
        page.goto(url + "/#/doc/p1")
        item = page.locator("ol.related li.resolved a")
        item.wait_for()
        assert item.count() == 1 and item.inner_text().startswith("本文利用")
        item.click()
        page.wait_for_selector("article.document h1")
        assert page.locator("article.document h1").inner_text() == "城市热岛效应的遥感监测方法"
        assert page.url.endswith("#/doc/p2")
        assert page.locator("ul.copies li").count() == 2
        assert "本文利用" in page.locator("ul.cited-by").inner_text()
        page.screenshot(path=str(tmp_path / "cited-article.png"))
