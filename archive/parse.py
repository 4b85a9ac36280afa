"""Text → record: the label-driven page parser.

Both forms of page become a list of ``Line``s first — HTML through ``blocks.render``
(visible blocks, with structure), plain-text copies line by line — and then one parser
reads them the way a person does:

* the **title** is the page heading (for HTML, the heading that matches ``<title>``);
* **fields** come from labels (来源 / 被引量 / 上传用户 / 作者 / 关键词 / 摘要 ..., see
  ``labels.py``) wherever they stand, and from a "journal 2021年 第07期" issue line;
* the **body** is what follows the title's metadata block, minus labels, metadata lines,
  chrome and boilerplate, up to the references or the end of the article;
* **related** items are the entries under an other-literature heading, without their
  numbering, category labels or per-item metadata.

Nothing here is keyed to one site's markup: the rules are about text and structure.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass, field, replace

from . import evidence as E
from . import labels as L
from .blocks import HtmlPage, Line, render
from .record import Record, RelatedItem
from .regex import prefiltered
from .textform import cjk_ratio as _cjk_ratio
from .textform import CJK, LATIN, PINYIN_GLOSS, PINYIN_SYLLABLE, line_form, match_form, simplified, squash
from .textform import latin_ratio as _latin_ratio

# --------------------------------------------------------------------------- text helpers

_WS = re.compile(r"\s+")
_INDENT = re.compile(r"^[\s\u3000\xa0]+")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _spaced_alternation(words) -> str:
    """Regex matching any of ``words`` (squashed: no spaces) as sites may space them
    out (摘 要, 关 键 词), the longest first.

    Written as a trie — words sharing a first character share one branch — because
    Python's regex engine tries an alternation's branches one by one: where a label
    could start (archive.regex), two hundred labels as a flat list cost two hundred
    tries."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}   # a word ends here

    def branch(node: dict) -> str:
        alts = []
        for ch in sorted(k for k in node if k):
            child = node[ch]
            if any(child.keys() - {""}):
                # Greedy, so a longer label wins over its prefix (as longest-first would).
                # A space, or a "?" where a text copy lost a non-breaking space (摘?要).
                alts.append(re.escape(ch) + r"(?:[\s?]*" + branch(child) + ")" + ("?" if "" in child else ""))
            else:
                alts.append(re.escape(ch))
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return branch(root)


_FIELD_OF: dict[str, str] = {}
for _field, _words in L.FIELD_LABELS.items():
    for _w in _words:
        _FIELD_OF[squash(_w)] = _field
for _w in L.META_LABELS:
    _FIELD_OF.setdefault(squash(_w), "meta")

_LABEL_WORDS = sorted(_FIELD_OF, key=len, reverse=True)
# A label at the start of a line or after a separator, wrapped in optional brackets,
# followed by a colon (or a tab: table cells). Matched on folded text.
_LABEL_ALT = _spaced_alternation(_LABEL_WORDS)
# Either after a separator (then a colon, a tab or the end of the line may follow), or
# glued to the previous inline element (<span>上传者：x</span><span>上传时间：y</span>)
# and then only with a colon.
_CITATION_ALT = _spaced_alternation(squash(w) for w in L.FIELD_LABELS["citations"])
# 摘要(Abstract): / 通讯作者(责任作者): / 研究生(外文): — a gloss in brackets before the colon.
_LABEL_GLOSS = r"(?:\s*[(（][^()（）:：\[\]]{1,16}[)）])?"
_LABEL_RE = prefiltered(
    r"(?:(?:^|(?<=[\s|｜;；,，]))[\[【〔(（]?\s*(" + _LABEL_ALT
    # "被引用被引用:2": an icon's text and the label, the same word twice.
    + r")(?:\s*\1)?\s*[\]】〕)）]?" + _LABEL_GLOSS + r"\s*(?:[:：]|\t|(?=\s*$))"
    + r"|(?<=[^\s|｜;；,，a-z])(" + _LABEL_ALT + r")" + _LABEL_GLOSS + r"\s*[:：]"
    # "被引用 12 次": a count needs no colon.
    + r"|(?:^|(?<=[\s|｜;；,，]))(" + _CITATION_ALT + r")\s*(?=\d+\s*次)"
    # "…具有重大意义。[关键词]明清档案": a label in brackets needs no colon, wherever it stands.
    + r"|[\[【〔]\s*(" + _LABEL_ALT + r")\s*[\]】〕]\s*[:：]?)"
)
_BRACKETED_LABEL = re.compile(r"^[\[【〔(（]\s*(" + _LABEL_ALT + r")\s*[\]】〕)）]")

_BOILER_RE = prefiltered("|".join(f"(?:{p})" for p in L.BOILERPLATE_PATTERNS))


def _heading_set(words) -> frozenset[str]:
    return frozenset(squash(w) for w in words)


_RELATED = _heading_set(L.RELATED_HEADINGS)
_NOT_SOURCES = _heading_set(L.NOT_SOURCES)
_SITE_LISTS = _heading_set(L.SITE_LIST_HEADINGS)
_END = _heading_set(L.END_OF_ARTICLE)
_MARKERS = _heading_set(L.BODY_MARKERS)
_CATEGORIES = _heading_set(L.CATEGORY_LABELS)
_ANY_HEADING = _RELATED | _SITE_LISTS | _END | _MARKERS | _CATEGORIES
# The unions asked for line after line, made once: a new frozenset per call is hashed
# anew as _is_heading_text's cache key.
_SECTION_HEADINGS = _RELATED | _SITE_LISTS | _END | _MARKERS
_ITEM_LABELS = _CATEGORIES | _RELATED
_HEAD_DECOR = re.compile(r"^[\s\[【〔<《(（■□●◆◇▶►>·•\-—_=#*]+|[\s\]】〕>》)）:：■□●◆◇◀<·•\-—_=#*]+$")
_HEAD_TRAIL = re.compile(r"(更多|more|换一换|查看更多|>>|»|›|[(（]\s*\d+\s*[)）]|共\s*\d+\s*[条篇])+$")

_ISSUE_RE = re.compile(
    r"^(?P<journal>[^\d|:：,，。;；]{2,40}?)\s*[,，.]?\s*(?:(?:19|20)\d{2})\s*(?:年|,|，)?\s*"
    r"(?:第?\s*\d+\s*[期卷]|\d+\s*\(|vol|no|\(\s*\d+\s*\)|[,，]\s*\d)")
_YEAR_CUT = re.compile(r"\s*[,，.．]?\s*(?:(?:19|20)\d{2}\s*(?:年|\(|,|，|\.|$)|第\s*\d+\s*期|vol\b|no\b|\(\d+\)).*$",
                       re.I)
_DIGITS = re.compile(r"\d+")
_NUMBERING = re.compile(r"^\s*(?:[\[【(（]\s*\d{1,3}\s*[\]】)）]|\d{1,3}\s*[.、．)）](?!\d))\s*")
_ITEM_META = re.compile(
    r"(?:\s*[\[(（]?\s*\d+\s*(?:页|頁|p|pages?)\s*[\])）]?"
    r"|\s+\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?"
    r"|\s*[(（]\s*(?:19|20)\d{2}\s*[)）])\s*$", re.I)
_GLUED_YEAR = re.compile(r"[.．,，]\s*(?:19|20)\d{2}\s*$")
_REFERENCE_LINE = re.compile(r"\[(?:j|m|d|c|n|p|r|s|z|a|g|eb/ol|j/ol|db/ol)\]", re.I)
_SENTENCE_PUNCT = re.compile(r"[。！？；;!?]")
_CJK = CJK
_LATIN = LATIN
_TITLE_SPLIT = re.compile(r"\s+[-_|–—·:：]+\s+|\s*[|｜_–—]+\s*|\s+-\s*|-\s+")
_FILE_SUFFIX = re.compile(r"\.(?:" + "|".join(L.FILE_SUFFIXES) + r")\s*$", re.I)
_BRACKETED_BADGE = r"[\[【〔(（]\s*(?:" + _alternation(L.TITLE_BADGES + L.TITLE_TYPE_MARKS) + r")\s*[\]】〕)）]"
_BADGE_RE = re.compile(
    r"^(?:" + _BRACKETED_BADGE + r"\s*)+|(?:\s*" + _BRACKETED_BADGE + r")+\.?$"
    r"|\s*\*+\s*$|^\s*\*+\s*"
    r"|\s+(?:" + _alternation(L.TITLE_BADGES) + r")\s*$", re.I)
_GENERIC_META = re.compile(r"^[^\s:：]{1,8}\s*[:：]\s*[\d\s,.\-/:：年月日时分秒次页kmgb%]{1,24}$", re.I)
_CHROME_TOKEN_SPLIT = re.compile(r"\s*[|｜/·•]\s*|\s+")
_AUTHOR_SPLIT = re.compile(r"\s*[,，;；、/]\s*|\s{2,}|\t")
_AUTHOR_MARKS = re.compile(r"[\d*＊†‡#§¶,，△▲☆★※]+$")
_NAME_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,3}[·•][\u4e00-\u9fff]{1,8}"
                      r"|[A-Z][a-zA-Z'\-]+(?:\s+[A-Z][a-zA-Z'\-.]*){1,3})$")
_KEYWORD_SPLIT_STRONG = re.compile(r"[;；,，、]")
_LONE_BADGES = frozenset(line_form(b) for b in L.TITLE_BADGES)
_LOOSE_LABEL = re.compile(r"^[^\s:：,，。;；]{1,10}\s*[:：]")
_SENTENCE_END = re.compile(r"[。.!?！？]\s*$")
_WORDY = re.compile(r"[\w\u3400-\u9fff]")
_SITE_LIST_PREFIX = re.compile(r"^(?:" + "|".join(re.escape(w) for w in L.SITE_LIST_HEADINGS) + r")\s*[:：]")
_EDGE_PUNCT = " \t;；,，、.。:：·•|｜-—"


@lru_cache(maxsize=65536)  # the same short lines (headings, nav, labels) recur page after page
def _is_heading_text(fold_text: str, table: frozenset[str]) -> bool:
    t = _HEAD_TRAIL.sub("", fold_text.strip())
    t = _HEAD_TRAIL.sub("", _HEAD_DECOR.sub("", t))
    t = _HEAD_DECOR.sub("", t)
    return squash(t) in table


# --------------------------------------------------------------------------- fields

def _label_key(label: str) -> str:
    """The table key of a matched label: squashed, without a lost-space "?" (摘?要)."""
    return squash(label).replace("?", "")


@lru_cache(maxsize=16384)   # asked of the same line by the label-form, title and main passes
def label_spans(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """(field, label, start, end) of every label occurrence in a line, in order."""
    spans = []
    for m in _LABEL_RE.finditer(match_form(text)):
        key = _label_key(m.group(1) or m.group(2) or m.group(3) or m.group(4))
        spans.append((_FIELD_OF.get(key, "meta"), key, m.start(), m.end()))
    return tuple(spans)   # cached: shared by every caller, so immutable


_LEAD = re.compile(r"^[\s•·●◆■▪►\-*]*")


def leads_with_label(text: str, spans) -> bool:
    """The line starts with a label: at most a bullet or two characters before it, or the
    date a news-style meta line opens with (2021-07-23 来源:《中国科技期刊研究》)."""
    if not spans:
        return False
    lead = _LEAD.match(text).end()
    dated = _LEADING_DATE.match(text, lead)
    if dated:
        lead = len(text) - len(text[dated.end():].lstrip())   # the date and the space after it
    return spans[0][2] <= max(2, lead)


def split_fields(text: str) -> list[tuple[str, str]]:
    """A label line → [(field, value)], each value running to the next label or separator.

    NFKC leaves string lengths alone for CJK text and ASCII, so offsets from the folded
    text index the original well enough; values are re-normalised by the field cleaners.
    """
    norm = unicodedata.normalize("NFKC", text)
    if len(norm) != len(text):
        text = norm
    spans = label_spans(text)
    out = []
    for i, (fld, _key, _s, e) in enumerate(spans):
        end = spans[i + 1][2] if i + 1 < len(spans) else len(text)
        out.append((fld, text[e:end]))
    return out


_PUBLISHED_IN = re.compile(r"^\(?\s*(?:原?(?:发表|刊登|刊载|登载)于|原载于?|载于|刊于|见于)\s*")
_URLISH = re.compile(r"^\s*(?:https?://|www\.)", re.I)


# A website's own name: every part of it ends in 网 (网站, 门户网), as no journal's does.
_WEBSITE_NAME = re.compile(r"^(?:[^·•/|]*(?:网|網|网站|網站)\s*[·•/]\s*)*[^·•/|]*(?:网|網|网站|網站)$")


def clean_source(value: str) -> str | None:
    v = value.strip().strip(_EDGE_PUNCT)
    v = re.split(r"\s*[|｜\t]\s*", v)[0]
    v = _PUBLISHED_IN.sub("", v)   # 发表于《人文地理研究》2016年第2期
    if _URLISH.match(v):
        return None   # 转载请注明出处:http://…: where to find the page, not a journal
    m = re.match(r"^[《〈<]([^》〉>]{1,60})[》〉>]", v)
    if m:
        v = m.group(1)
    else:
        v = _YEAR_CUT.sub("", v)
        v = re.split(r"\s{2,}", v)[0]
    v = v.strip().strip("《》〈〉<>「」『』").strip(_EDGE_PUNCT + "›»>")   # 中国管理科学 ›› 2026, Vol. 34
    if not v or len(v) > 50 or not (_CJK.search(v) or _LATIN.search(v)):
        return None
    if squash(v) in _NOT_SOURCES:
        return None   # 来源:网络收集: the site's note on where it got the file, not a journal
    if _WEBSITE_NAME.search(v):
        return None   # 来源:中国网·中国发展门户网: the portal that shows the page, not a publication
    return v


def clean_citations(value: str) -> int | None:
    m = _DIGITS.search(unicodedata.normalize("NFKC", value))
    return int(m.group()) if m else None


def clean_uploader(value: str) -> str | None:
    v = value.strip().strip(_EDGE_PUNCT)
    v = re.split(r"[|｜\t]|\s", v)[0].strip(_EDGE_PUNCT) if v else ""
    return v or None


_ENGLISH_TAIL = re.compile(r"\s*/\s*[A-Za-z].*$")


_GLUED_ENGLISH_BLOCK = re.compile(r"(?<=[\u4e00-\u9fff])(?=abstract|key\s*words|keywords)", re.I)


def clean_keywords(value: str) -> list[str]:
    v = _ENGLISH_TAIL.sub("", value.strip())   # 明清档案 学术研究 / Ming and Qing archives; …
    v = _GLUED_ENGLISH_BLOCK.split(v, maxsplit=1)[0]   # 发展现状;平潭AbstractBy using…
    parts = _KEYWORD_SPLIT_STRONG.split(v) if _KEYWORD_SPLIT_STRONG.search(v) else v.split()
    out = []
    for p in parts:
        p = _WS.sub(" ", p).strip().strip(_EDGE_PUNCT)
        if p and p not in out and len(p) <= 40:
            out.append(p)
    return out


def _author_tokens(v: str) -> list[str]:
    """Split an author line; single spaces separate CJK names too (王伟 李强), but a
    spaced-out two-character name (苗 红) comes back as two one-character tokens."""
    out = []
    for t in _AUTHOR_SPLIT.split(v):
        t = t.strip()
        if not t:
            continue
        if " " in t and _CJK.search(t):
            out.extend(p for p in t.split(" ") if p)
        else:
            out.append(t)
    return out


def _with_glosses(name: str, line: str) -> str:
    """The name as written on the line, pinyin glosses included (劉學 → 劉學(xué)): a
    converter's gloss is kept in the name as the page shows it."""
    pat = r"\s*".join(re.escape(c) + r"(?:\s*\(" + PINYIN_SYLLABLE + r"\))?" for c in name)
    m = re.search(pat, line)
    return re.sub(r"\s+", "", m.group()) if m else name


_ROLES = frozenset(L.AUTHOR_ROLES)


def clean_authors(value: str) -> list[str]:
    """Person names from an author line: no superscripts, affiliations or separators."""
    v = unicodedata.normalize("NFKC", value).strip()
    if PINYIN_GLOSS.search(v):
        return [_with_glosses(n, v) for n in clean_authors(PINYIN_GLOSS.sub("", v))]
    v = re.sub(r"[(（][^)）]{0,40}[)）]", " ", v)       # (affiliation), (1.xx大学)
    # 江雨莲、孙激:四川大学华西第二医院…: the names, then where they work; and each author
    # with a workplace of their own, 孙倩倩*:延安大学,陕西 延安;周晓玲#:西安交通大学…
    people = []
    for part in re.split(r"[;；]", v):
        names_then, colon, rest = (re.split(r"([:：])", part, maxsplit=1) + ["", ""])[:3]
        cut = colon and any(w in simplified(rest) for w in L.AFFILIATION_WORDS if len(w) > 1)
        people.append(names_then if cut else part)
        if not cut:
            break
    else:
        v = "、".join(people)
    tokens = _author_tokens(v)
    names: list[str] = []
    pending = ""
    for tok in tokens:
        tok = _AUTHOR_MARKS.sub("", tok.strip()).strip()
        tok = re.sub(r"^\d+", "", tok).strip()
        if not tok:
            continue
        if len(tok) == 1 and _CJK.match(tok):
            # "苗 红": a two-character name spaced out for layout.
            if pending:
                names.append(pending + tok)
                pending = ""
            else:
                pending = tok
            continue
        if pending:
            pending = ""
        folded = simplified(tok)
        if any(w in folded for w in L.AFFILIATION_WORDS if len(w) > 1):
            continue
        if _NAME_RE.match(tok) and tok not in L.HEADING_WORDS and simplified(tok) not in _ROLES:
            names.append(tok)
    return list(dict.fromkeys(names))


_NOTICE_HEADING = re.compile(
    r"^\s*(?:友情提示|温馨提示|特别提示|下载须知|下载说明|下载提示|溫馨提示|友情提醒)\s*[:：]?\s*$")
_ENUMERATED = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十]+[、.)）]|[(（]?\d+(?:\.\d+)*[、.)）\s])")


def looks_like_author_line(text: str) -> bool:
    v = unicodedata.normalize("NFKC", text).strip().rstrip(";；,，")   # 温成荣; 盧勝男;
    v = PINYIN_GLOSS.sub("", v)
    if not v or len(v) > 80 or _SENTENCE_PUNCT.search(v) or ":" in v or "：" in v:
        return False
    if _ENUMERATED.match(v) or "\t" in v or _is_heading_text(v.lower(), _ANY_HEADING):
        return False   # "一、引言", "1 引言", "参考文献": a section heading; a table row
    names = clean_authors(v)
    if not names or any("的" in n for n in names):
        return False   # 论亚当·斯密的帝国思想: a title; no name holds 的
    # Every token must be a name: otherwise this is a heading or a sentence.
    tokens = _author_tokens(re.sub(r"[(（][^)）]*[)）]", " ", v))
    bare = [re.sub(r"^\d+", "", _AUTHOR_MARKS.sub("", t.strip())) for t in tokens]
    bare = [b for b in bare if b and simplified(b) not in _ROLES]   # 吴 珩 综述: a role, not a word
    if any(w in b.lower() for b in bare for w in L.CHROME_WORDS) or \
            any(squash(b) in _CATEGORIES for b in bare):
        return False   # 首页 期刊论文 登录: a menu, not people
    joined = "".join(names)
    if len(names) == 1 and len(names[0]) == 4 and _CJK.match(names[0]) and len(bare) == 1:
        return False   # 编者的话, 研究进展: a lone four-character word is rarely a person
    if all(len(n) == 4 and _CJK.match(n) for n in names):
        return False   # 毕业论文(设计)开题报告: four-character words, not a list of people
    return len("".join(bare)) <= len(joined) + 1


def looks_like_affiliation(text: str) -> bool:
    v = simplified(PINYIN_GLOSS.sub("", unicodedata.normalize("NFKC", text))).strip().strip("()（）[]")
    if len(v) > 160 or re.search(r"[。！？!?]", v):
        return False
    v = re.sub(r"^(?:[\[(（]?\d+[\])）]?|[\s.,、*])+", "", v)
    if not (any(w in v.lower() for w in L.AFFILIATION_WORDS if len(w) > 1) and
            bool(_INSTITUTION.search(v)) and all(len(part) < 60 for part in re.split(r"[;；]", v))):
        return False
    # An address, not a title that names an institution (大学生…, …研究所群组…平台): a
    # postal code, or a part that ends with the institution (and perhaps its city).
    if re.search(r"(?<!\d)\d{6}(?!\d)", v):
        return True
    parts = [p.strip(" ,，;；.、*()（）") for p in re.split(r"[;；,，]|\s{2,}", v) if p.strip()]
    return any(_INSTITUTION_END.search(p) for p in parts)


_INSTITUTION = re.compile(r"(大学|学院|研究所|研究院|中心|实验室|医院|公司|university|college|institute)", re.I)
_INSTITUTION_END = re.compile(
    r"(?:大学|学院|研究所|研究院|研究中心|中心|实验室|医院|公司|集团|学校|中学|小学|科学院|学系|系|科|所|部|馆|局|站)"
    r"(?:\s*[\u4e00-\u9fff]{2,3}(?:省|市)?)?$|(?:university|college|institute|hospital|school|academy)\b", re.I)


_TITLE_TAG_PREFIX = re.compile(r"^(?:\[[^\[\]]{1,6}\]|【[^【】]{1,6}】)\s*(?=\S{4})")


_COLLECTION_MARK = re.compile(r"\s*(?:[(（]\s*(?:通用|精选|精選|优选|热门|推荐)?\s*"
                              r"[\d一二三四五六七八九十]{1,3}\s*篇\s*[)）]"
                              r"|篇\s*[\d一二三四五六七八九十]{1,3}|(?:精选|精選)\s*[(（]?[\d一二三四五六七八九十]{1,3}\s*篇[)）]?)$")
_FILE_NUMBER = re.compile(r"^\d{1,5}[.、]\s*(?=[\u4e00-\u9fff]{4})")


@lru_cache(maxsize=8192)   # each line is a title candidate for several passes
def clean_title(text: str) -> str:
    t = _WS.sub(" ", text).strip()
    t = _TITLE_TAG_PREFIX.sub("", t)   # [论文分享] 标题, 【转载】标题: a board's thread tag
    t = _FILE_NUMBER.sub("", t)        # 517.西方中世纪战争史研究.doc: a library's file number
    t = _COLLECTION_MARK.sub("", t) or t   # …主体性(通用7篇), …主体性 篇1: a collection's marks
    for _ in range(3):
        before = t
        t = _FILE_SUFFIX.sub("", t).strip()
        t = _BADGE_RE.sub("", t).strip()
        if t == before:
            break
    return t


# --------------------------------------------------------------------------- classification

@dataclass
class _Fields:
    source: str | None = None
    citations: int | None = None
    uploader: str | None = None
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    abstract: str | None = None
    issue_source: str | None = None
    title: str | None = None
    authors_guessed: bool = False
    keywords_early: bool = False      # the keywords were found above any abstract


def is_boilerplate(line: Line, f: str) -> bool:
    if _BOILER_RE.search(f):
        return True
    return is_chrome_row(f)


def is_chrome_row(f: str) -> bool:
    tokens = [t for t in _CHROME_TOKEN_SPLIT.split(f) if t]
    if not tokens or any(len(t) > 10 for t in tokens):
        return False
    # A button is its word and little more (下载, 下载(12), pdf下载, 查看更多>>);
    # 多个作者引用 is a phrase that names a chrome word.
    chrome = sum(1 for t in tokens if any(w in t and len(re.sub(r"\W", "", t)) <= len(w) + 3
                                          for w in L.CHROME_WORDS))
    return chrome >= max(1, (len(tokens) + 1) // 2) and len(tokens) <= 12


def is_nav_row(f: str) -> bool:
    """Breadcrumbs and menus: several short tokens, no sentence."""
    if _SENTENCE_PUNCT.search(f) or re.search(r"[,，]", f):
        return False
    if re.search(r"\s[>›»/]\s", f) or f.count(">") >= 2 or f.count("»") >= 1:
        return True
    tokens = [t for t in _CHROME_TOKEN_SPLIT.split(f) if t]
    return len(tokens) >= 4 and all(len(t) <= 6 for t in tokens)


# --------------------------------------------------------------------------- the parser

@dataclass
class _Section:
    kind: str          # "related" | "site"
    start: int         # index of the heading line
    members: set[int]  # line indices that belong to it (HTML), empty for text copies


def _glued_title_part(text_sq: str, parts) -> str | None:
    """The <title> part a heading shows with a badge or toggle glued on (2016年总目录简)."""
    for part in parts:
        if len(part) >= 4 and text_sq.startswith(part) and 0 < len(text_sq) - len(part) <= 2:
            return part
    return None


def _find_title(lines: list[Line], title_tag: str) -> int | None:
    """Index of the title line, or None."""
    if title_tag:
        tt = squash(clean_title(title_tag))
        parts = {squash(clean_title(s)) for s in _TITLE_SPLIT.split(title_tag) if s.strip()}
        best, best_score = None, 0.0
        for ln in lines[:400]:
            if not ln.heading and len(ln.text) > 200:
                continue
            t = squash(clean_title(ln.text))
            if len(t) < 2:
                continue
            if t in parts or (len(t) >= 4 and tt.startswith(t)) or _glued_title_part(t, parts):
                score = len(t) + (50 if ln.heading else 0) + (10 if ln.heading == 1 else 0)
                if ln.link_ratio > 0.5:
                    score -= 40
                if score > best_score:
                    best, best_score = ln.index, score
        if best is not None:
            return best
    for level in (1, 2, 3):
        for ln in lines:
            if ln.heading == level and len(ln.text) >= 2 and ln.link_ratio < 0.5 \
                    and not _is_heading_text(line_form(ln.text), _SECTION_HEADINGS):
                return ln.index
    # Text copies (and HTML with no heading at all). The title stands just above the
    # metadata block (labels, authors, affiliations); menus and the site's name stand
    # above it. Without a metadata block near the top, take the first title-like line.
    candidates: list[int] = []
    for ln in lines[:40]:
        f = line_form(ln.text)
        spans = label_spans(ln.text)
        if leads_with_label(ln.text, spans):
            if candidates:
                return candidates[-1]
            continue
        if len(f) < 4 or len(f) > 120 or is_boilerplate(ln, f) or is_nav_row(f):
            continue
        if _ISSUE_RE.match(f) or _GENERIC_META.match(f) or f in _LONE_BADGES:
            continue
        if _is_heading_text(f, _ANY_HEADING) or ln.link_ratio > 0.5:
            continue
        if len(f) <= 10 and f.endswith(L.SITE_NAME_SUFFIXES):
            continue   # the site's name above a text copy
        if candidates and (looks_like_author_line(ln.text) or looks_like_affiliation(ln.text)):
            continue
        if _SENTENCE_END.search(f) and len(f) > 60:
            break      # running text: the article has begun
        candidates.append(ln.index)
    return candidates[0] if candidates else None


def _html_sections(page: HtmlPage) -> list[_Section]:
    """Other-literature and site-list sections, bounded by their containers."""
    sections = []
    for ln in page.lines:
        f = line_form(ln.text)
        if len(f) > 24:
            continue
        if _is_heading_text(f, _RELATED):
            kind = "related"
        elif _is_heading_text(f, _SITE_LISTS):
            kind = "site"
        else:
            continue
        el = ln.el
        members: set[int] = set()
        while el is not None and el.parent is not None:
            el = el.parent
            within = page.lines_within(el)
            if any(i > ln.index for i in within):
                members = {i for i in within if i > ln.index}
                break
        sections.append(_Section(kind, ln.index, members))
    # A section ends where the next one starts.
    for a, b in zip(sections, sections[1:]):
        a.members = {i for i in a.members if i < b.start}
    return sections


def _strip_journal_tail(text: str) -> str:
    """"title + journal.year" glued together (text copies) → the title."""
    m = _GLUED_YEAR.search(text)
    if not m:
        return text
    head = text[: m.start()].rstrip()
    import rjieba

    words = list(rjieba.cut(head, hmm=False))
    best = None
    for k in range(1, len(words)):
        tail = "".join(words[k:])
        before = "".join(words[:k])
        if not 4 <= len(tail) <= 9 or len(before) < 4:
            continue
        if not any(tail.endswith(t) for t in L.JOURNAL_TAILS):
            continue
        if before[-1] in "与和及的" or tail[0] in "与和及的":
            continue
        if tail.startswith(L.TITLE_FINAL_WORDS):
            continue   # "研究图书情报探索": the title's last word, not the journal's first
        score = min(len(tail), 8) - 2 * max(0, len(tail) - 8) \
            + (5 if tail.startswith(("中国", "现代", "当代", "世界", "国际")) else 0)
        if best is None or score > best[0]:
            best = (score, before)
    return best[1] if best else head


_ITEM_META_LINE = re.compile(r"(?:19|20)\d{2}\s*年?[)）\]】.。]*$")
# What is left of an item-metadata line once its counts and categories are gone.
_ITEM_META_PARTS = re.compile(r"\d[\d,]*\s*(?:页|頁|次下载|次下載|次阅读|次浏览|次引用|次|下载|阅读|浏览)"
                              r"|\d+\s*(?:pages?|p)\b|"
                              r"(?:19|20)\d{2}\s*年?|[\s|·•/,，.。:：()（）\[\]-]+", re.I)
_REF_ITEM = re.compile(r"^(?:[^.．\[\]]{1,60}[.．]\s*)?(.{4,}?)\s*\[(?:j|d|m|c|n|p|r|s|z|a|eb/ol|j/ol)\]", re.I)
_CELL_NOISE = re.compile(r"^(?:[\[(（]?\d{1,3}[\])）.、]?|《[^》]*》|(?:19|20)\d{2}\s*年?|\d+\s*页)$")


_FILE_SIZE_LINE = re.compile(r"^\s*(?:" + "|".join(L.FILE_SUFFIXES) + r")?\s*[\d.]+\s*[kmg]b?"
                             r"(?:\s+\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?\s*$", re.I)


def is_item_meta(text: str) -> bool:
    """A line under a related item with its authors/journal/year, not an item itself."""
    f = line_form(text)
    if label_spans(text) and len(f) < 80:
        return True
    if len(f) <= 60 and re.search(r"《[^》]{2,30}》", f) and re.search(r"(?:19|20)\d{2}", f):
        return True   # "李晓燕 《工程技术与应用》 2010年第1期"
    if _FILE_SIZE_LINE.match(f):
        return True   # "PDF 1.2MB": the item's file
    rest = _ITEM_META_PARTS.sub("", f)
    for cat in sorted(_CATEGORIES, key=len, reverse=True):
        rest = rest.replace(cat, "")
    if len(rest) <= 1:
        return True   # "期刊论文 8页 53次下载"
    return bool(_ITEM_META_LINE.search(f)) and len(f) <= 40 and (
        bool(re.search(r"[·•|《-]", f)) or len(f) <= 20)


def clean_related(text: str, glued_meta: bool) -> str:
    if "\t" in text:
        # Table cells: numbering, title, 《journal》, year — the item is the first real cell.
        cells = [c.strip() for c in text.split("\t") if c.strip()]
        cells = [c for c in cells if not _CELL_NOISE.match(c)]
        text = cells[0] if cells else ""
        glued_meta = False
    t = _WS.sub(" ", text).strip()
    t = _NUMBERING.sub("", _LEAD_BULLET.sub("", t))
    ref = _REF_ITEM.match(t)
    if ref:
        return ref.group(1).strip()   # "作者. 题名[J]. 刊名, 2007(03)": the title
    for _ in range(2):
        t = _ITEM_META.sub("", t).strip()
    if glued_meta:
        t = _strip_journal_tail(t)
    return t.strip()


_MENU_ENTRY = re.compile(r"(?:文献|推荐|文章|论文|导航|节点|资源|专题)$")


def _related_item(ln: Line) -> RelatedItem | None:
    f = line_form(ln.text)
    if _is_heading_text(f, _CATEGORIES) or len(squash(ln.text)) < 2:
        return None
    if len(squash(ln.text)) <= 6 and _MENU_ENTRY.search(squash(ln.text)):
        return None   # 读者推荐, 相关基金文献: the next entries of a menu of sections, not papers
    first_cell = squash(ln.text.split("\t")[0])
    if first_cell in _FIELD_OF or _NUMBERING.sub("", ln.text.split("\t")[0]).strip() in L.FIELD_LABELS["title"]:
        return None   # a table's header row: 题名 作者 刊名 年份
    if "\t" not in ln.text and is_item_meta(ln.nosup or ln.text) and \
            not any(len(squash(t)) >= 4 and not is_item_meta(t) for t, _ in ln.links):
        return None
    if is_boilerplate(ln, f) and len(f) < 40:
        return None
    for text, href in ln.links:
        lt = clean_related(text, False)
        if len(squash(lt)) >= 4 and not _is_heading_text(line_form(lt), _ITEM_LABELS):
            return RelatedItem(lt, href)
    t = clean_related(ln.text, True)
    if len(squash(t)) < 2:
        return None
    return RelatedItem(t, None)


_LEAD_BULLET = re.compile(r"^[\s•·●◆■□▪‧*-]+")
_SPACE_LABEL = re.compile(r"^(?P<label>" + _LABEL_ALT + r")(?P<gloss>\s*[(（][^()（）:：]{1,8}[)）])?"
                          r"(?P<gap>[ \t\u3000]+)(?=\S)")
_GLUED_KEYWORDS = re.compile(r"^(?P<label>" + _spaced_alternation(squash(w) for w in L.FIELD_LABELS["keywords"])
                             + r")(?:[(（][^()（）:：]{1,8}[)）]\s*)?(?=[^\s:：\])】(（])")   # 关键字(中) X
_GLUED_ABSTRACT = re.compile(r"^(?P<label>" + _spaced_alternation(squash(w) for w in L.FIELD_LABELS["abstract"])
                             + r")(?=[^\s:：\])】].{30})")
_BRACKET_META = re.compile(r"^[\[【〔]\s*[^\]】〕]{1,8}\s*[\]】〕]")


# A Dublin Core element shown as a table row (repositories' "full record" view): the
# element names are a standard, so they are labels like any other.
_DUBLIN_CORE_ROW = re.compile(r"^\s*\|\s*(?P<element>dc(?:terms)?\.[a-z.]+)\s*\|(?P<value>[^|]*)\|", re.I)
_DUBLIN_CORE = {"dc.title": "题名", "dc.contributor.author": "作者", "dc.creator": "作者",
                "dc.subject": "关键词", "dc.description.abstract": "摘要", "dc.source": "来源",
                "dcterms.title": "题名", "dcterms.creator": "作者", "dcterms.abstract": "摘要"}


def _label_form(lines: list[Line]) -> list[Line]:
    """Label rows written without a colon, given one, so the label pass reads them.

    * `题名 走过C型肝炎乡` / `作者 卢胜男;`: a label and its value split by spaces, taken
      as a label row only inside a run of label rows (a lone `作者 的话` is text);
    * `关键词在线医疗  在线努力`: a keyword label glued to its list;
    * `• 被引用:2`: a label behind a list bullet.
    """
    def spaced(ln: Line) -> re.Match | None:
        m = _SPACE_LABEL.match(match_form(ln.text))
        return m if m and _FIELD_OF.get(squash(m.group("label"))) else None

    def labelled(ln: Line) -> bool:
        return leads_with_label(ln.text, label_spans(ln.text))

    out = []
    marks = [spaced(ln) is not None for ln in lines]
    has_label = [labelled(ln) for ln in lines]
    for i, ln in enumerate(lines):
        text = ln.text
        bullet = _LEAD_BULLET.match(text)
        if bullet and not has_label[i] and label_spans(text[bullet.end():]):
            rest = text[bullet.end():]
            if label_spans(rest)[0][2] <= 2:
                text = rest
        m = spaced(ln) if marks[i] else None
        if m and ((i > 0 and (marks[i - 1] or has_label[i - 1])) or
                  (i + 1 < len(lines) and (marks[i + 1] or has_label[i + 1])) or
                  # 内容提要 2019年11月…: an abstract label before a paragraph needs no row.
                  (_FIELD_OF.get(squash(m.group("label"))) == "abstract" and E.is_prose(text[m.end():]))):
            end = m.end("gloss") if m.group("gloss") else m.end("label")   # 论文名称(中文) X
            text = text[:end] + ":" + text[m.end():]
        dc = _DUBLIN_CORE_ROW.match(text)
        if dc and dc.group("element").lower() in _DUBLIN_CORE:
            # | dc.contributor.author | 韩竹平 | zh_TW |: a repository's full record.
            text = f"{_DUBLIN_CORE[dc.group('element').lower()]}:{dc.group('value').strip()}"
        g = _GLUED_KEYWORDS.match(match_form(text))
        later = [sp[2] for sp in label_spans(text)]   # labels further on (关键词:) …
        if not g:
            # 摘 要运用文献资料法…: an abstract label glued to a paragraph (a sentence follows).
            g = _GLUED_ABSTRACT.match(match_form(text))
            upto = min([p for p in later if g and p > g.end()] + [len(text)])
            g = g if g and E.is_prose(text[g.end():min(upto, g.end() + 200)]) else None
        if g and (not later or later[0] > g.end("label")):
            # … do not make the line start with a label.
            text = text[: g.end()] + ":" + text[g.end():]
        if text != ln.text:
            nosup = text if (ln.nosup or ln.text) == ln.text else ln.nosup
            ln = Line(text=text, nosup=nosup, tag=ln.tag, heading=ln.heading, link_chars=ln.link_chars,
                      links=ln.links, index=ln.index, el=ln.el, indent=ln.indent)
        out.append(ln)
    return out


_LEADING_DATE = re.compile(r"^(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_STRUCTURED_ABSTRACT = re.compile(r"^[\[【〔]?\s*目的\s*[\]】〕:：]?\s*\S.*方法.*结果")
# A metadata value with the article glued on behind it: an identifier (1672-1578(2014)16-…)
# or an English abstract, then Chinese running text.
_ID_THEN_PROSE = re.compile(r"^(?P<id>.*?[0-9A-Za-z)）.])\s*(?P<prose>[\u4e00-\u9fff][^:：]{12}.{18,})$", re.S)
_LATIN_PROSE = re.compile(r"[A-Za-z][A-Za-z ,.;:'’\-()]+")


def _is_translation(text: str) -> bool:
    """A paragraph of English prose with no Chinese in it, inside a Chinese article."""
    if len(text) < 60 or _CJK.search(text):
        return False
    letters = sum(len(m) for m in _LATIN_PROSE.findall(text))
    return letters >= 0.85 * len(text) and text.count(" ") >= 8


_ITEM_BULLET = re.compile(r"^\s*[•·●◆■□▪‧*\-–]\s*\S")


def _text_sections(lines: list[Line]) -> list[str | None]:
    """Text copies: which lines belong to an other-literature or site-list section.

    Per line: "heading", "item" (of an other-literature list), "site" (of a site list),
    "closed" (after a list that the footer ended: the page is over), or None. A list
    whose items are bulleted ends at the first line without a bullet, and the page goes
    on (a sidebar list above the article)."""
    tags: list[str | None] = [None] * len(lines)
    cur: str | None = None
    bulleted: bool | None = None
    for ln in lines:
        i, f = ln.index, line_form(ln.text)
        # A heading that is itself a bulleted entry (• 最新热门) heads a bulleted list.
        if _is_heading_text(f, _RELATED) and len(f) <= 24:
            cur, tags[i] = "related", "heading"
            bulleted = True if _ITEM_BULLET.match(ln.text) else None
            continue
        if _is_heading_text(f, _SITE_LISTS) and len(f) <= 24:
            cur, tags[i] = "site", "heading"
            bulleted = True if _ITEM_BULLET.match(ln.text) else None
            continue
        if cur is None:
            continue
        if cur == "closed":
            tags[i] = "closed"
            continue
        if cur == "related" and (_is_heading_text(f, _END) or (is_boilerplate(ln, f) and not ln.indent)
                                 or _SITE_LIST_PREFIX.match(f)):
            if bulleted is None:
                tags[i] = "site"   # a breadcrumb between the heading and its first item
                continue
            cur = tags[i] = "closed"
            continue
        has_bullet = bool(_ITEM_BULLET.match(ln.text))
        if bulleted is None:
            bulleted = has_bullet
        elif bulleted and not has_bullet:
            cur = None
            continue
        tags[i] = "item" if cur == "related" else "site"
    return tags


def _bracketed_field(m: re.Match) -> str:
    """The field of a `[摘要]` / `【关键词】` label at the start of a line."""
    return _FIELD_OF.get(_label_key(m.group(1)), "meta")


def _dressed_label(fold_text: str) -> str | None:
    """The field of a label alone on its line, dressed as a heading (作者简介 ●●), or None."""
    return _FIELD_OF.get(squash(_HEAD_DECOR.sub("", fold_text)))


def _facts(lines: list[Line], tags: list[str | None] | None = None) -> list[E.LineFacts]:
    """What the label pass knows of each line, for the evidence-weighing title choice: in
    full for the lines a title is sought among (E.FACT_LINES), the text alone beyond."""
    out = []
    for ln in lines:
        if ln.index >= E.FACT_LINES:
            out.append(E.LineFacts(ln.text, skip=True))
            continue
        if tags and tags[ln.index]:
            out.append(E.LineFacts(ln.text, skip=True))   # inside a list of other papers
            continue
        f = line_form(ln.text)
        spans = label_spans(ln.nosup or ln.text)
        label = spans[0][0] if leads_with_label(ln.nosup or ln.text, spans) else None
        mf = match_form(ln.text)
        bracketed = _BRACKETED_LABEL.match(mf)
        if label is None and bracketed:
            label = _bracketed_field(bracketed)   # [摘要]…
        elif label is None and _BRACKET_META.match(mf):
            label = "meta"
        if label is None:
            label = _dressed_label(f)
        marker = (_is_heading_text(f, _MARKERS) and len(f) <= 20) or label == "abstract"
        skip = label is None and (
                is_boilerplate(ln, f) or is_nav_row(f) or bool(_ISSUE_RE.match(f)) or bool(_GENERIC_META.match(f))
                or f in _LONE_BADGES or _is_heading_text(f, _ANY_HEADING) or ln.link_ratio > 0.5
                or (len(f) <= 10 and f.endswith(L.SITE_NAME_SUFFIXES)) or E.is_spaced_out(ln.text)
                or E.is_table_row(ln.text))
        out.append(E.LineFacts(ln.text, skip=skip, label=label, marker=marker,
                               author=looks_like_author_line(ln.nosup or ln.text),
                               affiliation=looks_like_affiliation(ln.nosup or ln.text)))
    return out


def _is_chrome_text(text: str, title_sq: str) -> bool:
    """Lines that read like text but are the page's own furniture: notices about the site,
    table panels, letter-spaced watermarks, the title repeated with a page strip or a
    format badge, result counters, and the page citing itself."""
    if E.is_site_notice(text) or E.is_table_row(text) or E.is_spaced_out(text) or E.is_result_counter(text) \
            or E.is_bibliography(text) or E.is_glued_menu(text) or E.is_table_of_contents(text):
        return True
    rest = E.strip_title_repeat(text, title_sq)
    if rest is not None and ((len(rest) <= 30 and not E.is_prose(text)) or E.is_site_notice(rest)):
        return True
    return E.citation_of(text, 0) is not None


def _self_citation(lines: list[Line]) -> E.Citation | None:
    """The page's citation of itself (引用本文 …), above any reference list; one with a
    Chinese title first."""
    found = []
    for ln in lines[:300]:
        f = line_form(ln.text)
        if _is_heading_text(f, _END) and len(f) <= 24:
            break
        c = E.citation_of(ln.text, ln.index)
        if c:
            found.append(c)
    return next((c for c in found if _CJK.search(c.title)), found[0] if found else None)


def parse_lines(lines: list[Line], *, title_tag: str = "", page: HtmlPage | None = None,
                encoding: str = "utf-8") -> Record:
    """The label-driven parser over rendered lines (HTML) or raw lines (text copies)."""
    rec = Record(encoding=encoding)
    fields = _Fields()
    lines = _label_form(lines)
    citation = _self_citation(lines)
    text_tags = _text_sections(lines) if page is None else None
    title_idx = _find_title(lines, title_tag) if page is not None else None
    choice = None
    if title_idx is None:
        choice = E.choose_title(_facts(lines, text_tags), citation, is_author=looks_like_author_line)
        title_idx = choice.index if choice else None
    if choice is not None:
        rec.title = clean_title(choice.text)
        beside = E.authors_beside_title(lines[choice.index].text, choice.text, looks_like_author_line) \
            if choice.index >= 0 else None
        if beside:
            fields.authors, fields.authors_guessed = clean_authors(beside), True
    elif title_idx is not None:
        rec.title = clean_title(lines[title_idx].text)
        if title_tag:
            parts = [clean_title(x) for x in _TITLE_SPLIT.split(title_tag) if x.strip()]
            part = _glued_title_part(squash(rec.title), {squash(x) for x in parts})
            rec.title = next((x for x in parts if squash(x) == part), rec.title) if part else rec.title
    elif title_tag:
        rec.title = clean_title(_TITLE_SPLIT.split(title_tag)[0])
    elif citation is not None:
        rec.title = clean_title(citation.title)

    sections = _html_sections(page) if page is not None else []
    section_of: dict[int, _Section] = {}
    for sec in sections:
        for i in sec.members | {sec.start}:
            section_of.setdefault(i, sec)

    body: list[str] = []
    related: list[RelatedItem] = []
    state = "pre" if title_idx is not None else "head"
    pending: str | None = None        # a label whose value is on the next line
    abstract_open = False             # the abstract's last line may continue on the next
    abstract_tail = 0                 # …if that line was a short, wrapped one
    head_lines_seen = 0
    title_norm = squash(rec.title)
    keyword_run = False               # keywords listed one per line under their label
    notice_run = False                # numbered items under a 友情提示 heading: the site's rules
    bio_open = False                  # under a 作者简介 line: more biographies may follow
    started = False                   # the article has begun: a sentence or a numbered heading
    marked = False                    # a body marker (论文部分内容阅读, 正文快照) announced the article
    label_counts: dict[str, int] = {}
    label_keys: list[tuple[str, str]] = []   # (field, label word) of every label, in page order
    outside: list[str] = []           # lines outside related and site-list sections

    abstract_at: int | None = None    # len(body) when the abstract was taken

    for ln in lines:
        i = ln.index
        f = line_form(ln.text)
        if abstract_at is None and fields.abstract:
            abstract_at = len(body)
        if i == title_idx:
            state = "head"
            continue

        sec = section_of.get(i)
        if sec is not None:
            if sec.kind == "related" and i != sec.start:
                item = _related_item(ln)
                if item:
                    related.append(item)
            if state == "body" and body:
                state = "after"
            continue

        tag = text_tags[i] if text_tags else None
        if tag == "item":
            item = _related_item(ln)
            if item:
                related.append(item)
            continue
        if tag is not None:
            continue

        outside.append(ln.text)   # not inside an other-literature or site-list section
        if _is_heading_text(f, _END) and len(f) <= 24:
            state = "end"
            continue
        if _REFERENCE_LINE.search(f) and state in ("body", "end"):
            continue

        if _NOTICE_HEADING.match(f):
            notice_run = True
            continue
        if notice_run and _ENUMERATED.match(f):
            continue   # 5、试题试卷类文档,如果标题没有明确说明有答案…: the site's download rules
        notice_run = False

        glued = _keyword_then_heading(ln.text) if keyword_run else None
        if glued:
            # 教育券 一、基础义务教育的目标…: the list's last keyword run into the article's
            # first heading. The keyword ends the list; the rest is read as the line.
            fields.keywords.extend(k for k in clean_keywords(glued[0]) if k not in fields.keywords)
            keyword_run = False
            ln = _with_text(ln, glued[1])
            f = line_form(ln.text)
        elif not keyword_run:
            ln = _unglued_label(ln, title_norm)
            f = line_form(ln.text)
        spans = label_spans(ln.nosup or ln.text)
        if bio_open and not spans and _BIO_NAME.match(simplified(ln.text)):
            continue   # the next author's biography under 作者简介 (蒋文澜,四川大学…教授)
        bio_open = any(_BIO_LABEL.search(key) for _f, key, _s, _e in spans)
        nav_item = ln.link_ratio > 0.9 and len(ln.links) == 1   # a menu link "期刊", not a label
        if keyword_run:
            # Keywords one per line under a lone 关键词 label, until a line is no keyword (a
            # separator may end each: 基础义务教育;).
            if not spans and len(f) <= 20 and _CJK.search(f) and not _SENTENCE_PUNCT.search(f.rstrip(";；,，")) \
                    and len(clean_keywords(ln.text)) == 1 and not _is_heading_text(f, _ANY_HEADING) \
                    and not E.is_section_heading(ln.text):
                fields.keywords.extend(k for k in clean_keywords(ln.text) if k not in fields.keywords)
                continue
            keyword_run = False
        if spans and (leads_with_label(ln.nosup or ln.text, spans) or len(spans) >= 2) and not nav_item:
            if spans[0][0] == "keywords" and not fields.abstract and len(body) == 1 and E.is_prose(body[0]):
                # One paragraph between the head and 关键词 is the abstract, unlabelled.
                fields.abstract = body.pop()
                started = False
            elif spans[0][0] == "keywords" and fields.abstract and abstract_at is not None \
                    and abstract_at < len(body) <= abstract_at + 3 and not _SENTENCE_END.search(fields.abstract) \
                    and all(E.is_prose(b) for b in body[abstract_at:]):
                # 摘要:…一是…全额支付; / 二是…弊端。 / 关键词: the abstract went on to the next
                # line (its last one ended mid-sentence), all of it before the keywords.
                fields.abstract = "\n".join([fields.abstract, *body[abstract_at:]])
                del body[abstract_at:]
                started = any(E.is_prose(b) or E.is_sentence(b) or E.is_section_heading(b) for b in body)
            pairs = split_fields(ln.nosup or ln.text)
            lead = _TITLE_THEN_NAME.match(match_form(ln.text)[: spans[0][2]])
            if lead and not fields.authors and title_norm and \
                    squash(_NUMBERING.sub("", ln.text[: lead.start("name")])) == title_norm:
                # 1、题名 蒋慧芳 摘要:…: the document's own head run into one line.
                names = ln.text[lead.start("name"): lead.end("name")]
                fields.authors, fields.authors_guessed = clean_authors(names), True
            # Title: / Abstract: / Keywords: of a repository's record, opening in Chinese: the
            # fields themselves (under a Chinese paper they hold its English version).
            pairs = [(_ENGLISH_FIELD_LABELS[sp[1]] if fld == "meta" and sp[1] in _ENGLISH_FIELD_LABELS
                      and _CJK.match(value.strip()) else fld, value) for (fld, value), sp in zip(pairs, spans)]
            for fld, value in pairs:
                if fld == "keywords" and title_norm and squash(value).strip(";；,，") == title_norm:
                    continue   # 关键词:<the title>: a site's tag, not the paper's list
                _take_field(fields, fld, value, state)
            for key in {key for _f, key, _s, _e in spans}:
                label_counts[key] = label_counts.get(key, 0) + 1
            label_keys.extend((fld, key) for fld, key, _s, _e in spans)
            # (Not in the page's citation of itself: 文章引用:作者. 题名[J]. 刊名, 2022 is all metadata.)
            tail = _ID_THEN_PROSE.match(pairs[-1][1]) \
                if pairs[-1][0] == "meta" and not E.citation_of(ln.text, ln.index) else None
            if tail and E.is_prose(tail.group("prose")):
                # 文章编号:1672-1578(2014)16-0069-02在新课改全面推进的今天…: the article glued on.
                body.append(tail.group("prose").strip())
                started, state = True, "body"
            # "基金资助：" alone: its value is the next line.
            # (Not a counter's: 点击数: with its number left to a script is no value to wait for.)
            pending = pairs[-1][0] if not pairs[-1][1].strip() and not _COUNTER_LABEL.search(spans[-1][1]) \
                else None
            # 关键字(中) 软件工程 / 分布式开发 / …: the first keyword beside the label, the rest
            # one per line below.
            keyword_run = pairs[-1][0] == "keywords" and (
                (len(clean_keywords(pairs[-1][1])) == 1 and fields.keywords == clean_keywords(pairs[-1][1]))
                or _LIST_GOES_ON.search(pairs[-1][1]) is not None)
            abstract_open = pairs[-1][0] == "abstract" and bool(pairs[-1][1].strip())
            abstract_tail = len(pairs[-1][1].strip())
            continue
        dressed = _dressed_label(f) if not spans and not pending else None
        if dressed:
            pending = dressed   # its value is on the next line
            continue
        if pending:
            fld, pending = pending, None
            if fld == "abstract" or len(f) <= (100 if fld == "meta" else 40):
                # One keyword alone on the line after the label: the list goes on below.
                keyword_run = fld == "keywords" and not fields.keywords and len(clean_keywords(ln.text)) == 1
                _take_field(fields, fld, ln.nosup or ln.text, state)
                abstract_open, abstract_tail = fld == "abstract", len(f)
                continue
        if abstract_open and fields.abstract:
            # An abstract broken into short visual lines (document readers): join the
            # lines until one ends the sentence. Full-length paragraphs are not joined.
            piece = _INDENT.sub("", ln.text).strip()
            if abstract_tail <= 40 and len(piece) <= 45 and not _SENTENCE_END.search(fields.abstract) \
                    and len(f) > 8 and not _ENUMERATED.match(f):
                fields.abstract += piece
                abstract_tail = len(piece)
                continue
            abstract_open = False
        mf = match_form(ln.text)   # offsets of the original, unlike the collapsed f
        m = _BRACKETED_LABEL.match(mf)
        if m:
            fld = _bracketed_field(m)
            _take_field(fields, fld, ln.text[m.end():], state)
            # [关键词]教育体制; with the next keyword on the next line.
            keyword_run = fld == "keywords" and _LIST_GOES_ON.search(ln.text[m.end():]) is not None
            continue
        bm = _BRACKET_META.match(mf)
        if bm and _is_heading_text(bm.group(), _MARKERS):
            # 【正文快照】: 先秦以来…: a body marker with the article's start behind it.
            state, marked = "body", True
            rest = re.sub(r"^\s*[:：]\s*", "", ln.text[bm.end():])
            if rest.strip() and not _is_chrome_text(rest, title_norm):
                body.append(rest.strip())
            continue
        if bm and len(f) <= 80 and not started:
            continue   # 【写作年份】2010年: a label we do not know, of a metadata row

        if _is_heading_text(f, _MARKERS) and len(f) <= 20:
            if state in ("pre", "head"):
                state = "body"
            marked = True
            continue
        issue = _ISSUE_RE.match(f)
        if issue and len(f) < 160:
            if not fields.issue_source:
                fields.issue_source = clean_source(ln.text[: issue.end("journal")])
            continue
        if is_boilerplate(ln, f) or not _WORDY.search(f) or f in _LONE_BADGES:
            continue
        if state in ("head", "body") and not started and looks_like_author_line(ln.nosup or ln.text):
            # Above the article: an author line (the first one names the authors). Guessed
            # without a label, only in Chinese: on a Chinese page an unlabelled line of Latin
            # words is a button or the English byline (Embed Size, Zhang Wei), never the authors.
            if not fields.authors and head_lines_seen < 6 and _CJK.search(ln.nosup or ln.text):
                fields.authors = clean_authors(ln.nosup or ln.text)
                fields.authors_guessed = True
            continue
        if page is not None and ln.link_ratio >= 0.6:
            continue
        if _GENERIC_META.match(f) or is_chrome_row(f):
            continue
        if state == "pre":
            continue
        if not started:
            # Before the article starts (no sentence or numbered heading yet): affiliations,
            # the English title, authors and abstract of the paper, dates, and label lines
            # we do not know are metadata.
            if looks_like_affiliation(ln.nosup or ln.text):
                continue
            if _latin_ratio(f) > 0.5 and _cjk_ratio(f) < 0.1:
                continue
            if _LOOSE_LABEL.match(f) and len(f) <= 60:
                continue   # "导师：陈志强教授", "机构地区："
            if _LEADING_DATE.match(f):
                continue   # 2024-03-07 06:37 楊思涵…: a posting stamp
        if state == "head":
            head_lines_seen += 1
            if is_nav_row(f):
                continue
            state = "body"
        if state != "body":
            continue
        if squash(clean_title(ln.text)) == title_norm:
            if not started:
                state, head_lines_seen = "head", 0   # the document repeats its own header block
            continue
        text = _INDENT.sub("", ln.text).strip()
        if not text or _is_chrome_text(text, title_norm):
            continue
        if started and _is_translation(text):
            continue   # the English version of the paragraph above
        run_on = E.after_contents(text) if len(_TOC_ENTRY_HINT.findall(text)) >= 4 else None
        if run_on:
            text = run_on   # the contents list the page's text runs on from is no body
        if not fields.abstract and not started and _STRUCTURED_ABSTRACT.match(f) and E.is_prose(text):
            fields.abstract = text   # 目的…方法…结果…结论…: a structured abstract, unlabelled
            continue
        body.append(text)
        started = started or E.is_prose(text) or E.is_sentence(text) or E.is_section_heading(text)

    if fields.title and (title_idx is None or page is None):
        rec.title = clean_title(fields.title)
        body = [b for b in body if squash(b) != squash(rec.title)]
    if citation is not None:
        # The page citing itself names what its own labels may not.
        if not fields.authors or (fields.authors_guessed and not _CJK.search("".join(fields.authors))):
            names = clean_authors(citation.authors.replace(".", " "))
            if names and (_CJK.search(citation.authors) or not fields.authors):
                fields.authors = names
        if not fields.source and not fields.issue_source:
            fields.source = clean_source(citation.journal)
    if not fields.authors:
        fields.authors = _authors_from_bios(lines)
    if not fields.source and not fields.issue_source:
        fields.issue_source = _journal_box(lines, rec.title)
    reason = E.list_page_reason(outside, label_counts, label_keys) or _field_picker([ln.text for ln in lines]) or \
        ("submission guidelines" if E.GUIDELINES.search(rec.title) and not fields.authors else None)
    if reason:
        return Record(encoding=encoding, not_article=reason)
    if not marked and not E.has_article_evidence(body):
        body = []
    label_fields = [fld for fld, _key in label_keys]
    if not fields.abstract and not marked and body and "keywords" in label_fields \
            and ("title" in label_fields or "authors" in label_fields) and len(label_fields) >= 6:
        # A catalogue record (篇名, 作者, 关键词 and more label rows) followed by prose with no
        # label: the record's abstract (a landing page), up to the first section heading.
        n = 0
        while n < len(body) and E.is_prose(body[n]) and not E.is_section_heading(body[n]):
            n += 1
        if n:
            fields.abstract, body = "\n".join(body[:n]), body[n:]
    nothing = not body and not fields.abstract
    if nothing and (not (fields.authors or fields.keywords or fields.source or fields.issue_source
                         or fields.uploader) or not (rec.title or fields.authors)) \
            and not _names_a_document(lines, rec.title):
        # Text, but nothing of a paper: a heading alone, a directory entry, a catalogue
        # record, a description with a 关键词 line and no title. A page with no text at
        # all is no page (archive.page refuses it).
        return Record(encoding=encoding, not_article="no article text" if any(_WORDY.search(ln.text)
                                                                             for ln in lines) else None)
    rec.source = fields.source or fields.issue_source
    rec.year, rec.issue = E.year_issue([ln.text for ln in lines], rec.source)
    rec.citations = fields.citations
    rec.uploader = fields.uploader or _uploader_in_notice(lines) or \
        (_user_link(lines, fields.authors) if page is not None else None)
    rec.authors = fields.authors
    rec.keywords = fields.keywords
    rec.abstract = fields.abstract
    if rec.abstract:
        abs_norm = squash(rec.abstract)
        body = [b for b in body if squash(b) != abs_norm]
    rec.body = "\n".join(body)
    seen: set[str] = set()
    for item in related:
        key = squash(item.text)
        if key and key not in seen:
            seen.add(key)
            rec.related.append(item)
    return rec


_COUNTER_LABEL = re.compile(r"(?:点击|點擊|浏览|瀏覽|阅读|閱讀|下载|下載|访问|訪問|人气|人氣|热度|熱度)"
                            r"(?:数|數|次数|次數|量)?$")
_LIST_GOES_ON = re.compile(r"[;；,，]\s*$")
_GLUED_HEADING = re.compile(
    r"^(?P<kw>[^\s;；,，]{2,20})\s+(?P<rest>(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）]"
    r"|\d{1,2}(?:\.\d{1,2})*\s*[、.．]?\s*)[\u4e00-\u9fff].*)$")
_BRACKETED_ANYWHERE = re.compile(r"[\[【〔]\s*(" + _LABEL_ALT + r")\s*[\]】〕]")


def _with_text(ln: Line, text: str) -> Line:
    return replace(ln, text=text, nosup=text if ln.nosup else "")


def _keyword_then_heading(text: str) -> tuple[str, str] | None:
    """(keyword, the rest) of `教育券 一、基础义务教育的目标…`, or None."""
    m = _GLUED_HEADING.match(match_form(text).strip())
    return (m.group("kw"), m.group("rest")) if m else None


def _unglued_label(ln: Line, title_norm: str) -> Line:
    """The line read from its abstract or keywords label on, when what stands before the
    label is the page's title (`题名 [摘要]…`) or an affiliation (`…河南 郑州 450000摘要:…`):
    the head of the paper run into one line. Any other line is left as it is."""
    text = _from_glued_label(ln.text, title_norm)
    if text is None:
        return ln
    if not ln.nosup:
        return replace(ln, text=text)
    nosup = _from_glued_label(ln.nosup, title_norm)
    return replace(ln, text=text, nosup=nosup) if nosup is not None else ln


def _from_glued_label(text: str, title_norm: str) -> str | None:
    spans = label_spans(text)   # cached: the main pass asks for the same line's
    cut = None
    if any(b in text for b in "[【〔［"):
        bracket = _BRACKETED_ANYWHERE.search(match_form(text))
        if bracket and bracket.start() > 2 and _bracketed_field(bracket) in ("abstract", "keywords") \
                and not (spans and spans[0][2] < bracket.start()):
            cut = bracket.start()
    if cut is None and spans and spans[0][2] > 2 and spans[0][0] in ("abstract", "keywords"):
        cut = spans[0][2]
    if cut is None:
        return None
    before = text[:cut]
    if (title_norm and squash(before) == title_norm) or looks_like_affiliation(before):
        return text[cut:]
    return None


_UPLOADED_BY = re.compile(r"(?:会员|用户|网友|會員|用戶|網友)\s*[(（]\s*([^()（）\s]{1,20})\s*[)）]\s*(?:主动|自行)?"
                          r"(?:上传|上傳|分享|发布|發佈)")


def _uploader_in_notice(lines: list[Line]) -> str | None:
    """本文(….doc)为本站会员(花间一壶)主动上传: the site's notice names who uploaded the file."""
    for ln in lines:
        m = _UPLOADED_BY.search(match_form(ln.text))
        if m:
            return clean_uploader(ln.text[m.start(1): m.end(1)])
    return None


_USER_HREF = re.compile(r"(?:^|[/.?&=])(?:user|users|member|members|space|people|u|uid|userid)"
                        r"(?:home|info|center|page)?(?:/|\.aspx\?|\.php\?|\?|=|-)\w", re.I)


def _user_link(lines: list[Line], authors: list[str]) -> str | None:
    """An uploader shown only as a link to the user's page: the same name, linked to the
    same user page, at least twice on the page (under the title, in 来自:, in the sidebar)."""
    seen: dict[tuple[str, str], int] = {}
    for ln in lines:
        for text, href in ln.links:
            t = text.strip()
            if href and _USER_HREF.search(href) and 2 <= len(t) <= 20 and not is_chrome_row(line_form(t)) \
                    and not _SENTENCE_PUNCT.search(t) and t not in authors:
                key = (t, href.split("#")[0].strip())
                seen[key] = seen.get(key, 0) + 1
    names = {t for (t, _h), n in seen.items() if n >= 2}
    return clean_uploader(names.pop()) if len(names) == 1 else None


_ISSUE_ALONE = re.compile(r"^\s*(?:19|20)\d{2}\s*(?:年\s*(?:第\s*)?\d{1,3}\s*期|[,，]?\s*(?:vol\.?\s*\d+\s*[,，]?\s*)?"
                          r"(?:no\.?\s*\d+|\(\s*\d{1,3}\s*\)))\s*$", re.I)
_BOX_CONTACT = re.compile(r"(?:邮箱|信箱|投稿|订阅|电话|网址|主页|官网|e-?mail)\s*$", re.I)


def _journal_box(lines: list[Line], title: str) -> str | None:
    """The journal of a detail page's journal box: its name (an English name may follow)
    on the line or two above a year-and-issue line that stands alone (2017年15期)."""
    title_sq = squash(title)
    for k, ln in enumerate(lines[:300]):
        if not _ISSUE_ALONE.match(line_form(ln.text)):
            continue
        for back in lines[max(0, k - 3): k][::-1]:
            name = re.split(r"\s*[,，]\s*", back.text.strip())[0].strip()
            if _latin_ratio(line_form(name)) > 0.5 and not _CJK.search(name):
                continue   # the journal's English name, between its name and the issue
            if _BOX_CONTACT.search(name):
                continue   # 编辑部邮箱, 投稿: the box's links
            sq = squash(name)
            if 2 <= len(sq) <= 25 and _CJK.search(name) and sq != title_sq and not label_spans(name) \
                    and not is_boilerplate(back, line_form(name)) and not _SENTENCE_PUNCT.search(name):
                return clean_source(name)
            break
    return None


_ENGLISH_FIELD_LABELS = {"title": "title", "abstract": "abstract", "keywords": "keywords", "keyword": "keywords"}
_BIO_LABEL = re.compile(r"作者简介|作者介绍|作者信息")
_BIO_SEPARATOR = re.compile(r"[;；]\s*")
_BIO_NAME = re.compile(r"^\s*(?:[\[【〔(（]?\s*(?:作者简介|作者介绍|作者信息)\s*[\]】〕)）]?\s*[:：]?\s*)?"
                       r"(?P<name>[\u4e00-\u9fff]{2,4})\s*[(（,，]\s*(?:(?:19|20)\d{2}|男|女|[\u4e00-\u9fff]{2,}"
                       r"(?:大学|学院|研究所|研究院|医院|公司|中心))")


def _authors_from_bios(lines: list[Line]) -> list[str]:
    """〔作者简介〕贺俊杰,四川大学…; / 蒋文澜,…教授: the names the biographies open with,
    when no line names the authors."""
    names: list[str] = []
    for k, ln in enumerate(lines[:200]):
        if not _BIO_LABEL.search(match_form(ln.text)):
            continue
        for bio in lines[k: k + 4]:
            folded = simplified(bio.text)   # one to one: its offsets index bio.text
            m = _BIO_NAME.match(folded)
            if not m:
                if bio is not ln:
                    break
                continue
            names.append(bio.text[m.start("name"): m.end("name")])
            # Several biographies on one line, one per clause: 孙刚成,…教授;韩玉洁,…硕士生
            at = m.end()
            for sep in _BIO_SEPARATOR.finditer(folded, at):
                more = _BIO_NAME.match(folded[sep.end():])   # (^ anchors at the slice's start)
                if more:
                    names.append(bio.text[sep.end() + more.start("name"): sep.end() + more.end("name")])
        break
    return list(dict.fromkeys(names))


_TOC_ENTRY_HINT = re.compile(r"\d\.\d")
_WORD_PUNCT = re.compile(r"[,，。.;；、|/>»]")


_TITLE_THEN_NAME = re.compile(r"^.{4,}?\s(?P<name>[\u4e00-\u9fff]{2,4}(?:[\s,，、][\u4e00-\u9fff]{2,4}){0,5})\s*$")


def _field_picker(texts: list[str]) -> str | None:
    """A search form's field menu: 主题 / 关键词 / 篇名 / 作者 / 单位 / 摘要, a run of bare
    label words that names the title and author fields. An article shows those fields'
    values; a menu of its own sections (摘要, 关键词, DOI) names neither."""
    run: set[str] = set()
    n = 0
    for t in texts:
        word = squash(t).rstrip("▼▾:：")
        if 2 <= len(word) <= 6 and not _WORD_PUNCT.search(word):   # 主题, 全文: menu words too
            fld = _FIELD_OF.get(word)
            if fld is not None:
                run.add(fld)
                n += 1
                if n >= 5 and {"title", "authors"} <= run:
                    return "a search page"
            continue
        run, n = set(), 0
    return None


def _names_a_document(lines: list[Line], title: str) -> bool:
    """A download page whose document shows no text, only its contents list, still names
    one document: by the contents list itself, or by the file's name with its type
    (`….doc`) shown at least twice."""
    sq = squash(title)
    if len(sq) < 6:
        return False
    if sum(1 for ln in lines[:200] if E.is_table_of_contents(ln.text)) >= 3:
        return True   # the document's contents list: a document, shown by its outline
    shown = [ln.text for ln in lines if squash(clean_title(ln.text)) == sq]
    return len(shown) >= 2 and any(_FILE_SUFFIX.search(t) for t in shown)


def _take_field(fields: _Fields, fld: str, value: str, state: str) -> None:
    value = value.strip()
    if fld == "title" and not fields.title:
        fields.title = value or None
    elif fld == "source" and not fields.source:
        fields.source = clean_source(value)
    elif fld == "citations" and fields.citations is None:
        fields.citations = clean_citations(value)
    elif fld == "uploader" and not fields.uploader:
        fields.uploader = clean_uploader(value)
    elif fld == "authors" and (not fields.authors or fields.authors_guessed):
        names = clean_authors(value)
        if names:   # a labelled author line beats a guess from an unlabelled one
            fields.authors, fields.authors_guessed = names, False
    elif fld == "keywords" and (not fields.keywords or fields.keywords_early and fields.abstract):
        # A tag line above the paper (关键词:经济增长) gives way to the paper's own, longer list
        # under its abstract.
        words = clean_keywords(value)
        if not fields.keywords or len(words) > len(fields.keywords):
            fields.keywords, fields.keywords_early = words, not fields.abstract
    elif fld == "abstract" and not fields.abstract:
        v = _WS.sub(" ", value).strip().strip(_EDGE_PUNCT[:2]).lstrip("?？ ")   # [摘?要]?文章…
        fields.abstract = v or None


# --------------------------------------------------------------------------- entry points

_IMAGE_ALT = re.compile(r"^<image>[^<]*?\balt=[\"']([^\"']*)[\"'][^<]*</image>$", re.I)


def _join_vertical(raws: list[str]) -> list[str]:
    """`周 / 雅 / 宁`, one character a line (a PDF viewer's letter-spaced name): one line."""
    out: list[str] = []
    run: list[str] = []
    for raw in raws + [""]:
        t = raw.strip()
        if len(t) == 1 and _CJK.match(t):
            run.append(t)
            continue
        if 2 <= len(run) <= 4:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        out.append(raw)
    return out[:-1]


def text_lines(text: str) -> list[Line]:
    """A plain-text copy → its non-empty lines."""
    out = []
    raws = _join_vertical(text.splitlines())
    for raw in raws:
        stripped = raw.strip()
        if not stripped:
            continue
        t = re.sub(r" ?\t[\t ]*", "\t", re.sub(r"[^\S\t]+", " ", stripped))
        alt = _IMAGE_ALT.match(t)
        if alt:
            t = alt.group(1).strip() or t   # an image copied as markup shows its alt text
        out.append(Line(text=t, nosup=t, index=len(out), indent=bool(_INDENT.match(raw))))
    return out


def parse_html(html: str, encoding: str = "utf-8") -> tuple[Record, HtmlPage]:
    page = render(html)
    return parse_lines(page.lines, title_tag=page.title_tag, page=page, encoding=encoding), page


def parse_text(text: str, encoding: str = "utf-8") -> Record:
    return parse_lines(text_lines(text), encoding=encoding)
