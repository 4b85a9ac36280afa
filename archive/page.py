"""One saved page, bytes in, record out: sniff the form, decode, parse.

This is the function every path into wenyuan goes through (``wenyuan parse``, import,
crawl, reindex). It refuses what is not a page — empty files, images and other binaries,
archives, files over ``MAX_PAGE_BYTES`` — with a ``NotAPageError`` naming the reason, and
parses damaged but real pages as well as it can.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from . import mhtml
from .decode import Decoded, decode
from .errors import NotAPageError
from .parse import parse_html, parse_text
from .record import Record

# Article pages are tens to hundreds of KB; 20 MB is far past any of them and still
# parses in seconds, so anything larger is refused instead of tying up a worker.
MAX_PAGE_BYTES = 20 * 1024 * 1024

# Leading bytes of formats that are certainly not pages.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"BM", None),
    (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a zip archive (import it to read its pages)"),
    (b"PK\x05\x06", "an empty zip archive"), (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", None), (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"\x7fELF", "an executable"), (b"MZ", None),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office document"),
    (b"RIFF", None), (b"OggS", "an audio file"), (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "a video file"), (b"\x00\x00\x00\x20ftyp", "a video file"),
    (b"wOFF", "a font file"), (b"wOF2", "a font file"), (b"SQLite format 3\x00", "a SQLite database"),
    (b"WARC/", "a WARC file (import it to read its pages)"),
)
_HTML_HINT = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|title|div|p|table|h[1-6])\b", re.I)


@dataclass
class ParsedPage:
    record: Record
    form: str              # "html" | "mhtml" | "text"
    url: str | None        # the page's own URL when the file carries it
    decode_errors: int     # bytes that could not be decoded and were replaced


def _refuse_binary(data: bytes) -> None:
    if not data.strip():
        raise NotAPageError("empty file: nothing to parse")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            if what is None:
                # Short, ambiguous magics: only a binary if the rest agrees.
                if _control_ratio(data) > 0.1:
                    raise NotAPageError("binary data, not a page")
                break
            raise NotAPageError(f"not a page: this is {what}")
    if len(data) > 262 and data[257:262] == b"ustar":
        raise NotAPageError("not a page: this is a tar archive (import it to read its pages)")


def _control_ratio(data: bytes) -> float:
    sample = data[:8192]
    bad = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bad / len(sample) if sample else 0.0


_UNTEXT = re.compile("[\x01-\x08\x0b\x0e-\x1f\ufffd\ue000-\uf8ff]")


def _text_is_binary(d: Decoded) -> bool:
    """Control characters, replacement characters and private-use code points: what
    binary data looks like once forced through a text codec."""
    sample = d.text[:20000]
    if not sample:
        return True
    return len(_UNTEXT.findall(sample)) / len(sample) > 0.15


# Saved pages come with these endings (or none); a text file with another ending
# (.md, .json, .csv, .py …) is not a page even though it decodes as text.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".xht", ".mht", ".mhtml", ".txt", ".text",
                 ".asp", ".aspx", ".php", ".jsp", ".do", ".cgi", ".action")


def _suffix(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def sniff_form(data: bytes, name: str = "") -> str:
    """'mhtml', 'html' or 'text' from the name and the first bytes."""
    lower = name.lower()
    if lower.endswith((".mht", ".mhtml")) or mhtml.looks_like_mhtml(data):
        return "mhtml"
    if lower.endswith((".txt", ".text")):
        return "text"
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 8 and head[1:8:2] == b"\x00" * 4):
        head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    return "html" if _HTML_HINT.search(head) else "text"


_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)


def _absolute(base: str, href: str) -> str | None:
    try:
        url = urljoin(base, href.strip())
    except ValueError:   # a malformed URL (a bad IPv6 host, say)
        return None
    return url if url.lower().startswith(("http://", "https://")) else None


def _resolve_related(record: Record, page_url: str | None, base_tag: str | None) -> None:
    """Relative other-literature links (/doc/0452.html) made absolute against the page's
    URL, as a browser would; a link that does not resolve to http(s) stays as shown."""
    if not page_url or not page_url.lower().startswith(("http://", "https://")):
        return
    base = (_absolute(page_url, base_tag) if base_tag else None) or page_url
    for item in record.related:
        if item.url:
            item.url = _absolute(base, item.url) or item.url


def parse_page(data: bytes, *, name: str = "", content_type: str | None = None,
               url: str | None = None) -> ParsedPage:
    """Parse one page's bytes. Raises NotAPageError for input that is not a page.

    ``url`` is where the bytes were fetched from, when known (a crawl, a URL given to
    ``parse``, the catalog's record of either): the other-literature links are resolved
    against it, else against the URL the page names itself (saved-from, MHTML, canonical),
    through the page's ``<base href>`` if it has one. The result's ``url`` stays the
    page's own."""
    if len(data) > MAX_PAGE_BYTES:
        raise NotAPageError(f"too large for a page ({len(data) / 2**20:.1f} MB; the limit is "
                            f"{MAX_PAGE_BYTES // 2**20} MB)")
    _refuse_binary(data)
    from .decode import charset_from_content_type

    declared = charset_from_content_type(content_type)
    form = sniff_form(data, name)
    fetched_from, url = url, None
    if form == "mhtml":
        part = mhtml.extract_html(data)
        if part is None:
            raise NotAPageError("MHTML file without an HTML or text part")
        data, declared, url = part.payload, part.charset or declared, part.url
        _refuse_binary(data)
        sniffed = sniff_form(data)
        form_inner = "html" if sniffed == "html" else "text"
    else:
        form_inner = form
    decoded = decode(data, declared)
    if _text_is_binary(decoded):
        raise NotAPageError("binary data, not a page")
    suffix = _suffix(name)
    if form == "text" and suffix and suffix not in PAGE_SUFFIXES and len(suffix) <= 6:
        raise NotAPageError(f"not a page: a {suffix} file that is neither HTML nor MHTML")
    text = decoded.text.replace("\x00", "")
    base_tag = None
    if form_inner == "html":
        record, page = parse_html(text, decoded.codec)
        m = _SAVED_FROM.search(text[:4096])
        url = url or (m.group(1) if m else None) or page.canonical
        base_tag = page.base
    else:
        record = parse_text(text, decoded.codec)
    _resolve_related(record, fetched_from or url, base_tag)
    # A repository record cut before its title still names its authors: a page.
    if record.not_article is None and not (record.title or record.body or record.abstract or record.authors):
        raise NotAPageError("no page content found (no title and no text)")
    return ParsedPage(record=record, form=form, url=url, decode_errors=decoded.errors)


def read_page(path: str | Path) -> ParsedPage:
    """Read and parse a page file; errors name the file."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise NotAPageError(f"too large for a page ({size / 2**20:.1f} MB; the limit is "
                                f"{MAX_PAGE_BYTES // 2**20} MB)", str(p))
        if p.is_dir():
            raise NotAPageError("is a folder, not a page (use 'wenyuan import' for folders)", str(p))
        data = p.read_bytes()
    except NotAPageError:
        raise
    except OSError as e:
        raise NotAPageError(f"cannot read: {e.strerror or e}", str(p)) from None
    try:
        return parse_page(data, name=p.name)
    except NotAPageError as e:
        raise e.with_path(str(p)) from None
