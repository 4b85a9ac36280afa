"""Walk import inputs — files, folders, zip and tar archives, WARC files — into items.

Each item is one candidate page: its bytes and where it came from. Trouble found while
walking (an unreadable file, a zip member whose name escapes, a zip bomb) becomes an item
carrying the refusal, so the importer reports it beside every good page instead of
stopping. Nothing here is extracted to disk: members are read into memory one at a time,
each capped at the page size limit.
"""
from __future__ import annotations

import gzip
import os
import posixpath
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .page import MAX_PAGE_BYTES

# Bounds that make an archive a bomb rather than a bundle of pages.
MAX_ARCHIVE_TOTAL = 4 * 1024 ** 3        # uncompressed bytes read from one archive
MAX_RATIO = 200                          # uncompressed / compressed, per member over 1 MB
_RATIO_FLOOR = 1024 * 1024

_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


@dataclass
class Item:
    origin: str                      # path, "archive.zip!member", or "file.warc!URL"
    data: bytes | None = None
    url: str | None = None           # the page's URL when the container says (WARC)
    content_type: str | None = None  # HTTP Content-Type from a WARC response
    error: str | None = None         # set when the item is refused before parsing


def _unsafe_member(name: str) -> bool:
    norm = posixpath.normpath(name.replace("\\", "/"))
    return name.startswith(("/", "\\")) or norm.startswith("..") or (len(name) > 1 and name[1] == ":")


def _kind(path: Path, head: bytes) -> str:
    name = path.name.lower()
    if name.endswith(_WARC_SUFFIXES) or head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"\x1f\x8b") and name.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")) or name.endswith(".zip"):
        return "zip"
    if name.endswith(_TAR_SUFFIXES) or (len(head) > 262 and head[257:262] == b"ustar"):
        return "tar"
    return "file"


def iter_items(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every candidate page under ``paths``, in a stable order (sorted folder walks)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    yield from _file_items(Path(root) / name)
        elif path.exists():
            yield from _file_items(path)
        else:
            yield Item(str(path), error="no such file or folder")


def _file_items(path: Path) -> Iterator[Item]:
    origin = str(path)
    try:
        if path.is_symlink() and not path.exists():
            yield Item(origin, error="broken symbolic link")
            return
        with path.open("rb") as f:
            head = f.read(512)
        kind = _kind(path, head)
        if kind == "zip":
            yield from _zip_items(path)
        elif kind == "tar":
            yield from _tar_items(path)
        elif kind == "warc":
            yield from _warc_items(path)
        else:
            size = path.stat().st_size
            if size > MAX_PAGE_BYTES:
                yield Item(origin, error=f"too large for a page ({size / 2**20:.1f} MB; the limit is "
                                         f"{MAX_PAGE_BYTES // 2**20} MB)")
                return
            yield Item(origin, data=path.read_bytes())
    except OSError as e:
        yield Item(origin, error=f"cannot read: {e.strerror or e}")


def _zip_items(path: Path) -> Iterator[Item]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        yield Item(str(path), error=f"damaged zip archive: {e}")
        return
    total = 0
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            origin = f"{path}!{info.filename}"
            if _unsafe_member(info.filename):
                yield Item(origin, error="unsafe member name (absolute or escaping with ..): skipped")
                continue
            if info.file_size > MAX_PAGE_BYTES:
                yield Item(origin, error=f"too large for a page ({info.file_size / 2**20:.1f} MB uncompressed)")
                continue
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                yield Item(origin, error="refused as a zip bomb (compression ratio "
                                         f"{info.file_size // max(info.compress_size, 1)}:1)")
                continue
            if total + info.file_size > MAX_ARCHIVE_TOTAL:
                yield Item(origin, error="refused: the archive expands past "
                                         f"{MAX_ARCHIVE_TOTAL // 1024 ** 3} GB (zip bomb?); the rest is skipped")
                return
            try:
                with zf.open(info) as member:
                    data = member.read(MAX_PAGE_BYTES + 1)   # the header may lie about the size
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as e:
                yield Item(origin, error=f"damaged or encrypted zip member: {e}")
                continue
            total += len(data)
            if len(data) > MAX_PAGE_BYTES:
                yield Item(origin, error="too large for a page (uncompressed size lied about)")
                continue
            yield Item(origin, data=data)


def _tar_items(path: Path) -> Iterator[Item]:
    try:
        tf = tarfile.open(path, mode="r:*")
    except (tarfile.TarError, OSError, EOFError) as e:
        yield Item(str(path), error=f"damaged tar archive: {e}")
        return
    total = 0
    with tf:
        try:
            for info in tf:
                if not info.isfile():
                    continue
                origin = f"{path}!{info.name}"
                if _unsafe_member(info.name):
                    yield Item(origin, error="unsafe member name (absolute or escaping with ..): skipped")
                    continue
                if info.size > MAX_PAGE_BYTES:
                    yield Item(origin, error=f"too large for a page ({info.size / 2**20:.1f} MB)")
                    continue
                if total + info.size > MAX_ARCHIVE_TOTAL:
                    yield Item(origin, error="refused: the archive expands past "
                                             f"{MAX_ARCHIVE_TOTAL // 1024 ** 3} GB; the rest is skipped")
                    return
                member = tf.extractfile(info)
                if member is None:
                    continue
                data = member.read(MAX_PAGE_BYTES + 1)
                total += len(data)
                yield Item(origin, data=data)
        except (tarfile.TarError, OSError, EOFError, zlib.error) as e:
            yield Item(str(path), error=f"damaged tar archive (stopped reading): {e}")


def _warc_items(path: Path) -> Iterator[Item]:
    from warcio.exceptions import ArchiveLoadFailed

    yielded = 0
    try:
        with path.open("rb") as f:
            for item in _warc_records(f):
                yielded += 1
                yield item
        return
    except ArchiveLoadFailed as e:
        if "non-chunked gzip" not in str(e):
            yield Item(str(path), error=f"damaged WARC file (stopped reading): {_one_line(e)}")
            return
    except (OSError, EOFError, ValueError) as e:
        yield Item(str(path), error=f"damaged WARC file (stopped reading): {_one_line(e)}")
        return
    # A WARC gzipped as one stream instead of record by record: read it through gzip.
    try:
        with gzip.open(path, "rb") as f:
            for n, item in enumerate(_warc_records(f)):
                if n >= yielded:
                    yield item
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
        yield Item(str(path), error=f"damaged WARC file (stopped reading): {_one_line(e)}")


def _warc_records(stream) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    for rec in ArchiveIterator(stream):
        if rec.rec_type != "response":
            continue
        url = rec.rec_headers.get_header("WARC-Target-URI")
        where = stream.name if hasattr(stream, "name") else "warc"
        origin = f"{where}!{url or rec.rec_headers.get_header('WARC-Record-ID')}"
        ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else None
        status = rec.http_headers.get_statuscode() if rec.http_headers else None
        if status and not str(status).startswith("2"):
            yield Item(origin, url=url, error=f"HTTP {status} response, not a page")
            continue
        data = rec.content_stream().read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES:
            yield Item(origin, url=url, error="too large for a page")
            continue
        yield Item(origin, data=data, url=url, content_type=ctype)


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split())[:200] or type(e).__name__


def count_items(paths: Iterable[str | Path]) -> int | None:
    """A cheap upfront count for the progress bar (None when it would cost a full read)."""
    n = 0
    for p in paths:
        path = Path(p)
        files = [path] if not path.is_dir() else [Path(r) / f for r, _, fs in os.walk(path) for f in fs]
        for f in files:
            name = f.name.lower()
            if name.endswith(".zip"):
                try:
                    with zipfile.ZipFile(f) as z:
                        n += sum(1 for i in z.infolist() if not i.is_dir())
                except (zipfile.BadZipFile, OSError):
                    n += 1
            elif name.endswith(_TAR_SUFFIXES + _WARC_SUFFIXES):
                return None
            else:
                n += 1
    return n

