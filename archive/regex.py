"""Regexes that skip quickly over text they cannot match.

Python's regex engine scans for a match by trying the whole pattern at every position
of the text, unless the pattern starts with a literal or a character set. A long
alternation — the parser's labels and boilerplate phrases — is therefore tried branch
by branch at every character of every line: on the generated corpus that was a third
of parsing time. ``prefiltered`` puts a one-character lookahead in front of such a
pattern (the characters any match can start with, worked out from the parsed
pattern), so the branches are tried only where a match could begin. What matches is
unchanged.
"""
from __future__ import annotations

import re

try:  # the parser's own modules: public names moved in Python 3.11
    from re import _constants as _C, _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover — Python < 3.11
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_CATEGORIES = {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_SPACE: r"\s", _C.CATEGORY_WORD: r"\w"}
_REPEATS = tuple(op for op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", None)) if op)


def _first_of_sequence(items) -> tuple[set[str] | None, bool]:
    """(class items a match of ``items`` can start with — None if unknown, whether
    the sequence can match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        first, nullable = _first_of_item(op, av)
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _first_of_item(op, av) -> tuple[set[str] | None, bool]:
    if op is _C.LITERAL:
        return {re.escape(chr(av))}, False
    if op is _C.IN:
        out = set()
        for o, a in av:
            if o is _C.LITERAL:
                out.add(re.escape(chr(a)))
            elif o is _C.RANGE:
                out.add(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
            elif o is _C.CATEGORY and a in _CATEGORIES:
                out.add(_CATEGORIES[a])
            else:
                return None, False   # a negated set, an unusual category: anything goes
        return out, False
    if op is _C.SUBPATTERN:
        return _first_of_sequence(av[-1])
    if op is _C.BRANCH:
        out, nullable = set(), False
        for alternative in av[1]:
            first, empty = _first_of_sequence(alternative)
            if first is None:
                return None, False
            out |= first
            nullable = nullable or empty
        return out, nullable
    if op in _REPEATS:
        low, _high, item = av
        first, nullable = _first_of_sequence(item)
        return first, first is not None and (nullable or low == 0)
    if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        return set(), True   # zero-width: the next item decides
    return None, False       # any character, back-references, …


def first_characters(pattern: str, flags: int = 0) -> str | None:
    """A character class matching the first character of any match of ``pattern``;
    None when that cannot be worked out (or a match may be empty)."""
    if flags & re.IGNORECASE:
        return None
    first, nullable = _first_of_sequence(_sre_parse.parse(pattern, flags))
    if first is None or nullable or not first:
        return None
    return "[" + "".join(sorted(first)) + "]"


def prefiltered(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, with a lookahead for its first characters."""
    first = first_characters(pattern, flags)
    if first is None:
        return re.compile(pattern, flags)
    return re.compile(f"(?={first})(?:{pattern})", flags)
