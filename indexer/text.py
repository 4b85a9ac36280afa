"""Text analysis for the index, engine-free: folding, character-bigram tokens, word tokens.

The Whoosh tokenizers (indexer.whoosh.tokenizers) emit exactly these; so does the
OpenSearch export (indexer.opensearch). Changing what they emit makes existing indexes
wrong: bump ``ANALYZER_VERSION``, so that opening an old index asks for ``wenyuan reindex``.

Folding (``fold``) is applied to documents and queries alike, one original
character at a time, so every folded character knows the original span it came
from and highlights land on the original text exactly:

- NFKC: full-width ＡＢＣ／９６１１０ → ABC/96110, compatibility forms;
- case folding (``str.casefold``);
- traditional → simplified, character to character (``t2s_table``);
- every run of whitespace → one ASCII space;
- control, format and surrogate characters (Cc, Cf, Cs) are dropped: they are
  invisible on a page, and a zero-width space must not break a phrase.

Bigram tokens (``bigrams``) cover the whole folded text, whitespace and
punctuation included: the token at position i is ``folded[i:i+2]``, and the last
character of the text also gets a one-character token. Hence every character
starts exactly one token, and a string s occurs in the folded text if and only
if the bigrams of s occur at consecutive positions (or, for one character X,
some token starts with X). That is the substring guarantee quoted phrases rely
on (see indexer.whoosh.compiler); it holds by construction, not by heuristics.

Character tokens (``indexer.documents.char_set``) are the distinct folded characters of a
document (all its text fields), one existence-only term each: a one-character
quoted phrase anywhere is then ONE term lookup instead of a prefix expansion over
every bigram starting with that character (thousands for 的), with the same exact
answer (X occurs in some field iff X is one of the document's folded characters).

Word tokens (``words``) are jieba's segmentation of the folded text,
used only for ranking and for recall of differently-written words.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

import rjieba

from archive.t2s_table import SIMPLIFIED, TRADITIONAL

log = logging.getLogger(__name__)

# Bump whenever folding or token output changes: indexes carry it in their stamp.
ANALYZER_VERSION = 3  # 2: rjieba words; 3: CharSetTokenizer (the chars field)

_T2S = dict(zip(TRADITIONAL, SIMPLIFIED))
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """Fold one character; the result may be empty or several characters long.

    Whitespace folds to " " (runs are collapsed by ``fold_with_map``). The
    steps are iterated to a fixed point so folding folded text changes nothing:
    queries and documents can be folded any number of times.
    """
    if ch.isspace():
        return " "
    out = ch
    for _ in range(4):
        step = []
        for c in unicodedata.normalize("NFKC", out).casefold():
            if c.isspace():
                step.append(" ")
            elif unicodedata.category(c) in _DROPPED_CATEGORIES:
                continue
            else:
                step.append(_T2S.get(c, c))
        nxt = unicodedata.normalize("NFKC", "".join(step))
        if nxt == out:
            break
        out = nxt
    return out


class _NotOneToOne(Exception):
    """Not a LookupError: translate() would take that as "keep the character"."""


class _OneToOne(dict):
    """str.translate table of characters folding to exactly one non-space
    character; any other character marks the text for the general path."""

    def __missing__(self, ch: str) -> str:
        f = fold_char(chr(ch))
        if len(f) == 1 and f != " ":
            self[ch] = f
            return f
        raise _NotOneToOne(ch)  # propagates out of translate(): take the general path


_ONE_TO_ONE = _OneToOne({ord(" "): " "})  # the space: whitespace runs are collapsed first
_SPACE_RUN = re.compile(r"\s+")
_WORD_RUN = re.compile(r"\S+")


def _fold_with_map_fast(text: str) -> tuple[str, list[int], list[int]] | None:
    """fold_with_map for text whose characters all fold one to one (the usual
    case), at str.translate speed; None when some character does not."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    try:
        for run in _SPACE_RUN.finditer(text):
            a, b = run.span()
            pieces.append(text[last:a].translate(_ONE_TO_ONE))
            starts.extend(range(last, a))
            ends.extend(range(last + 1, a + 1))
            pieces.append(" ")
            starts.append(a)
            ends.append(b)
            last = b
        pieces.append(text[last:].translate(_ONE_TO_ONE))
    except _NotOneToOne:
        return None
    starts.extend(range(last, len(text)))
    ends.extend(range(last + 1, len(text) + 1))
    return "".join(pieces), starts, ends


# Characters known not to fold one to one, and a pattern finding them: learnt as texts
# show them (a few dozen kinds in real pages: ℃, Ⅱ, …, ﬁ, zero-width spaces).
_MANY: set[str] = set()
_MANY_RE: list[re.Pattern | None] = [None]


def _learn_many(ch: str) -> None:
    _MANY.add(ch)
    _MANY_RE[0] = re.compile("[" + "".join(re.escape(c) for c in sorted(_MANY)) + "]")


def _fold_with_map_runs(text: str) -> tuple[str, list[int], list[int]]:
    """fold_with_map for any text: its one-to-one stretches at str.translate speed, and
    each other character on its own. Equal to the character-by-character definition
    (_fold_with_map_general)."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last_space = False

    def one_to_one(a: int, b: int) -> None:
        nonlocal last_space
        if b > a:
            pieces.append(text[a:b].translate(_ONE_TO_ONE))
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
            last_space = False

    def space(a: int, b: int) -> None:
        """The whitespace run text[a:b]: one space, or the previous space extended over
        it (a dropped character between two runs)."""
        nonlocal last_space
        if last_space:
            ends[-1] = b
        else:
            pieces.append(" ")
            starts.append(a)
            ends.append(b)
            last_space = True

    def alone(i: int) -> None:
        nonlocal last_space
        for c in fold_char(text[i]):
            if c == " " and last_space:
                ends[-1] = i + 1
                continue
            pieces.append(c)
            starts.append(i)
            ends.append(i + 1)
            last_space = c == " "

    while True:
        # Learn the text's characters that do not fold one to one first, so that the
        # pass below finds them all (translate raises on the first one it meets).
        many = _MANY_RE[0]
        try:
            _SPACE_RUN.sub(" ", many.sub("", text) if many is not None else text).translate(_ONE_TO_ONE)
            break
        except _NotOneToOne as e:
            _learn_many(chr(e.args[0]))
    pos = 0
    for m in _WORD_RUN.finditer(text):
        a, b = m.span()
        if a > pos:
            space(pos, a)
        at = a
        for bad in (many.finditer(text, a, b) if many is not None else ()):
            one_to_one(at, bad.start())
            alone(bad.start())
            at = bad.start() + 1
        one_to_one(at, b)
        pos = b
    if pos < len(text):
        space(pos, len(text))
    return "".join(pieces), starts, ends


def fold_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """Fold ``text`` and map every folded character back to the original.

    Returns ``(folded, starts, ends)``: folded character i came from
    ``text[starts[i]:ends[i]]``. A collapsed whitespace run maps to the whole run;
    a character folding to several (ﬁ → fi) maps each of them to itself.
    """
    fast = _fold_with_map_fast(text)
    if fast is not None:
        return fast
    return _fold_with_map_runs(text)


def _fold_with_map_general(text: str) -> tuple[str, list[int], list[int]]:
    folded: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        f = fold_char(ch)
        if not f:
            continue
        for c in f:
            if c == " " and folded and folded[-1] == " ":
                ends[-1] = i + 1  # extend the collapsed whitespace run
                continue
            folded.append(c)
            starts.append(i)
            ends.append(i + 1)
    return "".join(folded), starts, ends


def fold(text: str) -> str:
    """The folded form of ``text`` (see the module docstring)."""
    # Fast path, at str.translate speed: whitespace runs become one space (re's \s is
    # str.isspace), then every character folds one to one; else the general path.
    try:
        return _SPACE_RUN.sub(" ", text).translate(_ONE_TO_ONE)
    except _NotOneToOne:
        return _fold_general(text)


def _fold_general(text: str) -> str:
    out = []
    prev_space = False
    for ch in text:
        f = fold_char(ch)
        for c in f:
            if c == " ":
                if prev_space:
                    continue
                prev_space = True
            else:
                prev_space = False
            out.append(c)
    return "".join(out)


def bigrams(folded: str) -> list[str]:
    """The bigram terms of an already-folded string, in position order."""
    n = len(folded)
    if n == 0:
        return []
    return [folded[i:i + 2] for i in range(n)]  # the last slice is the 1-char tail


# Very frequent function words: they carry no ranking signal and cost postings.
# Quoted phrases still find them (bigram fields keep every character).
STOP_WORDS = frozenset(
    ["的", "了", "和", "与", "及", "或", "在", "是", "对", "等", "中", "为", "以", "其", "并", "于", "而", "之", "也",
    "将", "由", "被", "从", "把", "这", "那", "一", "个", "有", "上", "下", "进行", "通过", "本文", "研究", "a", "an",
    "the", "of", "and", "or", "in", "on", "to", "for", "with", "by", "is", "are"])

def jieba_words(folded: str) -> list[tuple[str, int, int]]:
    """jieba's precise-mode segmentation (with HMM for unknown words) as (word, start, end).

    rjieba (jieba-rs: jieba's algorithm and dictionary in Rust) rather than jieba: ~13x
    faster, and its dictionary is ready at import (~0.08 s) where jieba spends ~0.5 s
    loading it on first use — every ``wenyuan search`` paid that. On the CSL abstracts
    98.7% of its tokens equal jieba's (the rest: runs like ``et-1`` kept whole).
    """
    return rjieba.tokenize(folded)


_ALNUM = re.compile(r"[^\W_]")   # \w without the underscore: str.isalnum's characters


def _is_wordlike(w: str) -> bool:
    return _ALNUM.search(w) is not None


def words(folded: str) -> list[tuple[str, int, int]]:
    """jieba words of folded text as (word, start, end), punctuation and spaces dropped.

    Precise mode, as for queries: search mode (which adds the parts of long
    words) ranked no better in bench.relevance and costs ~25% more postings;
    words segmented differently still meet through the bigram fields.
    """
    out = []
    for w, s, e in jieba_words(folded):
        if w in STOP_WORDS or not _is_wordlike(w):
            continue
        out.append((w, s, e))
    return out

