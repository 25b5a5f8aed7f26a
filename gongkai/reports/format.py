"""The 2021 annual-report format as data — the one source of truth for every label.

《中华人民共和国政府信息公开工作年度报告格式》, issued with 国办公开办函〔2021〕30号 ("the 2021
format"; regulations.md §2). Computation, validation, the JSON form and (later) the rendering all
read the section headings, captions, rows and columns from here, so a label is spelled once.

Pure: no Django. Each row and column has a stable English `key` for the code and the exact
Chinese `label` of the format. The keys of table 三's columns are the `ApplicantType` values and the
keys of its result rows the `DecisionCode` values (a test checks that they agree); the keys of
table 四's columns are the `RemedyOutcome` values.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- The six sections (regulations.md §2.1) -----------------------------------------------------

SECTION_OVERVIEW = "一、总体情况"
SECTION_PROACTIVE = "二、主动公开政府信息情况"
SECTION_APPLICATIONS = "三、收到和处理政府信息公开申请情况"
SECTION_REMEDIES = "四、政府信息公开行政复议、行政诉讼情况"
SECTION_PROBLEMS = "五、存在的主要问题及改进情况"
SECTION_OTHER = "六、其他需要报告的事项"

SECTIONS: tuple[str, ...] = (
    SECTION_OVERVIEW,
    SECTION_PROACTIVE,
    SECTION_APPLICATIONS,
    SECTION_REMEDIES,
    SECTION_PROBLEMS,
    SECTION_OTHER,
)
# Sections 一, 五 and 六 are narrative text written by staff; 二–四 are tables.
NARRATIVE_SECTIONS: tuple[str, ...] = (SECTION_OVERVIEW, SECTION_PROBLEMS, SECTION_OTHER)
TABLE_SECTIONS: tuple[str, ...] = (SECTION_PROACTIVE, SECTION_APPLICATIONS, SECTION_REMEDIES)


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Row:
    key: str
    label: str


# --- Table 二: 主动公开政府信息情况 (regulations.md §2.2) -----------------------------------------

CONTENT_HEADER = "信息内容"  # the header of every sub-table's first column
FEES_UNIT = "万元"


@dataclass(frozen=True)
class ProactiveTable:
    """One of the four stacked sub-tables; its caption names the 条例 Art. 20 item."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


MADE = Column("made", "本年制发件数")
REPEALED = Column("repealed", "本年废止件数")
IN_FORCE = Column("in_force", "现行有效件数")
DECISIONS = Column("decisions", "本年处理决定数量")
AMOUNT = Column("amount", "本年收费金额（单位：万元）")

RULES = Row("rules", "规章")
NORMATIVE = Row("normative", "行政规范性文件")
LICENSING = Row("licensing", "行政许可")
PENALTIES = Row("penalties", "行政处罚")
COERCION = Row("coercion", "行政强制")
FEES = Row("fees", "行政事业性收费")

PROACTIVE_TABLES: tuple[ProactiveTable, ...] = (
    ProactiveTable("第二十条第（一）项", (MADE, REPEALED, IN_FORCE), (RULES, NORMATIVE)),
    ProactiveTable("第二十条第（五）项", (DECISIONS,), (LICENSING,)),
    ProactiveTable("第二十条第（六）项", (DECISIONS,), (PENALTIES, COERCION)),
    ProactiveTable("第二十条第（八）项", (AMOUNT,), (FEES,)),
)
# The documents rows (counted from the library) and the figures staff enter for the year.
DOCUMENT_ROWS: tuple[Row, ...] = (RULES, NORMATIVE)
ENFORCEMENT_ROWS: tuple[Row, ...] = (LICENSING, PENALTIES, COERCION)
# Every cell of table 二 is a whole number except the fee amount, which is 万元 and may be a
# decimal (R6); the platform keeps it to 4 places (1 元 = 0.0001 万元).
FEES_DECIMAL_PLACES = 4


def proactive_cells() -> tuple[tuple[ProactiveTable, Row, Column], ...]:
    return tuple((t, r, c) for t in PROACTIVE_TABLES for r in t.rows for c in t.columns)


# --- Table 三: 收到和处理政府信息公开申请情况 (regulations.md §2.3) ----------------------------------

# The text of the top-left header block: the format's own statement of rule R1.
CONSISTENCY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"
ORGANISATION_HEADER = "法人或其他组织"  # spans the five organisation columns; no subtotal column

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("public_welfare", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other", "其他"),
)
TOTAL = Column("total", "总计")
APPLICATION_COLUMNS: tuple[Column, ...] = (*APPLICANT_COLUMNS, TOTAL)  # the 7 data columns
ORGANISATION_COLUMNS: tuple[Column, ...] = APPLICANT_COLUMNS[1:]


@dataclass(frozen=True)
class ApplicationRow:
    """A data row of table 三; `path` is its label and the labels of the blocks it is nested in."""

    key: str
    path: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.path[-1]


NEW_LABEL = "一、本年新收政府信息公开申请数量"
CARRIED_OVER_LABEL = "二、上年结转政府信息公开申请数量"
RESULTS_LABEL = "三、本年度办理结果"
CARRIED_FORWARD_LABEL = "四、结转下年度继续办理"
RESULTS_TOTAL_LABEL = "（七）总计"

# The result groups （一）–（六） with their rows: (group label, ((decision key, row label), …)).
# （一） and （二） are rows themselves; （三）–（六） are blocks of numbered rows without subtotal.
RESULT_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("（一）予以公开", (("disclosed", ""),)),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (("partial", ""),)),
    (
        "（三）不予公开",
        (
            ("withheld_1", "1.属于国家秘密"),
            ("withheld_2", "2.其他法律行政法规禁止公开"),
            ("withheld_3", "3.危及“三安全一稳定”"),
            ("withheld_4", "4.保护第三方合法权益"),
            ("withheld_5", "5.属于三类内部事务信息"),
            ("withheld_6", "6.属于四类过程性信息"),
            ("withheld_7", "7.属于行政执法案卷"),
            ("withheld_8", "8.属于行政查询事项"),
        ),
    ),
    (
        "（四）无法提供",
        (
            ("unavailable_1", "1.本机关不掌握相关政府信息"),
            ("unavailable_2", "2.没有现成信息需要另行制作"),
            ("unavailable_3", "3.补正后申请内容仍不明确"),
        ),
    ),
    (
        "（五）不予处理",
        (
            ("not_processed_1", "1.信访举报投诉类申请"),
            ("not_processed_2", "2.重复申请"),
            ("not_processed_3", "3.要求提供公开出版物"),
            ("not_processed_4", "4.无正当理由大量反复申请"),
            ("not_processed_5", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    (
        "（六）其他处理",
        (
            ("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("other_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other_3", "3.其他"),
        ),
    ),
)

NEW = ApplicationRow("new", (NEW_LABEL,))
CARRIED_OVER = ApplicationRow("carried_over", (CARRIED_OVER_LABEL,))
RESULT_ROWS: tuple[ApplicationRow, ...] = tuple(
    ApplicationRow(key, (RESULTS_LABEL, group, label) if label else (RESULTS_LABEL, group))
    for group, rows in RESULT_GROUPS
    for key, label in rows
)  # the 21 rows a case can be counted in: one per DecisionCode
RESULTS_TOTAL = ApplicationRow("results_total", (RESULTS_LABEL, RESULTS_TOTAL_LABEL))
CARRIED_FORWARD = ApplicationRow("carried_forward", (CARRIED_FORWARD_LABEL,))

APPLICATION_ROWS: tuple[ApplicationRow, ...] = (
    NEW,
    CARRIED_OVER,
    *RESULT_ROWS,
    RESULTS_TOTAL,
    CARRIED_FORWARD,
)  # the 25 data rows, in order
RESULTS_ROWSPAN = len(RESULT_ROWS) + 1  # 22: the 本年度办理结果 block of the format

# --- Table 四: 政府信息公开行政复议、行政诉讼情况 (regulations.md §2.4) ------------------------------

RECONSIDERATION_LABEL = "行政复议"
LITIGATION_LABEL = "行政诉讼"


@dataclass(frozen=True)
class RemedyGroup:
    key: str
    path: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.path[-1]


REMEDY_GROUPS: tuple[RemedyGroup, ...] = (
    RemedyGroup("reconsideration", (RECONSIDERATION_LABEL,)),
    RemedyGroup("direct", (LITIGATION_LABEL, "未经复议直接起诉")),
    RemedyGroup("after_reconsideration", (LITIGATION_LABEL, "复议后起诉")),
)
REMEDY_OUTCOMES: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
)
REMEDY_COLUMNS: tuple[Column, ...] = (*REMEDY_OUTCOMES, TOTAL)  # 5 per group, 15 in all

# --- Labels a reader meets outside the tables ---------------------------------------------------

KEY_BODY = "机关"
KEY_BODY_CODE = "机关代码"
KEY_YEAR = "年度"
KEY_SCOPE = "统计口径"
KEY_SOURCE = "数据来源"
KEY_CHECKS = "校验"
REGION_SCOPE = "区域汇总（非法定年度报告）"
SOURCE_COMPUTED = "平台记录"
SOURCE_IMPORTED = "导入的历史年度报告"


def all_labels() -> set[str]:
    """Every heading, caption, row and column label of the format (for the docs test)."""
    labels = set(SECTIONS)
    for table in PROACTIVE_TABLES:
        labels.add(table.caption)
        labels.update(c.label for c in table.columns)
        labels.update(r.label for r in table.rows)
    labels.update(c.label for c in APPLICATION_COLUMNS)
    for row in APPLICATION_ROWS:
        labels.update(row.path)
    for group in REMEDY_GROUPS:
        labels.update(group.path)
    labels.update(c.label for c in REMEDY_COLUMNS)
    labels.update({CONTENT_HEADER, APPLICANT_HEADER, ORGANISATION_HEADER, CONSISTENCY_NOTE})
    return labels
