"""A sample of the national law library (国家法律法规库, /flfg/) shipped with the demo.

demo_data/laws.json holds 43 versions of 36 laws, regulations and interpretations taken from the
law corpus (LawRefBook's texts of 国家法律法规数据库; written by scripts/demo_laws.py), each its
manifest row with the Markdown text. They go in through the importer of `import_laws`, so the
sample shows what a full import shows — levels, version chains (已修改), laws no longer in force
(已废止), 索引号 — without ../shared. Laws are not protected by copyright (著作权法 Art. 5).
"""

from __future__ import annotations

import json

from gongkai.documents.importers.lawrefbook import SOURCE, ImportReport, import_law_rows
from gongkai.documents.models import PolicyDocumentPage
from gongkai.sites.services import portal_ensure
from gongkai.web.demo.base import DEMO_DATA

LAWS_FILE = DEMO_DATA / "laws.json"


def laws_import() -> ImportReport | None:
    """Import the sample; None when every row of it is there already (a re-import would change
    nothing but queue every law for the search index again)."""
    rows = json.loads(LAWS_FILE.read_text(encoding="utf-8"))
    keys = [f"{SOURCE}:{row['id']}" for row in rows]
    if PolicyDocumentPage.objects.filter(source_key__in=keys).count() == len(keys):
        return None
    report = import_law_rows(rows, portal_ensure())
    if report.rejected:
        raise ValueError(report.summary())
    return report
