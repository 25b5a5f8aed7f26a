"""The real law corpus (../shared/corpus/lawrefbook_laws) imported once per test run.

Importing its 3,445 rows through `import_laws` takes about a minute, and three modules need the
result: documents/tests/test_import_laws.py (the import itself), search/tests/
test_recall_corpus.py (exact recall of the index on it) and search/tests/test_facets_corpus.py
(facet counts). They share one import:

* it runs inside an outer transaction opened on the test database before the first test that
  asks for `law_import` and *rolled back* after the last one, so nothing is ever committed and
  nothing leaks into other tests (not the library subtree, nor what `import_laws` creates
  beside it: 索引号 serials, search outbox and reference-index rows);
* every `django_db` test nests its own transaction (a savepoint) inside it, so what a test adds
  on top (the idempotent second import, for one) is rolled back by the test as usual;
* gongkai/conftest.py runs the tests that use it one after the other (at the end of the ordinary
  tests) and, under pytest-xdist, sends the modules listed in `MODULES` to one worker together;
  its `pytest_runtest_teardown` closes the import after the last of them.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from gongkai.search.registry import SearchRecord
from gongkai.testing import CORPUS

LAWS = CORPUS / "lawrefbook_laws"
FIXTURE = "law_import"
# The test modules that use `law_import` (collection refuses any other).
MODULES = (
    "gongkai/documents/tests/test_import_laws.py",
    "gongkai/search/tests/test_recall_corpus.py",
    "gongkai/search/tests/test_facets_corpus.py",
)


def read_manifest(folder: Path) -> list[dict]:
    with open(folder / "manifest.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class LawImport:
    folder: Path
    output: str  # what `import_laws` printed
    rows: list[dict] = field(repr=False)  # every manifest row


class _Shared:
    def __init__(self) -> None:
        self.outer: transaction.Atomic | None = None
        self.result: LawImport | None = None
        self.index_dir: Path | None = None
        self.records: dict[str, SearchRecord] = {}  # key → record, of what the index holds

    def index(self, blocker, folder: Path) -> Path:
        """The imported corpus in a search index of its own, built once (into `folder`, the
        first time) for every module that reads it; those modules only search it. The records
        it indexed stay in `records`, so that no module computes them a second time."""
        if self.index_dir is None:
            from django.test import override_settings

            from gongkai.search import index as idx

            with override_settings(GONGKAI_SEARCH_INDEX_DIR=str(folder)), blocker.unblock():
                records = list(idx.all_records())
                idx.rebuild(records=records)
            self.records = {record.key: record for record in records}
            self.index_dir = folder
        return self.index_dir

    def open(self, blocker) -> LawImport:
        if self.result is not None:
            return self.result
        with blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                out = io.StringIO()
                call_command("import_laws", LAWS, stdout=out)
            except BaseException:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)
                raise
        self.outer = outer
        self.result = LawImport(folder=LAWS, output=out.getvalue(), rows=read_manifest(LAWS))
        return self.result

    def close(self, blocker) -> None:
        if self.outer is None:
            return
        with blocker.unblock():
            transaction.set_rollback(True)
            self.outer.__exit__(None, None, None)
        self.outer = None
        self.result = None
        self.index_dir = None
        self.records = {}


shared = _Shared()
