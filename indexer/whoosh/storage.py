"""Where searchers read index files from: each file mapped into memory, nothing copied.

Whoosh's FileStorage reads through seek()/read() system calls, and its compound-file
reader, for all its mmap, wraps every sub-file in ``BytesIO(view)``, which copies the
whole sub-file: opening a searcher on a 100k-page index copied ~900 MB (0.7 s, and
that much resident memory in every server process). MappedStorage maps each file
read-only and hands Whoosh a StructFile whose ``get`` slices the map: no copy, no
system call per read, and pages shared with the OS cache.

Segments that indexer.whoosh.segment writes are plain files (no compound file), so every
file maps directly; a compound segment from an older index is still read, through
Whoosh's sub-file view over its mapped file (also without the copy).

Searches on several threads share one searcher, so a mapped file keeps its read
position per thread (``_Window``): Whoosh's posting readers seek() and then read(),
and two threads moving one shared position between those calls would read each
other's blocks.

Writers keep plain FileStorage reads (indexer.whoosh.index): a merge reads old segments once,
and mapped pages would stay in the writer's resident set.
"""
from __future__ import annotations

import mmap
import os
import shutil
import threading

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class _Window:
    """Bytes ``start``–``end`` of a shared map as a read-only file object, with one
    read position per thread (what seek/tell/read/readline move)."""

    def __init__(self, mapped: mmap.mmap, start: int = 0, end: int | None = None) -> None:
        self._map = mapped
        self._start = start
        self._end = len(mapped) if end is None else end
        self._local = threading.local()

    def tell(self) -> int:
        return getattr(self._local, "pos", 0)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self.tell(), os.SEEK_END: self._end - self._start}[whence]
        self._local.pos = max(0, base + offset)
        return self._local.pos

    def read(self, size: int | None = -1) -> bytes:
        pos = self.tell()
        start = self._start + pos
        stop = self._end if size is None or size < 0 else min(self._end, start + size)
        if stop <= start:
            return b""
        self._local.pos = pos + (stop - start)
        return self._map[start:stop]

    def readline(self, size: int | None = -1) -> bytes:
        start = self._start + self.tell()
        newline = self._map.find(b"\n", start, self._end)
        stop = self._end if newline < 0 else newline + 1
        if size is not None and size >= 0:
            stop = min(stop, start + size)
        return self.read(max(0, stop - start))

    def close(self) -> None:
        pass   # the map belongs to the MappedFile


class MappedFile(StructFile):
    """A read-only file mapped whole; ``get`` is a slice of the map, and reads through
    seek()/read() keep a position per thread (``_Window``)."""

    def __init__(self, mapped: mmap.mmap, name: str | None = None, window: _Window | None = None) -> None:
        super().__init__(window or _Window(mapped), name=name)
        self._map = mapped
        self._base = self.file._start
        self._owner = window is None

    def get(self, position: int, length: int) -> bytes:
        start = self._base + position
        return self._map[start:start + length]

    def subset(self, offset: int, length: int, name: str | None = None) -> MappedFile:
        """A sub-file (of a compound segment) over the same map."""
        start = self._base + offset
        return MappedFile(self._map, name=name, window=_Window(self._map, start, start + length))

    def close(self) -> None:
        if self.is_closed:
            return
        self.is_closed = True
        if self.onclose:
            self.onclose(self)
        if self._owner:
            self._map.close()


class MappedStorage(FileStorage):
    """FileStorage whose ``open_file`` maps the file (see the module docstring)."""

    def open_file(self, name, **kwargs):
        path = self._fpath(name)
        with open(path, "rb") as f:
            # The map outlives the descriptor, so a searcher holds no open files.
            if os.fstat(f.fileno()).st_size == 0:  # mmap refuses empty files
                return super().open_file(name, **kwargs)
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return MappedFile(mapped, name=name)


class WriterStorage(FileStorage):
    """Plain FileStorage for writers, which keeps segments still being built out of
    Whoosh's clean-up: at every commit, ``whoosh.index.clean_files`` deletes each file
    of a segment the new TOC does not list, and an import commits one segment while
    the next is being built (and the one before it may still be written by another
    process, indexer.whoosh.segment). SegmentBuilder registers its segment in ``building``
    from creation until it is handed to a commit or discarded."""

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)
        self.building: set[str] = set()   # segment ids (INDEXNAME_SEGID)

    def list(self):
        files = super().list()
        if not self.building:
            return files
        return [f for f in files if f.split(".", 1)[0] not in self.building]


class BuilderStorage(FileStorage):
    """The index folder as one SegmentBuilder's per-document writer sees it: the same
    files, but a temporary folder of its own. Whoosh names that folder after the index
    ("MAIN.tmp") and removes its files when a per-document writer closes, which any
    Whoosh writer's commit does, so a commit while another segment is being built
    would delete that segment's column data."""

    def __init__(self, path: str, tag: str) -> None:
        super().__init__(path, supports_mmap=False)
        self._tag = tag
        self._temps: list[str] = []

    def temp_storage(self, name=None):
        name = f"{name or 'columns'}-{self._tag}"
        self._temps.append(name)
        return super().temp_storage(name)

    def remove_temps(self) -> None:
        """Remove the temporary folders (Whoosh empties them but leaves them behind)."""
        for name in self._temps:
            shutil.rmtree(os.path.join(self.folder, name), ignore_errors=True)
        self._temps = []
