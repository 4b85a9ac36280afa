"""HTML → the lines a reader sees, each with a little structure kept beside it.

A browser shows blocks (paragraphs, headings, list items, table rows) and hides a great
deal (scripts, styles, comments, ``display:none``, ``hidden``, templates). This module
renders the visible blocks as ``Line``s, in document order, remembering for each what the
label-driven parser may need: its heading level, how much of it is link text, its links,
and which element it came from (so a section can be bounded by its container).
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag, XMLParsedAsHTMLWarning
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

_INVISIBLE_TAGS = frozenset((
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "head", "title", "meta", "link", "button", "select", "option", "textarea", "input", "map",
    "audio", "video", "source", "track", "param", "datalist", "dialog",
))
_BLOCK_TAGS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "tr", "table", "ul", "ol",
    "dl", "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre",
    "hr", "center", "form", "fieldset", "figure", "figcaption", "address", "caption", "body",
    "tbody", "thead", "tfoot", "details", "summary", "legend", "html", "menu", "hgroup",
))
_CELL_TAGS = frozenset(("td", "th"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^\s*([.#])([A-Za-z0-9_-]+)\s*$")
_WS = re.compile(r"\s+")
_SPACES = re.compile(r"[^\S\t]+")
_CELL_GAP = re.compile(r" ?\t[\t ]*")
_SKIP_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)


@dataclass
class Line:
    """One visible line of a page."""
    text: str                       # as shown, whitespace collapsed
    nosup: str = ""                 # for field parsing: no <sup> text (affiliation marks), and a
                                    # space where inline elements meet (<span>A</span><span>B</span>)
    tag: str = ""                   # the block element it came from ("" for text copies)
    heading: int = 0                # 1-6 inside <h1>-<h6>, else 0
    link_chars: int = 0             # characters of text inside <a>
    links: list[tuple[str, str | None]] = field(default_factory=list)  # (text, href)
    index: int = 0                  # position in the page's line list
    el: Tag | None = None           # the block element (HTML only)
    indent: bool = False            # text copies: the line was indented

    @property
    def link_ratio(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class HtmlPage:
    lines: list[Line]
    title_tag: str            # the <title> text, "" if none
    canonical: str | None     # <link rel=canonical> href
    base: str | None          # <base href>: what the page's relative links resolve against
    element_lines: dict[int, list[int]]  # id(element) → indices of lines inside it (lazy)

    def lines_within(self, el: Tag) -> set[int]:
        """Indices of the lines rendered from ``el`` or its descendants."""
        key = id(el)
        if key not in self.element_lines:
            ids = {id(el)} | {id(d) for d in el.descendants if isinstance(d, Tag)}
            self.element_lines[key] = [ln.index for ln in self.lines if id(ln.el) in ids]
        return set(self.element_lines[key])


def _hidden_selectors(soup: BeautifulSoup) -> tuple[set[str], set[str]]:
    """Classes and ids that the page's own <style> hides with display:none."""
    classes: set[str] = set()
    ids: set[str] = set()
    for style in soup.find_all("style"):
        for selectors, decls in _CSS_RULE.findall(style.get_text()):
            if not _HIDDEN_STYLE.search(decls):
                continue
            for sel in selectors.split(","):
                m = _SIMPLE_SELECTOR.match(sel)
                if m:
                    (classes if m.group(1) == "." else ids).add(m.group(2))
    return classes, ids


def _is_hidden(tag: Tag, hidden_classes: set[str], hidden_ids: set[str]) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if str(attrs.get("type", "")).lower() == "hidden":
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(str(style)):
        return True
    if hidden_classes:
        cls = attrs.get("class") or ()
        if isinstance(cls, str):
            cls = cls.split()
        if any(c in hidden_classes for c in cls):
            return True
    if hidden_ids and attrs.get("id") in hidden_ids:
        return True
    return False


class _Renderer:
    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._parts: list[tuple[str, bool, bool, str | None]] = []  # text, in_link, in_sup, href
        self._block: Tag | None = None

    def text(self, s: str, in_link: bool, in_sup: bool, href: str | None) -> None:
        self._parts.append((s, in_link, in_sup, href))

    def boundary(self) -> None:
        """Where two inline elements meet: a space for field parsing, nothing in the text."""
        if self._parts and self._parts[-1][0] != "":
            self._parts.append(("", False, True, None))

    def flush(self, heading: int) -> None:
        if not self._parts:
            return
        parts, self._parts = self._parts, []
        raw = "".join(p[0] for p in parts)
        # Table cells are kept apart by a tab (a label cell and its value cell).
        text = _CELL_GAP.sub("\t", _SPACES.sub(" ", raw)).strip()
        if not text:
            return
        nosup = _CELL_GAP.sub("\t", _SPACES.sub(" ", "".join(p[0] if not p[2] else " " for p in parts))).strip()
        link_chars = sum(len(p[0].strip()) for p in parts if p[1])
        links: list[tuple[str, str | None]] = []
        cur_href, cur_text = None, []
        for s, in_link, _, href in parts + [("", False, False, None)]:
            if in_link and href == cur_href and cur_text is not None:
                cur_text.append(s)
                continue
            if cur_text:
                t = _WS.sub(" ", "".join(cur_text)).strip()
                if t:
                    links.append((t, cur_href))
            cur_href, cur_text = (href, [s]) if in_link else (None, [])
        block = self._block
        self.lines.append(Line(text=text, nosup=nosup, tag=block.name if block else "",
                               heading=heading, link_chars=min(link_chars, len(text)),
                               links=links, index=len(self.lines), el=block))


def render(html: str) -> HtmlPage:
    """Parse HTML text and render its visible lines."""
    # lxml rejects NUL and most C0 controls; a damaged page may carry them.
    html = html.replace("\x00", "")
    with warnings.catch_warnings():
        # XHTML pages are read as HTML on purpose: browsers do, and so must we.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(html, "lxml")
    title_el = soup.find("title")
    title_tag = _WS.sub(" ", title_el.get_text()).strip() if title_el else ""
    canonical = None
    for link in soup.find_all("link", href=True):
        rel = link.get("rel") or ()
        if "canonical" in (rel if isinstance(rel, list) else [rel]):
            canonical = str(link["href"])
            break
    base_el = soup.find("base", href=True)
    base = str(base_el["href"]).strip() if base_el else None
    hidden_classes, hidden_ids = _hidden_selectors(soup)

    out = _Renderer()
    root = soup.body or soup
    # Iterative walk: deep pages must not hit the recursion limit.
    stack: list[tuple[object, int, bool, bool, str | None, bool]] = [(root, 0, False, False, None, False)]
    while stack:
        node, heading, in_link, in_sup, href, closing = stack.pop()
        if closing:
            assert isinstance(node, Tag)
            name = node.name
            if name in _BLOCK_TAGS or (name and name[0] == "h" and name[1:].isdigit()):
                out.flush(heading)
                out._block = getattr(node, "_wy_parent_block", None)
            elif name in _CELL_TAGS:
                out.text("\t", False, False, None)
            else:
                out.boundary()
            continue
        if isinstance(node, NavigableString):
            if isinstance(node, _SKIP_STRINGS):
                continue
            out.text(str(node), in_link, in_sup, href)
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name in _INVISIBLE_TAGS or _is_hidden(node, hidden_classes, hidden_ids):
            continue
        if name == "br":
            out.flush(heading)
            continue
        if name == "img":
            continue
        level = heading
        if len(name) == 2 and name[0] == "h" and name[1] in "123456":
            level = int(name[1])
        is_block = name in _BLOCK_TAGS or level != heading
        if not is_block:
            out.boundary()
        if is_block:
            out.flush(heading)
            node._wy_parent_block = out._block
            out._block = node
        link = in_link
        link_href = href
        if name == "a":
            link = True
            link_href = node.get("href")
            link_href = str(link_href) if link_href is not None else None
        sup = in_sup or name == "sup"
        if name == "pre":
            text = node.get_text()
            for piece in text.splitlines():
                out.text(piece, link, sup, link_href)
                out.flush(level)
            out._block = node._wy_parent_block
            continue
        stack.append((node, level if is_block else heading, in_link, in_sup, href, True))
        for child in reversed(node.contents):
            stack.append((child, level, link, sup, link_href, False))
    out.flush(0)
    return HtmlPage(lines=out.lines, title_tag=title_tag, canonical=canonical, base=base or None,
                    element_lines={})
