"""A deterministic corpus of saved pages built from shared/data/csl-dev.tsv.

    python -m bench.corpus OUT_DIR --pages 10000

Page i takes paper i (mod 1000) for its title/abstract/keywords, a few other papers'
abstracts as body paragraphs, and an other-literature list drawn from a pool of snippets
so that snippets repeat across pages as they do on real sites. Templates rotate between
a document-sharing page, a journal-database page, a document-library reader (HTML) and
a plain-text copy; every fifth HTML page is GBK. Same arguments, same bytes.
"""
from __future__ import annotations

import argparse
import html
import random
from collections.abc import Iterator
from pathlib import Path

from .corpus_text import Paper, load_papers

_SITES = ["学海文库", "知库学术", "文库宝", "论文网"]


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


def _docshare(p: Paper, paras: list[str], related: list[str], i: int, cs: str) -> str:
    lis = "".join(f'<li><a href="/p-{i * 7 + k}.html">{_esc(t)}</a></li>' for k, t in enumerate(related))
    body = "".join(f"<p>\u3000\u3000{_esc(t)}</p>" for t in paras)
    return (f'<!DOCTYPE html><html><head><meta charset="{cs}"><title>{_esc(p.title)} - 论文 - {_SITES[0]}</title>'
            f'</head><body><div class="top"><a href="/">首页</a> | <a href="/login">登录</a></div>'
            f'<h1>{_esc(p.title)}</h1><div class="meta">来源 :<a>{_esc(p.discipline)}研究</a> | 被引量 : {i % 37}次 '
            f'| 上传用户:user{i % 500}</div><div>下载到本地 , 更方便阅读</div><div>论文部分内容阅读</div>'
            f'<div class="text">{body}</div><div class="other"><div>其他文献</div><ul>{lis}</ul></div>'
            f'<div class="foot">Copyright © 2012-2023 {_SITES[0]} 浙ICP备17032658号</div></body></html>')


def _journaldb(p: Paper, paras: list[str], related: list[str], i: int, cs: str) -> str:
    lis = "".join(f'<li>[{k + 1}]<a href="/detail?f={i * 5 + k}">{_esc(t[:40])}</a><span>期刊</span>.2015</li>'
                  for k, t in enumerate(related))
    secs = "".join(f"<h3>{k + 1} 第{k + 1}部分</h3><p>{_esc(t)}</p>" for k, t in enumerate(paras))
    authors = "".join(f"<span><a>作者{(i + k) % 90}</a><sup>{k + 1}</sup></span>" for k in range(2))
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={cs}">'
            f'<title>{_esc(p.title)} - {_SITES[1]}</title></head><body><div class="hd">{_SITES[1]}</div>'
            f'<div><a>{_esc(p.discipline)}学报</a> 2019年 第{i % 12 + 1:02d}期</div><h1>{_esc(p.title)}</h1>'
            f'<h3>{authors}</h3><div>摘要：{_esc(p.abstract)}</div><p>关键词：{"；".join(map(_esc, p.keywords))}</p>'
            f'<div>被引次数：<em>{i % 23}</em> 下载次数：<em>{i % 500}</em></div><div>全文阅读</div>{secs}'
            f'<div class="sim"><h4>相似文献</h4><ul>{lis}</ul></div></body></html>')


def _doclib(p: Paper, paras: list[str], related: list[str], i: int, cs: str) -> str:
    pages = "".join(f'<div class="pg"><p>{_esc(t)}</p><div>- {k + 1} -</div></div>' for k, t in enumerate(paras))
    lis = "".join(f'<li><a href="/d/{i * 3 + k}.html">{_esc(t[:30])}</a><span>{k + 2}页</span></li>'
                  for k, t in enumerate(related))
    return (f'<!DOCTYPE html><html><head><meta charset="{cs}"><title>{_esc(p.title)}.pdf - {_SITES[2]}</title>'
            f'</head><body><h1>{_esc(p.title)}.pdf</h1><div><span>上传者：lib{i % 300}</span>'
            f'<span>页数：5页</span></div><div>来源期刊：《{_esc(p.discipline)}》2018年第3期</div>{pages}'
            f'<div>还剩2页未读，继续阅读</div><div class="rel"><h3>相关文档</h3><ul>{lis}</ul></div></body></html>')


def _textcopy(p: Paper, paras: list[str], related: list[str], i: int, cs: str) -> str:
    body = "\n".join(f"  {t}" for t in paras)
    rel = "\n".join(related)
    return (f"{p.title}\n\n来源 :{p.discipline}研究 | 被引量 : {i % 41}次 | 上传用户:u{i % 200}\n"
            f"下载到本地 , 更方便阅读\n论文部分内容阅读\n{body}\n其他文献\n{rel}\n")


TEMPLATES = [(_docshare, "html"), (_journaldb, "html"), (_doclib, "html"), (_textcopy, "txt")]


def generate(n: int, seed: int = 7) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) for n pages, deterministic for (n, seed)."""
    papers = load_papers()
    rng = random.Random(seed)
    # Snippets repeat across pages: a pool of truncated abstracts, a few per page.
    pool = [pp.abstract[: rng.randint(40, 90)] for pp in papers]
    for i in range(n):
        p = papers[i % len(papers)]
        paras = [papers[(i * 31 + k * 17) % len(papers)].abstract for k in range(1, 4)]
        related = [pool[rng.randrange(len(pool))] for _ in range(rng.randint(4, 9))]
        make, ext = TEMPLATES[i % len(TEMPLATES)]
        gbk = ext == "html" and i % 5 == 0
        text = make(p, paras, list(dict.fromkeys(related)), i, "gbk" if gbk else "utf-8")
        data = text.encode("gb18030" if gbk else "utf-8")
        yield f"p{i:06d}.{ext}", data


def write_corpus(out: Path, n: int, seed: int = 7) -> tuple[int, int]:
    out.mkdir(parents=True, exist_ok=True)
    count = size = 0
    for k, (name, data) in enumerate(generate(n, seed)):
        sub = out / f"{k // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / name).write_bytes(data)
        count += 1
        size += len(data)
    return count, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    n, size = write_corpus(args.out, args.pages, args.seed)
    print(f"wrote {n} pages, {size / 2**20:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
