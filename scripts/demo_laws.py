"""Write the demo's sample of the national law library (gongkai/web/demo_data/laws.json).

The sample is taken from the law corpus beside the project (../shared/corpus/lawrefbook_laws, the
LawRefBook texts of 国家法律法规数据库): the laws and regulations a government-affairs openness
office works with, every version of those that have two (so that the demo shows version chains and
已修改), and two that upstream marks as no longer in force (已废止). Each row is the corpus's
manifest row with the Markdown text under "text"; `load_demo` imports them with the importer of
`import_laws` (documents.importers.lawrefbook.import_law_rows) and never reads ../shared.

Run from the project folder when the selection changes:
    .venv/bin/python scripts/demo_laws.py [../shared/corpus/lawrefbook_laws]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "lawrefbook_laws"
OUT = ROOT / "gongkai" / "web" / "demo_data" / "laws.json"

# (level, name); every version of each name in the corpus is taken.
SELECTION = [
    ("宪法", "宪法"),
    ("宪法", "宪法修正案（2018年）"),
    ("法律", "立法法"),
    ("法律", "国务院组织法"),
    ("法律", "行政复议法"),
    ("法律", "行政诉讼法"),
    ("法律", "行政许可法"),
    ("法律", "行政处罚法"),
    ("法律", "行政强制法"),
    ("法律", "国家赔偿法"),
    ("法律", "保守国家秘密法"),
    ("法律", "档案法"),
    ("法律", "统计法"),
    ("法律", "个人信息保护法"),
    ("法律", "数据安全法"),
    ("法律", "网络安全法"),
    ("法律", "电子签名法"),
    ("法律", "公职人员政务处分法"),
    ("行政法规", "政府信息公开条例"),
    ("行政法规", "优化营商环境条例"),
    ("行政法规", "重大行政决策程序暂行条例"),
    ("行政法规", "规章制定程序条例"),
    ("行政法规", "行政法规制定程序条例"),
    ("行政法规", "法规规章备案审查条例"),
    ("行政法规", "信访条例"),
    ("行政法规", "信访工作条例"),
    ("行政法规", "政务数据共享条例"),
    ("行政法规", "保守国家秘密法实施条例"),
    ("行政法规", "档案法实施条例"),
    ("行政法规", "行政复议法实施条例"),
    ("行政法规", "国家赔偿费用管理条例"),
    ("司法解释", "最高人民法院关于审理政府信息公开行政案件若干问题的规定"),
    ("司法解释", "最高人民法院关于适用《行政诉讼法》若干问题的解释"),
    ("部门规章", "市场监督管理行政处罚信息公示规定"),
    ("地方性法规", "北京市优化营商环境条例"),
    ("地方性法规", "浙江省组织实施宪法宣誓制度办法"),
]
# What the importer reads of a manifest row (documents/importers/lawrefbook.py).
FIELDS = (
    "id",
    "source_db",
    "level",
    "name",
    "publish",
    "valid_from",
    "expired",
    "header_events",
    "doc_number_candidates",
    "issuing_body_candidates",
)


def main(corpus: Path) -> None:
    wanted = set(SELECTION)
    rows = []
    with open(corpus / "manifest.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if (row["level"], row["name"]) in wanted:
                sample = {key: row.get(key) for key in FIELDS}
                sample["text"] = (corpus / row["file"]).read_text(encoding="utf-8")
                rows.append(sample)
    found = {(row["level"], row["name"]) for row in rows}
    if missing := wanted - found:
        sys.exit(f"not in the corpus: {sorted(missing)}")
    rows.sort(key=lambda row: (row["level"], row["name"], row["publish"] or ""))
    # One row per line: a change to one law is a change to one line.
    lines = ",\n".join(json.dumps(row, ensure_ascii=False, sort_keys=True) for row in rows)
    OUT.write_text(f"[\n{lines}\n]\n", encoding="utf-8")
    print(f"{len(rows)} versions of {len(found)} laws, {OUT.stat().st_size:,} bytes → {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
