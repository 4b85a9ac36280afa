"""The segment builder writes what Whoosh's own writer would: same terms, postings,
stored fields, lengths and columns — on real paper records, in real indexes on disk."""
from __future__ import annotations

import os
import time

import numpy as np
import pytest
from whoosh import index as windex

from archive.errors import IndexStateError
from archive.record import Record, RelatedItem
from archive.store import Archive
from indexer.whoosh import index as index_mod
from indexer.whoosh.arrays import EXT as ARRAYS_EXT, PostingArrays
from indexer.whoosh.index import SearchIndex
from indexer.whoosh.postings import prepare
from indexer.documents import article_document, related_document, with_words
from indexer.whoosh.schema import build_schema
from indexer.whoosh import segment as segment_mod
from indexer.whoosh.segment import SegmentBuilder
from indexer.sync import IndexSync

from conftest import fixture_records


def _records(n: int) -> list[tuple[str, dict]]:
    rows = fixture_records()[:n]
    docs = []
    for i, r in enumerate(rows):
        rec = Record(title=r["title"], abstract=r["abstract"], keywords=r["keywords"].split(";"),
                     source=f"{r['discipline']}学报", citations=i % 7 or None, authors=[f"作者{i % 13}"],
                     body=f"　　{r['abstract']}\n第{i}部分 ABC Ｘ　y 創建 {r['title']}",
                     related=[RelatedItem(rows[(i * 7) % n]["abstract"][:40])])
        docs.append(article_document(f"p{i}", rec, f"https://example.org/{i}.html"))
        docs.append(related_document(rows[(i * 7) % n]["abstract"][:40], doc_id=f"s{i}"))
    # Edge cases for the analyzers: empty, one character, repeats, spaces and controls.
    for j, text in enumerate(["", "的", "的的的的的", "  a  b\u200b c\t\n創", "𠮷野家 吉野家"]):
        docs.append(article_document(f"e{j}", Record(title=text or None, body=text)))
    return docs


def _whoosh_index(path, docs):
    ix = windex.create_in(str(path), build_schema())
    w = ix.writer()
    for doc in docs:
        w.add_document(**with_words(doc))
    w.commit()
    return ix


def _builder_index(path, docs):
    ix = windex.create_in(str(path), build_schema())
    b = SegmentBuilder(ix.storage, ix.indexname)
    for doc in docs:
        b.add(doc["id"], prepare(doc), doc.get("page_ids"))
    seg = b.write()
    ix.writer().commit(mergetype=lambda w, segments: list(segments) + [seg])
    return ix


def _postings_files(ix) -> tuple[bytes, bytes]:
    """The segment's terms and postings files, as bytes (Whoosh writes a compound file)."""
    seg = ix._segments()[0]
    files = seg.open_compound_file(ix.storage) if seg.is_compound() else None
    out = []
    for ext in (".trm", ".pst"):
        f = files.open_file(seg.make_filename(ext)) if files else seg.open_file(ix.storage, ext)
        out.append(f.read())
        f.close()
    return out[0], out[1]


def _dump(reader):
    """Everything a search can read from an index, in comparable form."""
    postings = {}
    for fieldname, text in reader.all_terms():
        m = reader.postings(fieldname, text)
        fmt = reader.schema[fieldname].format
        items = []
        while m.is_active():
            v = m.value()
            items.append((m.id(), m.weight(), fmt.decode_positions(v) if fmt.supports("positions") else v))
            m.next()
        ti = reader.term_info(fieldname, text)
        stats = (ti.weight(), ti.doc_frequency(), ti.min_length(), ti.max_length(), ti.max_weight(),
                 ti.min_id(), ti.max_id())
        postings[(fieldname, text)] = (stats, items)
    lengths = {name: (reader.field_length(name), [reader.doc_field_length(d, name) for d in reader.all_doc_ids()])
               for name in reader.schema.scorable_names()}
    columns = {name: list(reader.column_reader(name)) for name in ("kind", "source_name", "citations")}
    return postings, list(reader.all_stored_fields()), lengths, columns


def test_builder_segment_reads_exactly_as_a_whoosh_written_one(tmp_path):
    docs = _records(300)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ia, ib = _whoosh_index(tmp_path / "a", docs), _builder_index(tmp_path / "b", docs)
    with ia.reader() as a, ib.reader() as b:
        da, db = _dump(a), _dump(b)
    # Byte for byte: the same blocks, compressed alike, the same term table.
    assert _postings_files(ia) == _postings_files(ib)
    ia.close()
    ib.close()
    assert len(da[0]) > 10_000
    assert da[0] == db[0]
    assert da[1] == db[1]
    assert da[2] == db[2]
    assert da[3] == db[3]


@pytest.mark.parametrize("group", [1, 7, 1000])
def test_a_segment_written_in_small_groups_of_postings_reads_as_whoosh_wrote_it(tmp_path, monkeypatch, group):
    # Group edges fall inside the runs of every kind of field (positions, weights, none).
    monkeypatch.setattr(segment_mod, "WRITE_GROUP_POSTINGS", group)
    docs = _records(40)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ia, ib = _whoosh_index(tmp_path / "a", docs), _builder_index(tmp_path / "b", docs)
    with ia.reader() as a, ib.reader() as b:
        assert _dump(a) == _dump(b)
    assert _postings_files(ia) == _postings_files(ib)
    ia.close()
    ib.close()


def _arrays_of(ix):
    seg = ix._segments()[0]
    return PostingArrays.open(os.path.join(ix.storage.folder, seg.make_filename(ARRAYS_EXT)))


def _assert_arrays_hold_what_whoosh_decodes(ix) -> int:
    """Every term's postings in the segment's arrays file equal what Whoosh's own reader
    decodes from its blocks: documents, weights and positions. Returns the terms seen."""
    arrays = _arrays_of(ix)
    assert arrays is not None
    seen = 0
    with ix.reader() as r:
        for fieldname, text in r.all_terms():
            fmt = r.schema[fieldname].format
            m = r.postings(fieldname, text)
            ids, weights, keys = [], [], []
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                if fmt.supports("positions"):
                    keys += [m.id() << 32 | p for p in fmt.decode_positions(m.value())]
                m.next()
            row = arrays.row(fieldname, text, r.doc_frequency(fieldname, text))
            assert row is not None, (fieldname, text)
            docs, w = arrays.postings(row)
            assert docs.tolist() == ids and w.astype(float).tolist() == weights, (fieldname, text)
            if fmt.supports("positions"):
                assert arrays.positions(row).tolist() == keys, (fieldname, text)
                every_other = np.arange(0, len(ids), 2)
                assert arrays.positions(row, every_other).tolist() == \
                    [k for k in keys if (k >> 32) in set(ids[::2])], (fieldname, text)
            seen += 1
        # A term that is not there, and one whose document frequency is wrong, have no row.
        assert arrays.row("body", "不在".encode(), 1) is None
        assert arrays.row(fieldname, text, r.doc_frequency(fieldname, text) + 1) is None
    arrays.close()
    return seen


def test_the_postings_arrays_hold_every_terms_documents_weights_and_positions(tmp_path):
    docs = _records(300)
    ix = _builder_index(tmp_path, docs)
    assert _assert_arrays_hold_what_whoosh_decodes(ix) > 10_000
    ix.close()


@pytest.mark.parametrize("group", [1, 7])
def test_postings_arrays_written_in_small_groups_hold_what_whoosh_decodes(tmp_path, monkeypatch, group):
    monkeypatch.setattr(segment_mod, "WRITE_GROUP_POSTINGS", group)
    ix = _builder_index(tmp_path, _records(40))
    assert _assert_arrays_hold_what_whoosh_decodes(ix) > 1000
    ix.close()


def test_an_incomplete_or_foreign_arrays_file_is_not_read(tmp_path):
    ix = _builder_index(tmp_path, _records(20))
    seg = ix._segments()[0]
    path = tmp_path / seg.make_filename(ARRAYS_EXT)
    ix.close()
    whole = path.read_bytes()
    assert PostingArrays.open(str(path)) is not None
    for damaged in (whole[:-1], whole[: len(whole) // 2], b"WYPA", b"", b"x" * 100,
                    whole[:4] + b"\x09" + whole[5:]):   # cut short, empty, garbage, another version
        path.write_bytes(damaged)
        assert PostingArrays.open(str(path)) is None
    path.unlink()
    assert PostingArrays.open(str(path)) is None


def test_bigram_fast_path_equals_the_tokenizer_and_format(tmp_path):
    field = build_schema()["body"]
    for text in ["", "的", "的的的", "ab", "中 文\u3000全角ＡＢ", "創建平安城市 ISSN 1671-2064", "x" * 300]:
        fp = next(f for f in prepare({"kind": "article", "body": text}).fields if f.name == "body")
        want = list(field.index(text))
        assert fp.term_list() == [t for t, _, _, _ in want]
        assert fp.length == sum(freq for _, freq, _, _ in want)


def test_a_document_added_twice_to_a_builder_is_found_once_with_its_last_text(tmp_path):
    with SearchIndex.create(tmp_path / "index") as idx:
        b = idx.new_batch()
        b.add("p1", prepare(article_document("p1", Record(title="旧标题水运"))), "p1")
        b.add("p2", prepare(article_document("p2", Record(title="别的文章"))), "p2")
        b.add("p1", prepare(article_document("p1", Record(title="新标题航运"))), "p1")
        idx.commit(b)
        assert idx.search("航运")["total"] == 1
        assert idx.search("水运")["total"] == 0
        assert idx.count() == 2


def test_small_segments_are_merged_and_large_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(index_mod, "SMALL_SEGMENT", 5)
    monkeypatch.setattr(index_mod, "MAX_SMALL", 3)
    with SearchIndex.create(tmp_path / "index") as idx:
        idx.add_documents([article_document(f"big{i}", Record(title=f"大段{i}")) for i in range(10)])
        for k in range(7):
            idx.add_documents([article_document(f"s{k}", Record(title=f"小段{k}"))])
            ix = windex.open_dir(str(idx.root / index_mod._read_pointer(idx.root)))
            counts = sorted(s.doc_count_all() for s in ix._segments())
            ix.close()
            assert counts[-1] == 10                                # the large segment is never rewritten
            assert len([c for c in counts if c < 5]) <= 3 + 1      # MAX_SMALL, plus the newest
        assert len(counts) < 1 + 7
        assert idx.search("小段")["total"] == 7 and idx.search("大段")["total"] == 10


def _archive_with_pages(tmp_path, n: int) -> Archive:
    arc = Archive.open(tmp_path / "home")
    with arc.transaction() as db:
        for i in range(n):
            sha = f"{i:064x}"
            arc.blobs.write(sha, f"page {i}".encode())
            arc.put_page(db, sha=sha, size=6, origin=f"f{i}.html",
                         record=Record(title=f"水运工程第{i}篇", body=f"航运 {i}",
                                       related=[RelatedItem(f"其他文献{i % 3}")]),
                         form="html", url=None, error=None)
    return arc


def test_staged_pages_lost_in_a_crash_are_indexed_by_the_next_sync(tmp_path):
    arc = _archive_with_pages(tmp_path, 12)
    first = IndexSync()
    assert first(arc, final=False) == 12 + 3      # staged, not committed
    first.close()                                 # the process dies before the segment is written
    assert arc.db.execute("SELECT count(*) FROM pages WHERE indexed = 2").fetchone()[0] == 12
    _sync_indexes_every_page(arc, 12)
    with SearchIndex.open(arc.index_dir) as idx:
        assert idx.search("其他文献")["total"] >= 3


def _sync_indexes_every_page(arc: Archive, pages: int) -> None:
    """A fresh sync (a new process) takes up whatever is staged or pending, and indexes it all."""
    sync = IndexSync()
    sync(arc)
    sync.close()
    assert arc.db.execute("SELECT count(*) FROM pages WHERE indexed != 1").fetchone()[0] == 0
    with SearchIndex.open(arc.index_dir) as idx:
        assert idx.search("水运工程")["total"] == pages


def test_a_segment_over_its_memory_budget_is_committed_once_written_without_a_final_sync(tmp_path, monkeypatch):

    monkeypatch.setattr(segment_mod, "BACKGROUND_BYTES", 0)   # written by a forked process
    arc = _archive_with_pages(tmp_path, 30)
    sync = IndexSync(segment_mb=0.001)   # every staged batch is over budget
    sync(arc, final=False)               # written in the background …
    deadline = time.monotonic() + 30
    while arc.db.execute("SELECT count(*) FROM pages WHERE indexed = 1").fetchone()[0] < 30:
        assert time.monotonic() < deadline, "the segment was never committed"
        time.sleep(0.05)
        sync(arc, final=False)           # … and committed by a later call once written
    sync.close()
    with SearchIndex.open(arc.index_dir) as idx:
        assert idx.search("水运工程")["total"] == 30


def test_a_final_sync_writes_its_last_segment_itself_without_a_fork(tmp_path, monkeypatch):

    monkeypatch.setattr(segment_mod, "BACKGROUND_BYTES", 0)   # any segment is large enough to fork for …

    def no_fork(self):
        raise AssertionError("a segment about to be waited for was handed to a forked writer")
    monkeypatch.setattr(SegmentBuilder, "write_in_background", no_fork)
    arc = _archive_with_pages(tmp_path, 12)
    _sync_indexes_every_page(arc, 12)   # … but a final one is committed at once


def test_a_failed_background_write_leaves_its_pages_staged_for_the_next_sync(tmp_path, monkeypatch):

    monkeypatch.setattr(segment_mod, "BACKGROUND_BYTES", 0)
    arc = _archive_with_pages(tmp_path, 12)
    sync = IndexSync(segment_mb=0.001)

    def broken(fw, f, lengths):
        raise OSError("disk full")
    monkeypatch.setattr(segment_mod, "_write_field", broken)   # inherited by the forked writer
    with pytest.raises(IndexStateError, match="writing an index segment failed"):
        sync(arc)
    sync.close()
    assert arc.db.execute("SELECT count(*) FROM pages WHERE indexed = 1").fetchone()[0] == 0
    monkeypatch.undo()
    _sync_indexes_every_page(arc, 12)


@pytest.mark.parametrize("jobs", [1, 2])
def test_import_prepares_pages_in_workers_and_indexes_them_all(tmp_path, jobs):
    from archive.importer import import_paths
    from indexer.backend import prepare_record

    src = tmp_path / "src"
    src.mkdir()
    for i in range(40):
        (src / f"p{i}.txt").write_text(f"水运工程第{i}篇\n\n来源 :航运研究 | 被引量 : {i}次\n"
                                       f"正文内容，航运与水利第{i}段。\n其他文献\n相关论文{i % 4}的摘要片段\n",
                                       encoding="utf-8")
    arc = Archive.open(tmp_path / "home")
    sync = IndexSync()
    with arc.writer_lock():
        summary = import_paths(arc, [src], jobs=jobs, sync_index=sync, prepare=prepare_record)
    sync.close()
    assert summary.imported == 40 and summary.stages["analyze"] > 0
    with SearchIndex.open(arc.index_dir) as idx:
        assert idx.search("水运工程")["total"] == 40
        assert idx.search('"第17篇"')["total"] == 1


def test_an_import_commits_segments_written_in_the_background_while_the_next_is_built(tmp_path, monkeypatch):
    import archive.importer as importer_mod
    from archive.importer import import_paths
    from indexer.backend import prepare_record

    monkeypatch.setattr(segment_mod, "BACKGROUND_BYTES", 0)   # every segment is written by a fork
    monkeypatch.setattr(importer_mod, "BATCH_PAGES", 5)    # many catalog batches, each over budget
    src = tmp_path / "src"
    src.mkdir()
    for i in range(40):
        (src / f"p{i}.txt").write_text(f"水运工程第{i}篇\n\n来源 :航运研究 | 被引量 : {i}次\n"
                                       f"正文内容，航运与水利第{i}段。\n", encoding="utf-8")
    arc = Archive.open(tmp_path / "home")
    sync = IndexSync(segment_mb=0.001)
    with arc.writer_lock():
        summary = import_paths(arc, [src], jobs=1, sync_index=sync, prepare=prepare_record)
    sync.close()
    assert summary.imported == 40
    assert arc.db.execute("SELECT count(*) FROM pages WHERE indexed != 1").fetchone()[0] == 0
    with SearchIndex.open(arc.index_dir) as idx:
        assert idx.search("水运工程", per_page=100)["total"] == 40
    gen = next(p for p in arc.index_dir.iterdir() if p.is_dir())
    assert not [p.name for p in gen.iterdir() if p.is_dir()], "temporary folders left behind"
