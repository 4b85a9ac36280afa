"""User query string → syntax tree: engine-free, so any backend compiles the same tree.

Syntax (parsed here, not by Whoosh's QueryParser, so that no input can reach
Whoosh's parser quirks and every malformed shape has a defined meaning):

- plain words: ``绍兴反诈 诈骗`` — each whitespace term is one *unit*, held by a page
  that has it verbatim or has every one of its (jieba) words. Pages holding all units
  rank first (a constant bonus), pages with some still match; when no page holds any
  unit, pages holding one of the words match, flagged partial.
- ``"quoted phrase"`` (also “…”, 「…」, 『…』, ＂…＂): exact substring of the folded
  text, by the bigram guarantee (see indexer.text). Inside quotes ``\\``
  escapes the next character; ``quote_phrase`` builds such a query.
- ``AND`` (both required), ``OR``, ``NOT x`` and ``-x`` (excluded), parentheses
  (ASCII or full-width). Precedence: NOT > AND/juxtaposition > OR.
- field prefixes ``title:``/``篇名:``, ``source:``/``来源:``, ``keyword:``/``关键词:``,
  ``author:``/``作者:``, ``abstract:``/``摘要:``, ``body:``/``全文:`` (full-width ``：``
  too) before a word, a phrase or a parenthesised group.
- a journal name is a name: ``来源:中国药学`` is the journals whose name holds 中国药学,
  the one of exactly that name first. A trailing ``~`` (or ``～``) opts in to loose
  matching, ``来源:中国药学~``: also the journals whose name holds its words in any
  order (中国医院药学杂志). On other terms ``~`` changes nothing.

Malformed input is repaired rather than rejected where a reading is obvious: an
unclosed quote runs to the end, unbalanced parentheses are closed or dropped,
an operator without operands is ignored, ``title:`` with nothing after it is
ignored, control characters are dropped (folding removes them). What is left
empty, or a query longer than MAX_QUERY_CHARS, raises QueryError.

Field prefixes name the fields of indexer.documents (FIELD_ALIASES).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from archive.errors import QueryError
from indexer.backend import MAX_QUERY_CHARS
from indexer.text import fold

# The complexity budget of one query. Each NOT operand and each operand of an OR is a
# separate pass over the whole index: through Whoosh's matchers, `相关 OR 文献 -标题`
# sixty times took 95 s of CPU. Past these numbers a query is refused with a message,
# never run. indexer.whoosh.evaluate now runs such trees as arrays, checking the deadline at
# every node; within the budget, on 100k pages (python -m bench.hostile_bench), 8
# exclusions take 0.03 s, 8 ORs 0.06 s and 32 AND'ed terms 0.03 s (medians).
MAX_TERMS = 32   # words and phrases in a query with operators
MAX_NOTS = 8     # NOT / -x operands
MAX_ORS = 8      # OR operators
MAX_DEPTH = 8    # nested parentheses (the parser recurses per level)

QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "＂": "＂", "„": "“"}
OPEN_PARENS = "(（"
CLOSE_PARENS = ")）"
COLONS = ":："

# "-x" excludes x, but a dash run ("--", "-—") is punctuation: the separator of a
# pasted title's subtitle ("中国哲学在俄罗斯 --20世纪…"), never an operator.
DASHES = "-‐‑‒–—―－"


@dataclass
class Text:
    text: str
    field: str | None = None   # a schema text field, or None for "anywhere"
    phrase: bool = False
    fuzzy: bool = False        # a trailing "~": loose matching where a field is exact


@dataclass
class Not:
    child: Node


@dataclass
class Group:
    op: str                     # "or" | "and" (juxtaposition; see required)
    children: list[Node] = field(default_factory=list)
    required: list[bool] = field(default_factory=list)  # explicit AND operands


Node = Text | Not | Group


def quote_phrase(text: str) -> str:
    """A query string that searches ``text`` as one exact phrase."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class _Tok:
    kind: str   # WORD PHRASE LP RP AND OR NOT MINUS FIELD
    value: str = ""
    fuzzy: bool = False


def _lex(q: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
        elif c in OPEN_PARENS:
            toks.append(_Tok("LP"))
            i += 1
        elif c in CLOSE_PARENS:
            toks.append(_Tok("RP"))
            i += 1
        elif c in QUOTES:
            close = QUOTES[c]
            buf = []
            i += 1
            while i < n and q[i] != close:
                if q[i] == "\\" and i + 1 < n:
                    i += 1
                buf.append(q[i])
                i += 1
            i += 1  # the closing quote; an unclosed phrase simply runs to the end
            toks.append(_Tok("PHRASE", "".join(buf)))
        elif c == "-" and i + 1 < n and not q[i + 1].isspace() and q[i + 1] not in DASHES \
                and _at_term_start(q, i):
            toks.append(_Tok("MINUS"))
            i += 1
        else:
            j = i
            while j < n and not (q[j].isspace() or q[j] in OPEN_PARENS or q[j] in CLOSE_PARENS
                                 or q[j] in QUOTES):
                j += 1
            word = q[i:j]
            i = j
            if word in ("AND", "OR", "NOT"):
                toks.append(_Tok(word))
                continue
            prefix = _field_prefix(word)
            if prefix:
                name, rest = prefix
                toks.append(_Tok("FIELD", FIELD_ALIASES[name]))
                if rest:
                    toks.append(_word(rest))
                continue
            toks.append(_word(word))
    return toks


FUZZY_MARKS = "~～"


def _word(word: str) -> _Tok:
    if len(word) > 1 and word[-1] in FUZZY_MARKS and word[-2] not in FUZZY_MARKS:
        return _Tok("WORD", word[:-1], fuzzy=True)
    return _Tok("WORD", word)


def _at_term_start(q: str, i: int) -> bool:
    return i == 0 or q[i - 1].isspace() or q[i - 1] in OPEN_PARENS


def _field_prefix(word: str) -> tuple[str, str] | None:
    for k, c in enumerate(word):
        if c in COLONS:
            name = word[:k].lower()
            return (name, word[k + 1:]) if name in FIELD_ALIASES else None
    return None


class _Parser:
    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        node = self.or_expr()
        while self.peek() is not None:  # stray ")" or leftovers: keep parsing
            self.take()
            more = self.or_expr()
            node = _join(node, more)
        return node

    def or_expr(self) -> Node | None:
        parts = [self.and_expr()]
        while self.peek() is not None and self.peek().kind == "OR":
            self.take()
            parts.append(self.and_expr())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Group("or", parts, [False] * len(parts))

    def and_expr(self) -> Node | None:
        children: list[Node] = []
        required: list[bool] = []
        pending_and = False
        while True:
            tok = self.peek()
            if tok is None or tok.kind in ("OR", "RP"):
                break
            if tok.kind == "AND":
                self.take()
                pending_and = bool(children)
                continue
            node = self.unary()
            if node is None:
                continue
            if pending_and:
                required[-1] = True
            children.append(node)
            required.append(pending_and)
            pending_and = False
        if not children:
            return None
        if len(children) == 1:
            return children[0]
        return Group("and", children, required)

    def unary(self) -> Node | None:
        tok = self.peek()
        if tok.kind in ("NOT", "MINUS"):
            self.take()
            if self.peek() is None or self.peek().kind in ("OR", "RP", "AND"):
                return None
            child = self.unary()
            return Not(child) if child is not None else None
        return self.primary(None)

    def primary(self, fieldname: str | None) -> Node | None:
        tok = self.take()
        if tok.kind == "LP":
            node = self.or_expr()
            if self.peek() is not None and self.peek().kind == "RP":
                self.take()
            return _with_field(node, fieldname) if fieldname else node
        if tok.kind == "FIELD":
            nxt = self.peek()
            if nxt is None or nxt.kind not in ("WORD", "PHRASE", "LP", "FIELD"):
                return None  # "title:" with nothing after it
            return self.primary(tok.value)
        if tok.kind == "PHRASE":
            return Text(tok.value, fieldname, phrase=True)
        if tok.kind == "WORD":
            return Text(tok.value, fieldname, fuzzy=tok.fuzzy)
        return None  # "AND"/"NOT" in odd places are handled by the callers


def _join(a: Node | None, b: Node | None) -> Node | None:
    if a is None or b is None:
        return a or b
    return Group("and", [a, b], [False, False])


def _with_field(node: Node | None, fieldname: str) -> Node | None:
    if isinstance(node, Text):
        return Text(node.text, node.field or fieldname, node.phrase, node.fuzzy)
    if isinstance(node, Not):
        return Not(_with_field(node.child, fieldname))
    if isinstance(node, Group):
        return Group(node.op, [_with_field(c, fieldname) for c in node.children], node.required)
    return node


def parse(q: str) -> Node:
    """Parse a user query into a syntax tree, or raise QueryError."""
    if not isinstance(q, str):
        raise QueryError("the query must be text")
    if len(q) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(q)} characters; the limit is "
                         f"{MAX_QUERY_CHARS})")
    toks = _lex(q)
    _check_budget(toks)
    node = _Parser(toks).parse()
    node = _prune(node)
    if node is None:
        raise QueryError("the query has nothing to search for")
    return node


def _check_budget(toks: list[_Tok]) -> None:
    """Refuse a query over the complexity budget (see MAX_TERMS …), before any parsing."""
    depth = deepest = 0
    for t in toks:
        if t.kind == "LP":
            depth += 1
            deepest = max(deepest, depth)
        elif t.kind == "RP":
            depth = max(0, depth - 1)
    counts = {"terms": sum(1 for t in toks if t.kind in ("WORD", "PHRASE")),
              "nots": sum(1 for t in toks if t.kind in ("NOT", "MINUS")),
              "ors": sum(1 for t in toks if t.kind == "OR")}
    if deepest > MAX_DEPTH:
        raise QueryError(f"the query nests parentheses {deepest} deep; the limit is {MAX_DEPTH}")
    operators = any(t.kind in ("NOT", "MINUS", "OR", "AND", "LP", "FIELD") for t in toks)
    # A plain query (a pasted sentence) costs at most MAX_UNITS words, however long it is.
    if operators and counts["terms"] > MAX_TERMS:
        raise QueryError(f"the query has {counts['terms']} words and phrases; the limit is {MAX_TERMS}")
    if counts["nots"] > MAX_NOTS:
        raise QueryError(f"the query excludes {counts['nots']} terms (NOT or -word); the limit is {MAX_NOTS}")
    if counts["ors"] > MAX_ORS:
        raise QueryError(f"the query has {counts['ors']} OR operators; the limit is {MAX_ORS}")


def _prune(node: Node | None) -> Node | None:
    """Drop parts that fold to nothing (e.g. only control characters)."""
    if node is None:
        return None
    if isinstance(node, Text):
        return node if fold(node.text).strip(" ") or (node.phrase and fold(node.text)) else None
    if isinstance(node, Not):
        child = _prune(node.child)
        return Not(child) if child is not None else None
    kept = [(c, r) for c, r in ((_prune(c), r) for c, r in zip(node.children, node.required))
            if c is not None]
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0][0]
    return Group(node.op, [c for c, _ in kept], [r for _, r in kept])


# Query-syntax field prefixes, English and Chinese, to schema text fields.
FIELD_ALIASES = {
    "title": "title", "篇名": "title", "标题": "title", "题名": "title",
    "source": "source", "来源": "source", "刊名": "source", "出处": "source",
    "keyword": "keywords", "keywords": "keywords", "关键词": "keywords", "关键字": "keywords",
    "author": "authors", "authors": "authors", "作者": "authors",
    "abstract": "abstract", "摘要": "abstract",
    "body": "body", "全文": "body", "正文": "body",
}
