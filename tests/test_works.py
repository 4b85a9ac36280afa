"""Works: copies of one paper (other sites, forms, scripts, versions) are one work; papers
that only share a title or a template opening are not. Real `wenyuan` processes over
pages written here from the fixture records (csl-dev text), a real catalog and index."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from archive.t2s_table import SIMPLIFIED, TRADITIONAL
from conftest import ROOT, fixture_records
from indexer.works import titles_agree

_TO_TRADITIONAL = {s: t for t, s in zip(TRADITIONAL, SIMPLIFIED) if s != t}
BOILERPLATE = ("本文系全国高等教育学术年会交流论文，摘要经大会学术委员会审定后收录于会议论文集，"
               "论文全文及参考文献请见会议论文集正式出版物。")


def traditional(text: str) -> str:
    return "".join(_TO_TRADITIONAL.get(c, c) for c in text)


def wenyuan(home: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "cli", "--home", str(home), *args], cwd=ROOT,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def html_copy(title: str, abstract: str, body: str, url: str, site: str = "学海文库") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - {site}</title>'
            f'<link rel="canonical" href="{url}"></head><body><div class="nav"><a href="/">首页</a> | '
            f'<a href="/login">登录</a> | 文档分类</div><h1>{title}</h1>'
            f'<div class="meta">来源 :<a>教育研究</a> | 被引量 : 3次 | 上传用户:capfhn</div>'
            f'<div>下载到本地 , 更方便阅读</div><div class="text"><p>摘要：{abstract}</p><p>{body}</p></div>'
            f'<div class="foot">Copyright © 2012-2023 {site}</div></body></html>').encode("utf-8")


def text_copy(title: str, abstract: str, body: str) -> bytes:
    return (f"{title}\n\n来源 :教育研究 | 被引量 : 0次 | 上传用户:u7\n下载到本地 , 更方便阅读\n"
            f"论文部分内容阅读\n  {abstract}\n  {body}\n").encode("utf-8")


def papers(n: int) -> list[dict]:
    rows = [r for r in fixture_records() if len(r["abstract"]) > 80 and len(r["title"]) > 8]
    return rows[:n]


def search(home: Path, *args: str) -> dict:
    return json.loads(wenyuan(home, "search", *args, "--json").stdout)


def test_copies_from_other_sites_forms_and_scripts_are_one_work_and_a_later_copy_joins_it(tmp_path):
    p, other = papers(2)
    body = other["abstract"]
    first = tmp_path / "first"
    first.mkdir()
    (first / "a.html").write_bytes(html_copy(p["title"], p["abstract"], body, "https://a.example/1.html"))
    home = tmp_path / "home"
    wenyuan(home, "import", str(first))
    # Later, on another site: a traditional-character text copy, and a GBK page.
    later = tmp_path / "later"
    later.mkdir()
    (later / "b.txt").write_bytes(text_copy(traditional(p["title"]), traditional(p["abstract"]),
                                            traditional(body)))
    (later / "c.html").write_bytes(html_copy(p["title"], p["abstract"], body, "https://c.example/9.html",
                                             site="知库").replace(b"utf-8", b"gbk").decode().encode("gb18030"))
    wenyuan(home, "import", str(later))

    shown = json.loads(wenyuan(home, "show", "p1", "--json").stdout)
    assert shown["work"]["id"] == "w1"
    assert [c["doc_id"] for c in shown["work"]["copies"]] == ["p1", "p2", "p3"]
    found = search(home, p["title"])
    assert found["total"] == 1 and len(found["hits"]) == 1
    hit = found["hits"][0]
    assert hit["work"] == "w1" and hit["copies"] == 3
    assert sorted([hit["id"], *hit["copy_ids"]]) == ["p1", "p2", "p3"]
    every = search(home, p["title"], "--all-copies")
    assert every["total"] == 3 and sorted(h["id"] for h in every["hits"]) == ["p1", "p2", "p3"]
    figures = json.loads(wenyuan(home, "stats", "--json").stdout)
    assert (figures["works"], figures["works_with_copies"], figures["most_copies"]) == (1, 1, 3)
    assert "work w1: 3 copies" in wenyuan(home, "show", "p2").stdout


def test_papers_sharing_only_a_title_or_a_template_opening_stay_apart(tmp_path):
    a, b, c, d, filler = papers(5)
    pages = tmp_path / "pages"
    pages.mkdir()
    # A twin: another paper under the very same title.
    (pages / "a.html").write_bytes(html_copy(a["title"], a["abstract"], filler["abstract"], "https://x.example/a"))
    (pages / "twin.html").write_bytes(html_copy(a["title"], b["abstract"], filler["abstract"], "https://y.example/t"))
    # One generic title, one conference boilerplate opening, two papers.
    for name, p in (("t1.txt", c), ("t2.txt", d)):
        (pages / name).write_bytes(text_copy("浅谈高校教学改革", BOILERPLATE + p["abstract"], filler["abstract"]))
    home = tmp_path / "home"
    wenyuan(home, "import", str(pages))
    figures = json.loads(wenyuan(home, "stats", "--json").stdout)
    assert figures["works"] == 4 and figures["works_with_copies"] == 0
    assert search(home, "浅谈高校教学改革")["total"] == 2


def test_search_counts_works_in_totals_and_facets_and_shows_the_most_complete_copy(tmp_path):
    p, other, third = papers(3)
    pages = tmp_path / "pages"
    pages.mkdir()
    # The same paper twice (the text copy has no body beyond its abstract), and another paper.
    (pages / "a_full.html").write_bytes(html_copy(p["title"], p["abstract"], other["abstract"] + third["abstract"],
                                                "https://a.example/full"))
    (pages / "b_short.txt").write_bytes(text_copy(p["title"], p["abstract"], ""))
    (pages / "c_else.html").write_bytes(html_copy(other["title"], other["abstract"], third["abstract"],
                                                "https://a.example/else"))
    home = tmp_path / "home"
    wenyuan(home, "import", str(pages))
    word = p["title"][:4]
    found = search(home, "教育研究", "--kind", "article")
    assert found["total"] == 2, found
    assert found["facets"]["source"] == {"教育研究": 2}
    assert found["facets"]["kind"] == {"article": 2}
    every = search(home, "教育研究", "--kind", "article", "--all-copies")
    assert every["total"] == 3 and every["facets"]["source"] == {"教育研究": 3}
    mine = [h for h in search(home, word)["hits"] if h["work"] == "w1"]
    assert len(mine) == 1 and mine[0]["id"] == "p1" and mine[0]["copy_ids"] == ["p2"]


def test_a_new_version_of_a_url_stays_in_its_work(tmp_path):
    p, other, extra = papers(3)
    home = tmp_path / "home"
    for k, body in enumerate((other["abstract"], other["abstract"] + extra["abstract"])):
        folder = tmp_path / f"v{k}"
        folder.mkdir()
        (folder / "page.html").write_bytes(html_copy(p["title"], p["abstract"], body, "https://a.example/same"))
        wenyuan(home, "import", str(folder))
    figures = json.loads(wenyuan(home, "stats", "--json").stdout)
    assert figures["pages"] == 2 and figures["latest_pages"] == 1 and figures["works"] == 1
    assert json.loads(wenyuan(home, "show", "p2", "--json").stdout)["work"]["id"] == "w1"


def test_titles_with_other_numbers_name_other_papers():
    assert titles_agree("2019年高校教学质量报告", "2019年高校教学质量报吿")
    assert not titles_agree("2019年高校教学质量报告", "2020年高校教学质量报告")
    assert not titles_agree("第一篇作文教学调查研究", "第二篇作文教学调查研究")
    assert titles_agree("不同脱毒红薯品种对产量及其品质的影响", "不同脱毒红薯品种对量及其品质的影响")
    assert titles_agree("米曲霉3042的液体培养特性及其应用研究", "米曲霉3042的液体培养特性及其应用")


def test_a_snippet_imported_before_its_article_resolves_once_the_article_arrives(tmp_path):
    from test_snippet_cites import CITED, CITING

    home = tmp_path / "home"
    for name, text in (("a.txt", CITING), ("b.txt", CITED)):   # two imports, the citing page first
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        wenyuan(home, "import", str(folder))
        if name == "a.txt":
            assert json.loads(wenyuan(home, "stats", "--json").stdout)["snippets_resolved"] == 0
    assert json.loads(wenyuan(home, "stats", "--json").stdout)["snippets_resolved"] == 1
    page = json.loads(wenyuan(home, "show", "p1", "--json").stdout)
    heat = next(r for r in page["related"] if r["text"].startswith("本文利用"))
    assert heat["cites"] == "p2"
    snippet = json.loads(wenyuan(home, "show", heat["doc_id"], "--json").stdout)
    assert snippet["work"] == "w2" and [c["doc_id"] for c in snippet["cites"]] == ["p2"]
    # Search folds the snippet into its article's hit: one hit, which counts it.
    found = search(home, "热岛效应")
    assert [h["id"] for h in found["hits"]] == ["p2"] and found["hits"][0]["cited_by_snippets"] == 1
    assert "cited by " + heat["doc_id"] in wenyuan(home, "show", "p2").stdout
