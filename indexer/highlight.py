"""Highlighting: where folded needles fall in original text, and the snippet around them."""
from __future__ import annotations

import unicodedata

from indexer.text import fold, fold_with_map


MARK_OPEN = "«"
MARK_CLOSE = "»"
SNIPPET_CHARS = 120
ELLIPSIS = "…"

# Where a hit's snippet comes from, in order of preference when matches tie.
SNIPPET_FIELDS = ("abstract", "body", "title", "keywords", "authors", "source")


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of every folded needle in ``text``, as merged original offsets.

    Matching runs on the folded text, then maps back, so the spans cover exactly
    the original characters that matched (創建 for a search for 创建).
    """
    if not text or not needles:
        return []
    # Most fields of a hit hold no needle: that is known from the folded text alone,
    # several times cheaper than the map back to the original.
    plain = fold(text)
    if not any(needle in plain for needle in needles):
        return []
    folded, starts, ends = fold_with_map(text)
    raw = []
    for needle in needles:
        i = folded.find(needle)
        while i >= 0:
            raw.append((starts[i], ends[i + len(needle) - 1]))
            i = folded.find(needle, i + 1)
    raw.sort()
    merged: list[tuple[int, int]] = []
    for s, e in raw:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, needles: list[str], width: int = SNIPPET_CHARS
              ) -> tuple[str, list[list[int]]]:
    """The ``width``-character window of ``text`` covering the most matched
    characters, and the matched spans relative to it."""
    spans = find_spans(text, needles)
    if not spans:
        clipped = _clip(text, 0, width)
        return clipped + (ELLIPSIS if len(" ".join(text.split())) > len(clipped) else ""), []
    best_start, best_cover = 0, -1
    for s, _ in spans:
        start = max(0, s - width // 5)  # a little context before the first match
        cover = sum(max(0, min(e, start + width) - max(s2, start)) for s2, e in spans)
        if cover > best_cover:
            best_start, best_cover = start, cover
    end = min(len(text), best_start + width)
    best_start = max(0, min(best_start, end - width))
    # A window cut mid-text opens where a clause does, when one starts in the context
    # before the first match, and never on the tail of a sentence's punctuation.
    first_match = min((s for s, e in spans if e > best_start), default=end)
    if best_start > 0:
        last_break = next((i for i in range(min(first_match, end) - 1, best_start - 1, -1)
                           if _is_break(text[i])), None)
        if last_break is not None:
            best_start = last_break + 1
            end = min(len(text), best_start + width)
    while best_start < min(first_match, end) and best_start > 0 and _is_break(text[best_start]):
        best_start += 1
    snippet = text[best_start:end]
    rel = [[max(s, best_start) - best_start, min(e, end) - best_start]
           for s, e in spans if e > best_start and s < end]
    snippet, rel = _tidy(snippet, rel)
    # Cut mid-text at either end: say so with an ellipsis (spans shift past the opening one).
    if best_start > 0 and snippet:
        snippet = ELLIPSIS + snippet
        rel = [[s + len(ELLIPSIS), e + len(ELLIPSIS)] for s, e in rel]
    if end < len(text) and text[end:].strip():
        snippet += ELLIPSIS
    return snippet, rel


def _is_break(ch: str) -> bool:
    """Punctuation or space: what a snippet should not start with."""
    return ch.isspace() or unicodedata.category(ch).startswith(("P", "Z"))


def _clip(text: str, start: int, width: int) -> str:
    return " ".join(text[start:start + width].split())


def _tidy(snippet: str, spans: list[list[int]]) -> tuple[str, list[list[int]]]:
    """Collapse whitespace runs (pages are full of newlines), keeping spans aligned."""
    out, newpos = [], []
    prev_space = False
    for ch in snippet:
        newpos.append(len(out))
        if ch.isspace():
            if prev_space or not out:
                continue
            out.append(" ")
            prev_space = True
        else:
            out.append(ch)
            prev_space = False
    newpos.append(len(out))
    text = "".join(out)
    trimmed = text.rstrip(" ")
    spans = [[newpos[s], min(newpos[e], len(trimmed))] for s, e in spans]
    return trimmed, [s for s in spans if s[1] > s[0]]


def best_snippet(stored: dict, needles: list[str]) -> tuple[str, list[list[int]]]:
    """The snippet from whichever stored field matches the query best."""
    best = ("", [])
    best_cover = -1
    for name in SNIPPET_FIELDS:
        text = stored.get(name)
        if not text:
            continue
        snippet, spans = highlight(text, needles)
        cover = sum(e - s for s, e in spans)
        if cover > best_cover:
            best, best_cover = (snippet, spans), cover
    return best


def mark(snippet: str, spans: list[list[int]], before: str, after: str) -> str:
    """``snippet`` with every span wrapped in ``before``/``after`` (markers or colours)."""
    out, last = [], 0
    for s, e in spans:
        out.append(snippet[last:s])
        out.append(before + snippet[s:e] + after)
        last = e
    out.append(snippet[last:])
    return "".join(out)
