"""The bulk build: records spread over worker processes, their indexes joined into one."""

import json
from datetime import date

import pytest
import tantivy

from gongkai.search import bulk
from gongkai.search.registry import SearchRecord
from gongkai.search.schema import SCHEMA

WORDS = ["征地补偿", "政务公开", "依申请公开", "行政许可", "安全生产"]


def record(n: int) -> SearchRecord:
    return SearchRecord(
        key=f"t:{n}",
        title=f"第{n}号{WORDS[n % 5]}通知",
        url=f"/t/{n}/",
        kind="document",
        doc_type="normative",
        doc_type_label="",
        topic="综合政务",
        owner_code=f"b{n % 3}",
        owner_name=f"机关{n % 3}",
        body_codes=[f"b{n % 3}", "root"],
        published_on=date(2024, 1, 1),
        starts_on=date(2024, 1, 1),
        body_text=f"本文件第{n}条规定{WORDS[n % 5]}的办理程序。",
    )


def keys_matching(path, phrase: str) -> set[str]:
    index = tantivy.Index.open(str(path))
    searcher = index.searcher()
    grams = [(i, phrase[i : i + 2]) for i in range(len(phrase) - 1)]
    found = searcher.search(tantivy.Query.phrase_query(SCHEMA, "grams", grams), 1000)
    return {searcher.doc(address).get_first("key") for _, address in found.hits}


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_every_record_is_indexed_once_whatever_the_number_of_workers(
    tmp_path, monkeypatch, workers
):
    monkeypatch.setattr(bulk, "BATCH", 7)  # 100 records: 15 batches over the workers
    records = [record(n) for n in range(100)]

    assert bulk.build_index(tmp_path, iter(records), workers=workers) == 100

    index = tantivy.Index.open(str(tmp_path))
    assert index.searcher().num_docs == 100
    expected = {r.key for r in records if "依申请公开" in r.body_text}
    assert keys_matching(tmp_path, "依申请公开") == expected
    assert len(expected) == 20
    # Nothing of the workers' own folders is left; tantivy owns every file meta.json lists.
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".part-")]
    managed = set(json.loads((tmp_path / ".managed.json").read_text()))
    segments = json.loads((tmp_path / "meta.json").read_text())["segments"]
    for segment in segments:
        prefix = segment["segment_id"].replace("-", "")
        assert any(name.startswith(prefix) for name in managed)
        assert all((tmp_path / name).exists() for name in managed if name.startswith(prefix))


def test_the_joined_index_takes_further_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 5)
    bulk.build_index(tmp_path, (record(n) for n in range(30)), workers=2)
    index = tantivy.Index.open(str(tmp_path))
    writer = index.writer(50_000_000, 1)
    writer.delete_documents_by_term("key", "t:2")
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    assert index.searcher().num_docs == 29
    assert keys_matching(tmp_path, "依申请公开") == {"t:7", "t:12", "t:17", "t:22", "t:27"}


def test_a_failing_worker_stops_the_build_with_its_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 3)

    def broken(record):
        if record.key == "t:17":
            raise ValueError("第17条记录无法建立索引")
        return original(record)

    original = bulk.to_document
    monkeypatch.setattr(bulk, "to_document", broken)
    with pytest.raises(bulk.BuildError, match="第17条记录无法建立索引"):
        bulk.build_index(tmp_path, (record(n) for n in range(60)), workers=2)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".part-")]


def test_the_facet_thread_pool_is_made_again_in_a_forked_process(monkeypatch):
    from gongkai.search import selectors

    here = selectors._pool()
    assert selectors._pool() is here
    monkeypatch.setattr(selectors.os, "getpid", lambda: -1)  # as a child after fork sees it
    child = selectors._pool()
    assert child is not here
    assert child.submit(sum, [1, 2]).result() == 3
