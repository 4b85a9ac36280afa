"""The matching forms of page text, shared by the parser and its evidence.

Stored text stays exactly as the page had it; every table (labels, headings, chrome
words) is matched against a folded form instead: NFKC (full-width → half-width), lower
case, and traditional → simplified one character to one, so offsets found in the folded
text still index the original.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .t2s_table import SIMPLIFIED, TRADITIONAL

_WS = re.compile(r"\s+")
_T2S = str.maketrans(TRADITIONAL, SIMPLIFIED)
# str.translate walks a dict per character; most page text has no traditional character
# at all, which a set tells much faster (measured: 10 µs for a 120-character line,
# against 93 µs for a regex character class of the 4,117 characters).
_TRADITIONAL_SET = frozenset(TRADITIONAL)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")


def simplified(s: str) -> str:
    """Traditional characters folded to simplified, nothing else changed."""
    return s if _TRADITIONAL_SET.isdisjoint(s) else s.translate(_T2S)


# `內(nèi)容提要`: converted copies gloss characters with their pinyin. For matching, the
# gloss becomes spaces of its own length, so offsets still index the original text.
PINYIN_SYLLABLE = "[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}"
PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\(" + PINYIN_SYLLABLE + r"\)")


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


@lru_cache(maxsize=16384)   # the parser asks for the same line's forms many times over
def _folded(s: str) -> str:
    return simplified(unicodedata.normalize("NFKC", s).lower())


@lru_cache(maxsize=16384)
def match_form(s: str) -> str:
    """NFKC, lower case, simplified characters: the form every table is matched in."""
    f = _folded(s)
    return PINYIN_GLOSS.sub(_blank, f) if "(" in f else f


@lru_cache(maxsize=16384)
def line_form(s: str) -> str:
    """Matching form of a text with whitespace collapsed and pinyin glosses dropped (its
    offsets do not index the original: use ``match_form`` for that)."""
    f = _folded(s)
    if "(" in f:
        f = PINYIN_GLOSS.sub("", f)
    return _WS.sub(" ", f).strip()


@lru_cache(maxsize=16384)
def squash(s: str) -> str:
    """Matching form without any whitespace (so 摘 要 == 摘要)."""
    return _WS.sub("", match_form(s))


def cjk_count(s: str) -> int:
    return len(CJK.findall(s))


def cjk_ratio(s: str) -> float:
    return cjk_count(s) / len(s) if s else 0.0


def latin_ratio(s: str) -> float:
    return len(LATIN.findall(s)) / len(s) if s else 0.0
