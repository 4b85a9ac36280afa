"""Bytes → text, reporting the codec that was used.

Order of evidence, strongest first:
1. a byte-order mark;
2. UTF-16 without a BOM, recognised by its NUL bytes in every other position;
3. strict UTF-8 — long non-ASCII text that is valid UTF-8 is practically never
   anything else, while UTF-8 pages wrongly declared as GBK do decode "cleanly"
   as GBK mojibake often enough to matter;
4. the declared charset (HTTP header, <meta>, XML declaration, MHTML part header),
   only if the bytes decode cleanly with it; gb2312/gbk are widened (a page declared
   gb2312 routinely contains GBK-only characters such as 創 and 镕);
5. chardet's guess, then the usual Chinese codecs, each only if it decodes cleanly;
6. damaged bytes: the candidate with the fewest undecodable bytes, replacing just those.

Never raises: every byte string decodes to something, and ``Decoded.errors`` says how
many bytes had to be replaced.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .labels import CODEC_WIDENING

# How much of the page to show chardet: enough text to vote, bounded cost on huge pages.
_DETECT_SAMPLE = 64 * 1024
_DECL_SCAN = 8 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.I)


@dataclass(frozen=True)
class Decoded:
    codec: str       # Python codec name of the bytes, e.g. "utf-8", "gbk", "gb18030"
    text: str
    errors: int = 0  # undecodable bytes replaced by U+FFFD (0 for a clean decode)


def normalize_codec(name: str | None) -> str | None:
    """A declared charset label → the Python codec we should try, or None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = CODEC_WIDENING.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (<meta> or XML declaration)."""
    head = data[:_DECL_SCAN]
    m = _XML_DECL.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def charset_from_content_type(value: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header value."""
    if not value:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", value, re.I)
    return m.group(1) if m else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _strict_but_cut(data: bytes, codec: str) -> str | None:
    """A clean decode of a page cut off mid-character: all but its last 1-3 bytes decode."""
    try:
        data.decode(codec)
    except UnicodeDecodeError as e:
        if e.start < len(data) - 3 or e.reason != "unexpected end of data" and codec != "gb18030":
            return None
    except LookupError:
        return None
    for k in (1, 2, 3):
        text = _strict(data[:-k], codec)
        if text is not None:
            return text
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in one byte parity only (ASCII markup in UTF-16)."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd > 0.3 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.3 and z_odd < 0.05:
        return "utf-16-be"
    return None


def _chardet_guess(data: bytes) -> str | None:
    import chardet  # imported lazily: most pages are settled before detection is needed

    guess = chardet.detect(data[:_DETECT_SAMPLE]).get("encoding")
    return normalize_codec(guess)


def _report_name(codec: str, data: bytes) -> str:
    """The name to report for a clean decode: the narrowest codec that still fits.

    gb18030 is tried for any GB-family page, but a file that is plain GBK is reported as
    "gbk" — the truthful answer to "what encoding are these bytes in".
    """
    if codec == "gb18030" and _strict(data, "gbk") is not None:
        return "gbk"
    if codec == "utf-8-sig":
        return "utf-8"
    return codec


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode page bytes; ``declared`` is a charset from outside the bytes (HTTP, MIME)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None:
                return Decoded("utf-8" if codec == "utf-8-sig" else codec, text.lstrip("\ufeff"))
            break

    utf16 = _utf16_without_bom(data)
    if utf16:
        text = _strict(data[: len(data) - len(data) % 2], utf16)
        if text is not None:
            return Decoded(utf16, text)

    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded("utf-8", text)
    text = _strict_but_cut(data, "utf-8")
    if text is not None:
        return Decoded("utf-8", text, errors=1)

    candidates: list[str] = []
    for label in (declared, declared_charset(data)):
        codec = normalize_codec(label)
        if codec and codec not in candidates:
            candidates.append(codec)
    for codec in candidates:
        text = _strict(data, codec)
        if text is not None:
            return Decoded(_report_name(codec, data), text)

    guess = _chardet_guess(data)
    single_byte = guess is not None and _is_single_byte(guess)
    fallbacks = [c for c in ((None if single_byte else guess), "gb18030", "big5hkscs")
                 if c and c not in candidates]
    for codec in fallbacks:
        text = _strict(data, codec)
        if text is not None:
            return Decoded(_report_name(codec, data), text)

    # Damaged bytes: every multi-byte candidate failed somewhere. Keep the reading that
    # loses least, replacing only the bytes it cannot read.
    best: Decoded | None = None
    for codec in dict.fromkeys(candidates + ["utf-8"] + fallbacks):
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd") - _strict_count_replacement(data, codec)
        if best is None or bad < best.errors:
            best = Decoded(codec, text, bad)
    assert best is not None
    # A single-byte codec decodes any bytes "cleanly", so it only wins over a reading
    # that is broken throughout (a Latin-1 or similar page with no Chinese in it).
    if single_byte and guess and best.errors > max(8, len(data) // 100):
        return Decoded(guess, data.decode(guess, errors="replace"))
    return best


def _is_single_byte(codec: str) -> bool:
    try:
        return all(len(bytes([b]).decode(codec)) == 1 for b in (0x41, 0xC1, 0xE4))
    except (UnicodeDecodeError, LookupError):
        return False


def _strict_count_replacement(data: bytes, codec: str) -> int:
    """U+FFFD characters genuinely present in the bytes (so they are not counted as errors)."""
    try:
        marker = "\ufffd".encode(codec)
    except (UnicodeEncodeError, LookupError):
        return 0
    return data.count(marker) if marker else 0
