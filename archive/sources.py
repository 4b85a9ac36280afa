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
import stat
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
_ARCHIVE_RATIO_FLOOR = 16 * 1024 * 1024  # and for a whole archive, past 16 MB expanded

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


def origin_text(s: str) -> str:
    """A path as text that SQLite and a terminal can take, losslessly: bytes of a name that
    are not UTF-8 (a GBK name from Windows, held by Python as surrogate escapes) become
    backslash escapes of those bytes."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return os.fsencode(s).decode("utf-8", "backslashreplace")


def iter_items(paths: Iterable[str | Path], *, follow_symlinks: bool = False,
               stdin: bytes | None = None, skip: Iterable[str | Path] = ()) -> Iterator[Item]:
    """Every candidate page under ``paths``, in a stable order (sorted folder walks).

    Only regular files are read. Inside a folder, a symbolic link is reported as not
    followed unless ``follow_symlinks``; even then, a link that leaves the imported
    folders, or leads to a FIFO, socket or device, is refused. A path named on the
    command line is followed (the user named it), but must be a regular file too.
    Folders that cannot be read are reported, never skipped in silence. A path ``-`` is
    one page read from standard input beforehand (``stdin``). Folders in ``skip`` (the
    archive's own home, when it lies inside an imported folder) are never walked into:
    its catalog and stored blobs are not pages to import."""
    paths = [Path(p) for p in paths]
    roots = [os.path.realpath(p) for p in paths if p.is_dir()]
    skipped = {os.path.realpath(s) for s in skip}
    for path in paths:
        if str(path) == "-":
            yield Item("-", data=stdin) if stdin else Item("-", error="standard input is empty")
        elif path.is_dir():
            errors: list[OSError] = []
            if os.path.realpath(path) in skipped:
                yield Item(origin_text(str(path)), error="this folder is the archive itself: not imported")
                continue
            for root, dirs, files in os.walk(path, onerror=errors.append):
                yield from _folder_errors(errors, root)
                dirs[:] = sorted(d for d in dirs if os.path.realpath(os.path.join(root, d)) not in skipped)
                for d in [d for d in dirs if os.path.islink(os.path.join(root, d))]:
                    yield Item(origin_text(os.path.join(root, d)),
                               error="symbolic link to a folder: not followed")
                for name in sorted(files):
                    yield from _walked_file(Path(root) / name, roots, follow_symlinks)
            yield from _folder_errors(errors, str(path))
        elif path.exists():
            reason = _not_regular(path.stat())
            if reason:
                yield Item(origin_text(str(path)), error=reason)
            else:
                yield from _file_items(path)
        elif path.is_symlink():
            yield Item(origin_text(str(path)), error="broken symbolic link")
        else:
            yield Item(origin_text(str(path)), error="no such file or folder")


def _walk(path: Path, skipped: set[str]):
    """os.walk, never entering the folders in ``skipped``."""
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if os.path.realpath(os.path.join(root, d)) not in skipped]
        yield root, dirs, files


def _folder_errors(errors: list[OSError], where: str) -> Iterator[Item]:
    """The folders os.walk could not read (its onerror list), reported and cleared."""
    for e in errors:
        yield Item(origin_text(str(e.filename or where)), error=f"cannot read folder: {e.strerror or e}")
    errors.clear()


def _not_regular(st: os.stat_result) -> str | None:
    if stat.S_ISREG(st.st_mode):
        return None
    kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
            else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a file")
    return f"not a regular file ({kind}): skipped"


def _walked_file(path: Path, roots: list[str], follow: bool) -> Iterator[Item]:
    origin = origin_text(str(path))
    try:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            if not follow:
                yield Item(origin, error="symbolic link: not followed (use --follow-symlinks)")
                return
            target = os.path.realpath(path)
            if not any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
                yield Item(origin, error="symbolic link to a file outside the imported folders: refused")
                return
            st = path.stat()
        reason = _not_regular(st)
        if reason:
            yield Item(origin, error=reason)
            return
    except OSError as e:
        yield Item(origin, error=f"cannot read: {e.strerror or e}")
        return
    yield from _file_items(path)


def _file_items(path: Path) -> Iterator[Item]:
    origin = origin_text(str(path))
    try:
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


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker meant it. Without the UTF-8 flag, zipfile reads names
    as CP437; Chinese Windows tools write CP936 (GBK), which is tried when it is valid."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def _expands_too_much(total: int, packed: int) -> bool:
    """An archive whose pages, added up, expand far past its own size: a bomb made of
    many small members slips past any per-member check."""
    return total > _ARCHIVE_RATIO_FLOOR and total > MAX_RATIO * max(packed, 1)


def _zip_items(path: Path) -> Iterator[Item]:
    try:
        zf = zipfile.ZipFile(path)
        packed = path.stat().st_size
    except (zipfile.BadZipFile, OSError) as e:
        yield Item(origin_text(str(path)), error=f"damaged zip archive: {e}")
        return
    total = 0
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            origin = origin_text(f"{path}!{_zip_name(info)}")
            if _expands_too_much(total + info.file_size, packed):
                yield Item(origin, error=f"refused: the archive expands over {MAX_RATIO}:1 (zip bomb?); "
                                         "the rest is skipped")
                return
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
        raw = path.open("rb")
    except OSError as e:
        yield Item(origin_text(str(path)), error=f"cannot read: {e.strerror or e}")
        return
    try:
        tf = tarfile.open(fileobj=raw, mode="r:*")
    except (tarfile.TarError, OSError, EOFError) as e:
        raw.close()
        yield Item(origin_text(str(path)), error=f"damaged tar archive: {e}")
        return
    total = 0
    with raw, tf:
        try:
            for info in tf:
                origin = origin_text(f"{path}!{info.name}")
                if info.isdir():
                    continue
                if not info.isfile():
                    what = "a link" if info.issym() or info.islnk() else "a device or FIFO"
                    yield Item(origin, error=f"{what} in the archive, not a page: skipped")
                    continue
                # raw.tell(): compressed bytes read so far, however the tar is compressed.
                if _expands_too_much(total + info.size, raw.tell()):
                    yield Item(origin, error=f"refused: the archive expands over {MAX_RATIO}:1 "
                                             "(tar bomb?); the rest is skipped")
                    return
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
            yield Item(origin_text(str(path)), error=f"damaged tar archive (stopped reading): {e}")


class _Bomb(Exception):
    pass


class _Bounded:
    """A decompressing reader that stops a stream expanding past MAX_RATIO times the
    compressed bytes read (past a floor), or past MAX_ARCHIVE_TOTAL: a 1 MB gzip of zeros
    is a gigabyte that WARC readers would buffer as one line."""

    def __init__(self, inner, raw) -> None:
        self.inner, self.raw, self.total = inner, raw, 0
        self.name = getattr(raw, "name", "warc")

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:   # everything, still checked block by block
            return b"".join(iter(lambda: self.read(1 << 20), b""))
        data = self.inner.read(n)
        self.total += len(data)
        if self.total > MAX_ARCHIVE_TOTAL or (
                self.total > _RATIO_FLOOR and self.total > MAX_RATIO * max(self.raw.tell(), 1)):
            raise _Bomb(f"refused: expands over {MAX_RATIO}:1 (gzip bomb?); the rest is skipped")
        return data


def _warc_items(path: Path) -> Iterator[Item]:
    from warcio.exceptions import ArchiveLoadFailed

    origin = origin_text(str(path))
    try:
        with path.open("rb") as raw:
            compressed = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            stream = _Bounded(gzip.GzipFile(fileobj=raw, mode="rb"), raw) if compressed else raw
            head = stream.read(5)
            if head not in (b"WARC/", b"filed"):   # WARC/1.x, or an ARC's filedesc:// line
                yield Item(origin, error="not a WARC file (no WARC record at its start)")
                return
            yield from _warc_records(_Prefixed(head, stream))
    except _Bomb as e:
        yield Item(origin, error=str(e))
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error) as e:
        yield Item(origin, error=f"damaged WARC file (stopped reading): {_one_line(e)}")


class _Prefixed:
    """A stream with bytes already read put back in front."""

    def __init__(self, head: bytes, stream) -> None:
        self.head, self.stream = head, stream
        self.name = getattr(stream, "name", "warc")

    def read(self, n: int = -1) -> bytes:
        if self.head:
            if n is None or n < 0:
                data, self.head = self.head + self.stream.read(), b""
                return data
            data, self.head = self.head[:n], self.head[n:]
            return data if len(data) == n else data + self.stream.read(n - len(data))
        return self.stream.read(n)


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


def count_items(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> int | None:
    """A cheap upfront count for the progress bar (None when it would cost a full read)."""
    n = 0
    skipped = {os.path.realpath(s) for s in skip}
    for p in paths:
        path = Path(p)
        files = [path] if not path.is_dir() else [Path(r) / f for r, _, fs in _walk(path, skipped) for f in fs]
        for f in files:
            name = f.name.lower()
            if name.endswith(".zip") and f.is_file() and not f.is_symlink():   # never open a FIFO
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

