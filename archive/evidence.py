"""Evidence the parser weighs before it decides: what a line of a page is likely to be.

The label-driven pass in ``parse.py`` is right wherever a page labels its parts. Real
pages often do not: the title is one line among menus and counters, the article starts
without a marker, a landing page ends with tables or residue of its metadata. Here each
decision is made by weighing signals that carry over between sites, never by one site's
wording:

* **title**: every early line (and the parts of lines joined by `|`, `_`, a comma) is a
  candidate, scored on repetition elsewhere on the page (the heading, `_第2页` page
  strips, ``《…》由会员分享``, the citation line), on what follows it (authors,
  affiliations, labels, the article), and on its shape (length, no sentence end, no
  dates, e-mails or counters);
* **citation line**: ``作者. 题名[J]. 刊名, 2021, 35(4)`` names title, authors and source;
* **prose**: a Chinese sentence of some length, the surest sign that a line is article
  text; a body without any is residue of a landing page, not an article;
* **site notices**: sentences about the site itself (本站, 本文档, 侵权, 会员, 下载 …),
  chrome even though they read like prose;
* **page kind**: result lists, grids and record listings are not articles.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .textform import CJK, cjk_count, match_form, squash

# --------------------------------------------------------------------------- line shapes

_SENTENCE_PUNCT = re.compile(r"[。！？；;!?，,]")
_FULL_STOP = re.compile(r"[。！？!?]")
_TABLE_ROW = re.compile(r"^\|?[^|]*\|[^|]*\|")
_ENUMERATED_HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百\d]+[章节篇部分]|[一二三四五六七八九十]+\s*[、.．]|"
    r"[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}(?:\.\d{1,2})*(?:\s+|\s*[、.．]\s*)[\u4e00-\u9fff])")
_DATEISH = re.compile(
    # a date, not a span of years (1938-1946年 opens many a history paper's title)
    r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}(?!\d)(?:\s*[-/.月]\s*\d{1,2})?|\d{1,2}:\d{2}(?::\d{2})?"
    r"|@|https?://|www\.|\d{1,3}(?:\.\d{1,3}){3}|\d{7,}|issn|isbn|doi\s*[:：]|cn\s*\d{2}-", re.I)
_PAGE_STRIP = re.compile(r"[_\s]*第?\s*\d+\s*[页頁]\s*$")
_PARTS = re.compile(r"\s+[|｜]\s+|[|｜]|\s+-\s+|_")
_LATIN_TAIL = re.compile(r"^(?P<zh>.*[\u4e00-\u9fff][^A-Za-z]*?)\s*"
                         r"(?P<en>[A-Z][A-Za-z'’,:\-]*(?:\s+[A-Za-z'’,:\-]+){2,}.*)$")
_BOOK = re.compile(r"《([^《》]{4,80})》")

# Sentences about the site itself. A line is a notice when it names at least three of
# these and at least one of the first group (words an article about e-reading or
# libraries would not use of itself).
_NOTICE_STRONG = ("本站", "本网", "本网站", "本平台", "本文档", "本资料", "小编", "侵权", "认领", "仅供参考",
                  "微信号", "qq", "客服", "会员", "还剩", "未读", "浏览器", "不代表", "版权说明", "金币",
                  "积分", "vip", "网友", "投稿邮箱", "联系手机", "密码", "验证码", "手机号", "为您", "为大家",
                  "对大家有")
_NOTICE_WEAK = ("下载", "上传", "用户", "阅读", "免费", "版权", "收藏", "举报", "预览", "文档", "登录",
                "注册", "观点", "整理", "复制", "网页", "联系", "删除", "提供", "分享", "搜索", "在线", "范文",
                "写作", "精选")

# Lines that say the page lists results or records, not one article.
_RESULT_COUNT = re.compile(r"(?:找到|共找到|检索到|共检索到|搜索到|命中)\s*[\d,]+\s*(?:条|篇|个|项|筆|笔)|"
                           r"[\d,]+\s*(?:条|篇|筆|笔)\s*(?:结果|记录|相关结果|检索结果)")
_GRID_HEADERS = ("题名", "篇名", "标题", "作者", "来源", "刊名", "发表时间", "发表日期", "日期", "数据库",
                 "被引", "下载", "操作", "年/期", "年期", "申请人", "发明人", "公开日", "申请日", "序号",
                 "影响因子", "阅读", "预览", "分享", "出版时间", "类型")


def is_table_row(text: str) -> bool:
    """A rendered table row, `| a | b |`: a figure or table panel, never running text."""
    return text.count("|") >= 2 and bool(_TABLE_ROW.match(text.strip()))


def is_prose(text: str) -> bool:
    """A Chinese sentence of some length: the surest evidence of article text."""
    n = cjk_count(text)
    return n >= 20 and n >= 0.4 * len(text.replace(" ", "")) and bool(_SENTENCE_PUNCT.search(text)) \
        and not is_table_row(text)


_TRUNCATED = re.compile(r"(?:\.{3,}|…+)\s*$")


def is_teaser(text: str) -> bool:
    """`• K.J 副主任医师---…晋职是迄今为止我所合作过最为专...`: an item of a list, cut short
    with an ellipsis. Prose, but a card's teaser, not the article running on."""
    return bool(_TRUNCATED.search(text)) and bool(re.match(r"^\s*[•·●◆■▪►\-*]", text))


def is_sentence(text: str) -> bool:
    """A complete Chinese sentence, however short (因为…，并放到excel中保存。)."""
    return cjk_count(text) >= 8 and bool(re.search(r"[。！？!?]\s*$", text)) and not is_table_row(text)


def is_section_heading(text: str) -> bool:
    """一、引言 / 1.1 研究背景 / 第二章 …: numbered article headings."""
    t = text.strip()
    return len(t) <= 40 and bool(_ENUMERATED_HEADING.match(t)) and not _FULL_STOP.search(t)


def is_site_notice(text: str) -> bool:
    f = match_form(text)
    strong = sum(1 for w in _NOTICE_STRONG if w in f)
    weak = sum(1 for w in _NOTICE_WEAK if w in f)
    if len(f) > 160:
        # A long line (a whole document copied as one line) names such words in passing.
        return strong >= 2 and strong + weak >= 3 + len(f) // 100
    return strong >= 1 and strong + weak >= 3


_YEARISH = re.compile(r"(?:19|20)\d{2}|民國?\s*\d{1,3}\s*年|民\d{1,3}")
_BIB_MARKS = re.compile(r"[页頁]\s*\d|pp?\.\s*\d|出版社|书局|書局|编者|編者|[\[(（]\s*[jmdc]\s*[\])）]", re.I)


def is_bibliography(text: str) -> bool:
    """A run of references on one line: years and page spans or publishers, again and again."""
    return len(_YEARISH.findall(text)) >= 4 and len(_BIB_MARKS.findall(text)) >= 3


_CLAUSE_BREAK = re.compile(r"[,，;；]")
_TOC_ENTRY = re.compile(r"(?<![\d.])\d{1,2}(?:\.\d{1,2})+\s*[\u4e00-\u9fff]")
_TOC_WORD = re.compile(r"目\s*[录錄]\s*(?:[:：]\s*)?"
                       r"(?:\d|第|[一二三四五六七八九十]+\s*[、.]|摘\s*要|引\s*言|绪\s*论|前\s*言)")


# An entry's dot leader: long, or short with its page number, or set off by a space (the
# entry cut by the page's end). A short run glued to the text is a sentence's ellipsis
# (…… is `......` once NFKC-folded).
_TOC_LEADER = re.compile(r"^[^。；;!?！？]{1,60}?(?:[.…·]{8,}\s*\d{0,4}|[.…·]{3,}\s*\d{1,4}|\s[.…·]{3,})\s*$")


def is_table_of_contents(text: str) -> bool:
    """`…的开发目录1 绪论11.1 开发背景11.2 …`: a contents list flattened to one line, numbered
    headings with their page numbers run in; or one entry with its dot leader
    (`(一)、安检人员的概念 ........ 4`). A document's outline, not its text."""
    # Prose: a full stop, or the clauses of a sentence (texts typed with half-width
    # punctuation have no 。: `…分别为1.41倍和1.29倍,由此可知…` is not a contents list).
    if "。" in text[:200] or len(_CLAUSE_BREAK.findall(text[:200])) >= 3:
        return False
    if _TOC_LEADER.match(text):
        return True
    entries = len(_TOC_ENTRY.findall(text))
    return (entries >= 4 or (entries >= 2 and bool(_TOC_WORD.search(text)))) and after_contents(text) is None


def after_contents(text: str) -> str | None:
    """The article text a flattened page runs on with after its contents list
    (`…1.1.1 研究背景 以超临界脱脂…`), or None when the line is contents to its end."""
    entries = list(_TOC_ENTRY.finditer(text))
    if not entries:
        return None
    last = entries[-1]
    rest = text[last.end() - 1:]
    m = re.match(r"\S{0,12}\s+", rest)   # the last entry's own heading
    tail = rest[m.end():] if m else ""
    return tail.strip() if cjk_count(tail) >= 40 else None


def is_glued_menu(text: str) -> bool:
    """`论文首页哲学论文经济论文法学论文…`: menu items run together, one word over and over."""
    sq = squash(text)
    if len(sq) < 16 or _SENTENCE_PUNCT.search(sq):
        return False
    grams: dict[str, int] = {}
    for i in range(len(sq) - 1):
        grams[sq[i:i + 2]] = grams.get(sq[i:i + 2], 0) + 1
    top = max(grams.values())
    return top >= 4 and top * 2 >= 0.3 * len(sq)


def is_spaced_out(text: str) -> bool:
    """`立 政 治 大 學`, `N a tio na`: a watermark or letter-spaced chrome, one glyph a token."""
    tokens = text.split()
    if len(tokens) < 4:
        return False
    return sum(len(x) for x in tokens) / len(tokens) <= 2.0 and max(len(x) for x in tokens) <= 6


def is_result_counter(text: str) -> bool:
    f = match_form(text)
    return len(f) <= 80 and bool(_RESULT_COUNT.search(f))


def is_grid_header(text: str) -> bool:
    """A result grid's header row: 序号 题名 作者 来源 发表时间 数据库 被引 下载."""
    f = match_form(text)
    if len(f) > 80:
        return False
    cells = [c for c in re.split(r"[\s\t|]+", f) if c]
    return len(cells) >= 4 and sum(1 for c in cells if c in _GRID_HEADERS) >= 3


def strip_title_repeat(text: str, title_sq: str) -> str | None:
    """What is left of a line once the page's title is taken out of it, or None when the
    line does not hold the title. `标题_第2页` → `_第2页`; `《标题.docx》由会员分享…` → the rest."""
    if len(title_sq) < 4:
        return None
    sq = squash(text)
    pos = sq.find(title_sq)
    if pos < 0:
        return None
    return sq[:pos] + sq[pos + len(title_sq):]


# --------------------------------------------------------------------------- citation line

_CITATION = re.compile(
    r"^(?:(?:引用本文|引用格式|本文引用格式|引文格式|文章引用|引用|citation|cite\s+this\s+article)\s*[:：]?\s*)?"
    r"(?P<authors>[^.．\[\]:：。]{2,160}?)\s*[.．]\s*(?P<title>[^\[\]]{4,240}?)\s*"
    r"\[(?:j|j/ol|d|c|m|n)\]\s*[.．]?\s*(?P<journal>[^,，.．\[\]\d]{2,60}?)\s*[,，.．]\s*"
    r"(?P<year>(?:19|20)\d{2})", re.I)
_NUMBERED = re.compile(r"^\s*(?:[\[【(（]\s*\d{1,3}\s*[\]】)）]|\d{1,3}\s*[.、．)）](?!\d))")


@dataclass
class Citation:
    authors: str
    title: str
    journal: str
    year: int
    index: int


def citation_of(text: str, index: int) -> Citation | None:
    """`作者. 题名[J]. 刊名, 2021, …` (the page citing itself), None for anything else.
    A numbered line is an entry of a reference list, another paper."""
    t = unicodedata.normalize("NFKC", text).strip()
    if _NUMBERED.match(t):
        return None
    m = _CITATION.match(t)
    if not m:
        return None
    return Citation(m.group("authors").strip(), m.group("title").strip(), m.group("journal").strip(),
                    int(m.group("year")), index)


# --------------------------------------------------------------------------- title

@dataclass
class LineFacts:
    """What the label pass knows of a line, handed in so this module needs no label tables."""
    text: str
    skip: bool = False        # chrome, nav, boilerplate, a heading of a list: never a title
    label: str | None = None  # the field of a label that starts the line
    author: bool = False      # reads as an author line
    affiliation: bool = False
    marker: bool = False      # a body marker (论文部分内容阅读) or the abstract label: the head is over


@dataclass
class TitleChoice:
    text: str
    index: int
    score: float
    joined: bool = False   # the whole of a line that joins the title to its authors


_PAPER_FIELDS = ("authors", "abstract", "keywords", "source", "uploader", "citations")


def _sub_candidates(text: str, is_author) -> list[tuple[str, float, bool]]:
    """(candidate, penalty, joined) from one line: the whole and its parts. Beside a part
    that names the authors (`谢 静 韩双淼 | 题名`), the other part is the candidate, and the
    whole line is `joined`: never preferred as the fuller form of the title."""
    t = _PAGE_STRIP.sub("", text.strip())
    parts = [p.strip() for p in _PARTS.split(t) if p.strip()]
    by_authors = len(parts) > 1 and any(is_author(p) for p in parts)
    out = [(t, 2.0 if by_authors else 0.0, by_authors)]
    if len(parts) > 1:
        out += [(p, 0.0 if by_authors else 0.5, False) for p in parts if not (by_authors and is_author(p))]
    head = re.split(r"[,，]", t, maxsplit=1)
    if len(head) == 2 and cjk_count(head[0]) >= 4:
        out.append((head[0], 0.0 if is_site_notice(head[1]) or "关键词" in match_form(head[1]) else 1.5, False))
    m = _LATIN_TAIL.match(t)
    if m and cjk_count(m.group("zh")) >= 4:
        out.append((m.group("zh").strip(), 0.0, False))
    for m in _BOOK.finditer(t):
        # 《标题.docx》由会员分享…: the book-title marks hold the title when the rest of the
        # line is the site talking; a title that quotes a book is not that book.
        rest = t[: m.start()] + t[m.end():]
        out.append((m.group(1), 0.5 if is_site_notice(rest) else 3.0, False))
    return out


def authors_beside_title(text: str, title: str, is_author) -> str | None:
    """The part of the title's own line that names its authors (`谢 静 韩双淼 | 题名`), if any."""
    parts = [p.strip() for p in _PARTS.split(_PAGE_STRIP.sub("", text.strip())) if p.strip()]
    if len(parts) < 2 or squash(title) not in {squash(p) for p in parts}:
        return None
    names = [p for p in parts if squash(p) != squash(title) and is_author(p)]
    return names[0] if len(names) == 1 else None


_CRUMB_SEPARATORS = (">", "›", "»")


def _is_crumb(sq: str, squashed: list[str], i: int) -> bool:
    """The text stands in a breadcrumb with a separator after it: a section of the site."""
    if len(sq) < 2:
        return False
    return any(j != i and any(sq + sep in s for sep in _CRUMB_SEPARATORS) for j, s in enumerate(squashed[:i + 12]))


def _repeats(sq: str, squashed: list[str], i: int) -> int:
    """Other lines that repeat a candidate as a title is repeated: as most of a short line
    (a heading again, `_第2页`, `.docx`), or where a line starts with it (a title glued to
    its table of contents). A word that recurs in running text is no title for that."""
    n = 0
    for j, s in enumerate(squashed):
        if j == i or sq not in s:
            continue
        if s.endswith(tuple(sq + sep for sep in _CRUMB_SEPARATORS)):
            continue   # 学术堂 > 体育论文 >: a category in the breadcrumb, not the page
        if len(s) <= 2 * len(sq) + 12 or s.startswith(sq) or ("《" + sq) in s:
            n += 1
    return n


def _in_brackets(text: str) -> bool:
    """The whole text is one bracketed aside: its first bracket closes at its very end."""
    if not text or text[0] not in "(（":
        return False
    depth = 0
    for k, ch in enumerate(text):
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth == 0:
            return k == len(text) - 1
    return False


def _shape_score(cand: str, cjk_page: bool) -> float | None:
    """How much a string looks like a title by itself; None when it cannot be one."""
    sq = squash(cand)
    n = len(sq)
    cjk = cjk_count(sq)
    if n < 4 or n > (100 if cjk else 250):
        return None
    if cand.rstrip().endswith((":", "：")):
        return None   # 请用此 Handle URI 来引用此文件: a lead-in to what follows
    if _in_brackets(cand.strip()):
        return None   # (重庆医科大学附属医院 402160): an aside in brackets, never a heading
    score = 0.0
    if cjk_page:
        if cjk < 3:
            score -= 2.0
        elif cjk / n < 0.4:
            score -= 1.0
    if 6 <= n <= 45:
        score += 1.0
    if _FULL_STOP.search(cand):
        score -= 3.0
    if len(re.findall(r"[,，;；]", cand)) >= 2:
        score -= 2.0
    if _DATEISH.search(cand):
        score -= 4.0
    if is_section_heading(cand):
        score -= 1.5
    if is_site_notice(cand) or is_result_counter(cand) or is_glued_menu(cand):
        score -= 5.0
    if re.match(r"^[•·\-–—*#>]", cand.strip()):
        score -= 1.0
    return score


# Titles are sought among the first TITLE_LINES lines; what follows a candidate is read
# up to FOLLOW_LINES further. Only those lines' facts are ever looked at (the rest of the
# page is read only for repetitions), so only they need computing.
TITLE_LINES = 60
FOLLOW_LINES = 5
FACT_LINES = TITLE_LINES + FOLLOW_LINES


def choose_title(facts: list[LineFacts], citation: Citation | None, *, limit: int = TITLE_LINES,
                 is_author=lambda text: False) -> TitleChoice | None:
    """The best-supported title line of a text copy, or None when no line is a title.
    ``is_author(text)`` tells whether a piece of a line is an author list."""
    squashed = [squash(f.text) for f in facts]
    cjk_page = sum(cjk_count(s) for s in squashed) >= 0.3 * max(1, sum(len(s) for s in squashed))
    cited = squash(citation.title) if citation else ""
    best: TitleChoice | None = None
    candidates: list[TitleChoice] = []
    prose_seen = 0
    for i, fact in enumerate(facts[:limit]):
        if fact.marker:
            break   # the abstract or the article starts: the title stands above
        if is_prose(fact.text) and not is_site_notice(fact.text) and not is_teaser(fact.text):
            prose_seen += 1
            if prose_seen >= 2:
                break
            continue
        if fact.skip or fact.label or fact.author:
            continue
        follow = [f for f in facts[i + 1: i + 1 + FOLLOW_LINES] if not f.skip][:3]
        after = 0.0
        if any(f.author or f.affiliation for f in follow):
            after += 3.0
        elif any(f.label in _PAPER_FIELDS for f in follow):
            after += 2.0
        elif follow and follow[0].label:
            after += 1.0
        if fact.affiliation:
            after -= 2.5
        if any(is_prose(f.text) and not is_site_notice(f.text) for f in facts[i + 1: i + 3]):
            after += 1.0
        for cand, penalty, joined in _sub_candidates(fact.text, is_author):
            shape = _shape_score(cand, cjk_page)
            if shape is None:
                continue
            sq = squash(cand)
            repeats = _repeats(sq, squashed, i)
            score = shape + after - penalty + 2.5 * min(repeats, 3) - 0.03 * i
            if _is_crumb(sq, squashed, i):
                score -= 3.0   # 新闻传播论文, a section in the breadcrumb (学术堂 > 新闻传播论文 >)
            # The cited title, a part of it, or it with a badge: not a line that holds the
            # whole citation.
            if cited and (sq == cited or (len(sq) >= 8 and (sq in cited or
                                                            (cited in sq and len(sq) <= len(cited) + 6)))):
                score += 4.0
            choice = TitleChoice(cand.strip(), i, score, joined=joined)
            candidates.append(choice)
            if best is None or score > best.score:
                best = choice
    if cited and CJK.search(cited) and (best is None or best.score < 4.0) and \
            not (best is not None and squash(best.text) in cited):
        # The page cites itself with a title that no line supports better.
        return TitleChoice(citation.title, -1, 4.0)
    if best is None or best.score < 1.0:
        return None
    # A fuller form of the best candidate that is nearly as well supported is the title
    # (`计算机系统结构_知识点测评` over its first part).
    sq = squash(best.text)
    fuller = [c for c in candidates if len(squash(c.text)) > len(sq) and sq in squash(c.text)
              and c.score >= best.score - 3.0 and c.score >= 1.0 and not c.joined]
    return max(fuller, key=lambda c: (c.score, len(c.text))) if fuller else best


# --------------------------------------------------------------------------- page kind

# What a journal's rules for authors speak of, and how they speak (folded forms).
_PAPER_PART = re.compile(r"题名|标题|摘要|关键词|参考文献|作者简介|正文|稿件|来稿|投稿|图表|注释|前言|引言|英文摘要")
_PRESCRIBES = re.compile(r"应|须|宜|不得|不超过|不宜|一般为|要求|请勿|务必|以\d+字|\d+\s*[~～—\-]\s*\d+\s*[个字词]")
# A teaser's link to the whole post, on a line of its own: (more...), 阅读更多, [详细].
_MORE_LINK = re.compile(r"^\s*[(（\[【]?\s*(?:more\s*\.{0,3}|read more|阅读更多|閱讀更多|查看详情|查看詳情|详细|詳細|"
                        r"阅读全文|閱讀全文|继续阅读|繼續閱讀)\s*[)）\]】]?\s*(?:>>|»)?\s*$", re.I)
# `…有帮助! [1]题名 摘要… [2]题名 …`: numbered items run into one line; a citation mark in
# running text (…研究[1]。) follows a word, an item number follows a space or a stop.
_INLINE_ITEM = re.compile(r"(?:^|[\s!！。.?？])\[(\d{1,2})\](?=[\u4e00-\u9fff])")
# A journal's rules for authors, named in the page's title.
GUIDELINES = re.compile(r"(?:投稿须知|投稿須知|投稿指南|稿约|稿約|征稿启事|徵稿啟事|征稿通知|格式要求|写作要求|"
                        r"撰写要求|撰寫要求|投稿要求|排版要求|格式规范|格式規範|写作规范|寫作規範)\s*$")


def _inline_items(text: str) -> int:
    """How many numbered items, counting 1, 2, 3… in order, a line runs together."""
    n = 0
    for m in _INLINE_ITEM.finditer(text):
        if int(m.group(1)) == n + 1:
            n += 1
    return n


# A step of a how-to: a control of the screen and what to do with it.
_UI_STEP = re.compile(r"(?:点击|单击|双击|点選|點擊|勾选|勾選|输入|輸入).{0,16}"
                      r"(?:按钮|按鈕|超链接|超連結|链接|連結|复选框|菜单|選單|图标|圖示|登录|登入|注册|註冊|提交|下一步)"
                      r"|如下图所示|如下圖所示")
_QUESTION = re.compile(r"^\s*(?:q\d{0,3}|问题?\s*\d{0,3}|問題?\s*\d{0,3})\s*[:：.、]\s*", re.I)


def list_page_reason(texts: list[str], label_counts: dict[str, int],
                     label_keys: list[tuple[str, str]] = ()) -> str | None:
    """Why this page is a list of results or records rather than one article, or None.

    ``label_counts`` counts the lines on which each label word stands: one article labels
    its abstract once; a result list labels fifty abstracts, uploaders or dates.
    ``label_keys`` are the (field, label word) of every label in page order: a list
    repeats its item's labels in the same order (上传时间, 上传用户, … 上传时间, 上传用户),
    even when the page is cut after two items."""
    for t in texts[:400]:
        if is_result_counter(t):
            return "a search-result page"
        if is_grid_header(t):
            return "a result grid"
    if sum(1 for n in label_counts.values() if n >= 3) >= 2 or _repeats_item_labels(list(label_keys)):
        return "a list of records"
    if sum(1 for t in texts if _QUESTION.match(t)) >= 2:
        return "a question-and-answer page"
    if sum(1 for t in texts if _MORE_LINK.match(t)) >= 2:
        return "a list of teasers"
    if any(_inline_items(t) >= 3 for t in texts):
        return "a list of teasers"
    rules = sum(1 for f in map(match_form, texts) if _PAPER_PART.search(f) and _PRESCRIBES.search(f))
    steps = [t for t in texts if _UI_STEP.search(t)]
    if rules < 3 and len(steps) < 3:
        return None
    prose = sum(1 for t in texts if cjk_count(t) >= 15)
    if rules >= 3 and 2 * rules >= prose:
        # 题名应准确概括全文主旨… / 关键词:选取3~8个…: rules for writing a paper, not one.
        return "submission guidelines"
    if len(steps) >= 3 and 2 * sum(1 for t in steps if cjk_count(t) >= 15) >= prose:
        # 点击"注册"超链接…如下图所示: most of the page walks a user through screens.
        return "a help page"
    return None


def _repeats_item_labels(keys: list[tuple[str, str]]) -> bool:
    """Two different labels, one of a paper's own fields (上传用户, 作者, 来源), that follow each
    other twice. A page's chrome repeats its panels too (下载, 页数, 大小), but those name no
    field of a paper."""
    pairs: dict[tuple, list[int]] = {}
    for i in range(len(keys) - 1):
        a, b = keys[i], keys[i + 1]
        if a[1] != b[1] and "meta" in (a[0], b[0]) and (a[0], b[0]) != ("meta", "meta"):
            pairs.setdefault((a[1], b[1]), []).append(i)
    return any(len(at) >= 2 and at[-1] - at[0] >= 2 for at in pairs.values())


def has_article_evidence(body_lines: list[str]) -> bool:
    """A body made only of fragments (dates, table residue, one-word lines) is what a
    landing page leaves behind; an article has at least one sentence or numbered heading,
    or several long lines (a code listing, a Latin-script article)."""
    if any(is_prose(b) or is_section_heading(b) for b in body_lines):
        return True
    return sum(1 for b in body_lines if len(b) >= 40 and not is_table_row(b)) >= 3


__all__ = ["CJK", "GUIDELINES", "Citation", "LineFacts", "TitleChoice", "after_contents", "authors_beside_title",
           "choose_title", "citation_of", "has_article_evidence", "is_grid_header", "is_prose", "is_result_counter",
           "is_section_heading", "is_site_notice", "is_spaced_out", "is_table_of_contents", "is_table_row",
           "list_page_reason", "strip_title_repeat"]


# ---- the publication year and issue -------------------------------------------------

_YEAR = r"(?P<year>(?:19|20)\d{2})"
_ISSUE_FORMS = [
    # 2013年第02期, 2013年 第2期, 2021年第24期158-159, 2016年05期
    re.compile(_YEAR + r"\s*年\s*(?P<issue>第?\s*\d{1,3}\s*期)"),
    # 2013, 39(1): 12-15 · 2013,39(1) · 2013年39卷(1)
    re.compile(_YEAR + r"\s*(?:[,，]|年)\s*(?P<issue>\d{1,4}\s*卷?\s*[(（]\s*\d{1,3}\s*[)）])"),
    # 2013(02) · 2013 (2)
    re.compile(_YEAR + r"\s*(?P<issue>[(（]\s*\d{1,3}\s*[)）])"),
    # Vol.39 No.1 2013 / 2013, Vol. 39, No. 1
    re.compile(r"(?P<issue>vol\.?\s*\d{1,4}\s*[,，]?\s*no\.?\s*\d{1,3})[\s,，.]*" + _YEAR, re.I),
    re.compile(_YEAR + r"[\s,，.]*(?P<issue>vol\.?\s*\d{1,4}\s*[,，]?\s*no\.?\s*\d{1,3})", re.I),
]
# A dated label: 发表时间 2015-03-02, 出版日期：2015年3月, 年份: 2015.
_DATED = re.compile(r"(?:发表|发布|出版|刊出|见刊|上线)(?:时间|日期|年份)|年份|出版年|publication date|published",
                    re.I)
_BARE_YEAR = re.compile(r"(?<!\d)" + _YEAR + r"(?:\s*年|[-/.]\d{1,2}|(?!\d))")
# Where a journal's year and issue stand: a source or issue line, a dated label.
_META_LABEL = re.compile(r"(?:来源|出处|期刊|刊名|年卷期|刊期|卷期|文献来源|所属期刊|出版物|source|journal)", re.I)
_META_LINES = 80


def year_issue(lines: list[str], source: str | None = None) -> tuple[int | None, str | None]:
    """The publication year and the issue as shown, from the page's meta lines: the
    first ``_META_LINES`` lines that carry a source or issue label, the journal's name,
    or a dated label (发表时间 …). A year in running text ("该奖设立于1990年") is not one."""
    year = None
    for text in lines[:_META_LINES]:
        if len(text) > 200:
            continue
        compact = re.sub(r"\s+", "", text)   # 出  处 is 出处
        meta = bool(_META_LABEL.search(compact)) or bool(source and source in text)
        if meta or _looks_like_issue_line(text):
            for form in _ISSUE_FORMS:
                m = form.search(text)
                if m:
                    return int(m.group("year")), re.sub(r"\s+", "", m.group("issue")) or None
        if year is None and (meta or _DATED.search(compact)):
            m = _BARE_YEAR.search(text)
            if m:
                year = int(m.group("year"))
    return year, None


_ISSUE_LINE = re.compile(r"^\s*(?:[^\s\d]{2,30}\s*)?" + _YEAR + r"\s*[年,，(（]")


def _looks_like_issue_line(text: str) -> bool:
    """A short line that is mostly a journal's issue: 2021年第24期158-159,共2页."""
    return len(text) <= 60 and bool(_ISSUE_LINE.match(text))
