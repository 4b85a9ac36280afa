"""A generated corpus with planted truth about works and snippets (bench.works_bench).

    python -m bench.works_corpus OUT_DIR [--papers 600]

From shared/data/csl-dev.tsv: the first ``papers`` papers are archived, the rest are
only cited. Each archived paper is saved one to four times, on different "sites":

- a doc-share page (UTF-8 HTML), a journal database (GBK HTML, the abstract behind a
  摘要 label), a Big5 page in traditional characters, a plain-text copy, a page saved
  by a browser as MHTML;
- every tenth paper's first copy has a second version at the same URL (one more
  paragraph), as a re-crawl brings.

Traps that must not merge:

- twins: a different paper under the very same title as an archived one;
- template papers: five distinct papers all called 浅谈高校教学改革, whose abstracts
  open with the same long conference boilerplate.

Every page has an other-literature list: abstracts of other papers (archived or not)
cut at 20 to 150 characters, with or without an ellipsis, sometimes traditional.

``truth.json`` says which paper each file carries, and which paper each snippet text
is the opening of. Same arguments, same bytes.
"""
from __future__ import annotations

import argparse
import html
import json
import quopri
import random
from pathlib import Path

from archive.t2s_table import SIMPLIFIED, TRADITIONAL

from .corpus_text import Paper, load_papers

def _big5_ok(ch: str) -> bool:
    try:
        ch.encode("big5")
        return True
    except UnicodeEncodeError:
        return False


# Simplified → traditional: of the traditional characters folding to one simplified
# character, the first Big5 has (產, not the Japanese 産).
_TO_TRADITIONAL: dict[str, str] = {}
for _t, _s in zip(TRADITIONAL, SIMPLIFIED):
    if _s != _t and (_s not in _TO_TRADITIONAL or not _big5_ok(_TO_TRADITIONAL[_s])) and _big5_ok(_t):
        _TO_TRADITIONAL[_s] = _t
TEMPLATE_TITLE = "浅谈高校教学改革"
BOILERPLATE = ("本文系全国高等教育学术年会交流论文，摘要经大会学术委员会审定后收录于会议论文集，"
               "论文全文及参考文献请见会议论文集正式出版物。")


def traditional(text: str) -> str:
    return "".join(_TO_TRADITIONAL.get(c, c) for c in text)


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


def _related_html(related: list[str], base: str) -> str:
    return "".join(f'<li><a href="{base}{k}.html">{_esc(t)}</a></li>' for k, t in enumerate(related))


def _docshare(title: str, abstract: str, body: list[str], related: list[str], n: int, url: str) -> bytes:
    paras = "".join(f"<p>\u3000\u3000{_esc(t)}</p>" for t in [abstract, *body])
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{_esc(title)} - 学海文库</title>'
            f'<link rel="canonical" href="{url}"></head><body><div class="nav"><a href="/">首页</a> | '
            f'<a href="/login">登录</a></div><h1>{_esc(title)}</h1><div class="meta">来源 :<a>教育研究</a>'
            f' | 被引量 : {n % 17}次 | 上传用户:user{n % 300}</div><div>下载到本地 , 更方便阅读</div>'
            f'<div class="text">{paras}</div><div class="other"><div>其他文献</div>'
            f'<ul>{_related_html(related, "/doc/")}</ul></div>'
            f'<div class="foot">Copyright © 2012-2023 学海文库</div></body></html>').encode("utf-8")


def _journaldb(title: str, abstract: str, body: list[str], related: list[str], n: int, url: str) -> bytes:
    secs = "".join(f"<h3>{k + 1} 第{k + 1}部分</h3><p>{_esc(t)}</p>" for k, t in enumerate(body))
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
            f'<title>{_esc(title)} - 知库学术</title><link rel="canonical" href="{url}"></head><body>'
            f'<div class="hd">知库学术 | 期刊检索</div><div><a>教育学报</a> 2019年 第{n % 12 + 1:02d}期</div>'
            f'<h1>{_esc(title)}</h1><div>摘要：{_esc(abstract)}</div><div>被引次数：<em>{n % 23}</em></div>'
            f'<div>全文阅读</div>{secs}<div class="sim"><h4>相似文献</h4>'
            f'<ul>{_related_html(related, "/detail?f=")}</ul></div></body></html>').encode("gb18030")


def _big5(title: str, abstract: str, body: list[str], related: list[str], n: int, url: str) -> bytes:
    t = traditional
    paras = "".join(f"<p>{_esc(t(x))}</p>" for x in [abstract, *body])
    text = (f'<!DOCTYPE html><html><head><meta charset="big5"><title>{_esc(t(title))} - 華文論文網</title>'
            f'<link rel="canonical" href="{url}"></head><body><div class="menu">首頁 | 論文分類 | 會員登入</div>'
            f'<h1>{_esc(t(title))}</h1><div>來源：教育研究 | 被引用：{n % 9}次</div><div class="art">{paras}</div>'
            f'<div class="rel"><h3>其他文獻</h3><ul>{_related_html([t(x) for x in related], "/tw/")}</ul>'
            f'</div><div>版權所有 © 華文論文網</div></body></html>')
    return text.encode("big5", errors="replace")


def _textcopy(title: str, abstract: str, body: list[str], related: list[str], n: int, url: str) -> bytes:
    paras = "\n".join(f"  {x}" for x in [abstract, *body])
    rel = "\n".join(related)
    return (f"{title}\n\n来源 :教育研究 | 被引量 : {n % 41}次 | 上传用户:u{n % 200}\n下载到本地 , 更方便阅读\n"
            f"论文部分内容阅读\n{paras}\n其他文献\n{rel}\n").encode("utf-8")


def _mhtml(title: str, abstract: str, body: list[str], related: list[str], n: int, url: str) -> bytes:
    """The doc-share page as a browser saves it: MHTML, the HTML quoted-printable."""
    page = _docshare(title, abstract, body, related, n, url).replace(b"\xe5\xad\xa6\xe6\xb5\xb7", "文汇".encode())
    boundary = f"----MultipartBoundary--wenyuan{n}"
    head = (f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {url}\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/related; type="text/html"; boundary="{boundary}"\r\n\r\n'
            f"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: "
            f"quoted-printable\r\nContent-Location: {url}\r\n\r\n")
    return head.encode("ascii") + quopri.encodestring(page) + f"\r\n--{boundary}--\r\n".encode("ascii")


SITES = [(_docshare, "html", "https://xuehai.example/doc/"), (_journaldb, "html", "https://zhiku.example/d/"),
         (_big5, "html", "https://huawen.example/tw/"), (_textcopy, "txt", "https://copy.example/t/"),
         (_mhtml, "mht", "https://wenhui.example/m/")]


def _body(papers: list[Paper], j: int) -> list[str]:
    """The paper's body: the same for every copy of it."""
    n = len(papers)
    return [f"{'、'.join(papers[j].keywords)}是本文讨论的重点。" + papers[(j * 7 + 3) % n].abstract,
            papers[(j * 13 + 5) % n].abstract]


def _snippet(rng: random.Random, abstract: str) -> str:
    cut = abstract[:rng.randint(20, 150)]
    end = rng.choice(["", "...", "…", "……"])
    return traditional(cut) + end if rng.random() < 0.15 else cut + end


def generate(out: Path, archived: int = 600, seed: int = 11) -> dict:
    """Write the corpus under ``out``; returns (and writes) its truth."""
    # The TSV escapes quotes as \"; a page shows them plain.
    papers = [Paper(p.id, *(x.replace('\\"', '"') for x in (p.title, p.abstract)),
                    [k.replace('\\"', '"') for k in p.keywords], p.discipline) for p in load_papers()]
    rng = random.Random(seed)
    files: dict[str, str] = {}
    snippets: dict[str, str | None] = {}
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    # A twin is another paper saved under an archived one's title: that paper is archived too.
    twins = {j: archived + (j // 25) % (len(papers) - archived) for j in range(0, archived, 25)}
    present = set(range(archived)) | set(twins.values())

    def related() -> list[str]:
        chosen = []
        for _ in range(rng.randint(3, 7)):
            k = rng.randrange(len(papers))
            text = _snippet(rng, papers[k].abstract)
            snippets[text] = papers[k].id if k in present else None
            chosen.append(text)
        return chosen

    def write(name: str, data: bytes, paper: str) -> None:
        nonlocal n
        sub = out / f"{n // 500:03d}"
        sub.mkdir(exist_ok=True)
        (sub / name).write_bytes(data)
        files[f"{sub.name}/{name}"] = paper
        n += 1

    for j in range(archived):
        p = papers[j]
        body = _body(papers, j)
        for k in range(1 + j % 4):
            make, ext, base = SITES[(j + k) % len(SITES)]
            url = f"{base}{p.id}.html"
            write(f"w{j:04d}-{k}.{ext}", make(p.title, p.abstract, body, related(), j + k, url), p.id)
            if k == 0 and j % 10 == 0:   # a new version of the same URL, one more paragraph
                write(f"w{j:04d}-{k}-v2.{ext}",
                      make(p.title, p.abstract, [*body, papers[(j * 3 + 1) % len(papers)].abstract],
                           related(), j + k + 1, url), p.id)
        if j in twins:   # a twin: another paper, the same title
            other = papers[twins[j]]
            make, ext, base = SITES[(j + 1) % len(SITES)]
            write(f"twin{j:04d}.{ext}", make(p.title, other.abstract, _body(papers, twins[j]),
                                             related(), j, f"{base}twin-{j}.html"), other.id)
    for t in range(5):   # one title, one boilerplate opening, five papers
        other = papers[archived + 200 + t]
        make, ext, base = SITES[t % len(SITES)]
        write(f"template{t}.{ext}", make(TEMPLATE_TITLE, BOILERPLATE + other.abstract,
                                          _body(papers, archived + 200 + t), related(), t,
                                          f"{base}template-{t}.html"), f"template-{t}")
    truth = {"files": files, "snippets": snippets, "archived": [p.id for p in papers[:archived]],
             "titles": {p.id: p.title for p in papers[:archived]}}
    (out.parent / f"{out.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--papers", type=int, default=600, help="papers archived (the rest are only cited)")
    args = ap.parse_args()
    truth = generate(args.out, args.papers)
    print(f"wrote {len(truth['files'])} pages and the truth to {args.out}.truth.json")


if __name__ == "__main__":
    main()
