"""The decisions an application can end with: exactly the result rows of report table 三.

国办公开办函〔2021〕30号 (the 2021 annual-report format) lists 22 result rows under
"三、本年度办理结果"; every closed case is counted in exactly one of them (regulations.md §2.3),
so a case records one `DecisionCode` and the report counts cases by it. The OGI article that
each decision rests on (《中华人民共和国政府信息公开条例》, "条例") is kept beside it so the reply
letter can cite its legal basis.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class DecisionGroup(models.TextChoices):
    DISCLOSED = "disclosed", "（一）予以公开"
    PARTIAL = "partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    WITHHELD = "withheld", "（三）不予公开"
    UNAVAILABLE = "unavailable", "（四）无法提供"
    NOT_PROCESSED = "not_processed", "（五）不予处理"
    OTHER = "other", "（六）其他处理"


class DecisionCode(models.TextChoices):
    DISCLOSED = "disclosed", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHELD_STATE_SECRET = "withheld_1", "不予公开：属于国家秘密"
    WITHHELD_PROHIBITED_BY_LAW = "withheld_2", "不予公开：其他法律行政法规禁止公开"
    WITHHELD_SECURITY_STABILITY = "withheld_3", "不予公开：危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld_4", "不予公开：保护第三方合法权益"
    WITHHELD_INTERNAL_AFFAIRS = "withheld_5", "不予公开：属于三类内部事务信息"
    WITHHELD_PROCESS_INFORMATION = "withheld_6", "不予公开：属于四类过程性信息"
    WITHHELD_ENFORCEMENT_FILE = "withheld_7", "不予公开：属于行政执法案卷"
    WITHHELD_QUERY_MATTER = "withheld_8", "不予公开：属于行政查询事项"
    UNAVAILABLE_NOT_HELD = "unavailable_1", "无法提供：本机关不掌握相关政府信息"
    UNAVAILABLE_NEEDS_CREATION = "unavailable_2", "无法提供：没有现成信息需要另行制作"
    UNAVAILABLE_STILL_UNCLEAR = "unavailable_3", "无法提供：补正后申请内容仍不明确"
    NOT_PROCESSED_PETITION = "not_processed_1", "不予处理：信访举报投诉类申请"
    NOT_PROCESSED_REPEAT = "not_processed_2", "不予处理：重复申请"
    NOT_PROCESSED_PUBLICATION = "not_processed_3", "不予处理：要求提供公开出版物"
    NOT_PROCESSED_EXCESSIVE = "not_processed_4", "不予处理：无正当理由大量反复申请"
    NOT_PROCESSED_CONFIRMATION = "not_processed_5", "不予处理：要求行政机关确认或重新出具已获取信息"
    OTHER_NO_CORRECTION = "other_1", "其他处理：申请人无正当理由逾期不补正"
    OTHER_FEE_UNPAID = "other_2", "其他处理：申请人逾期未按收费通知要求缴纳费用"
    OTHER = "other_3", "其他处理：其他"


@dataclass(frozen=True)
class DecisionRow:
    code: DecisionCode
    group: DecisionGroup
    report_label: str  # the exact row label of the 2021 format (regulations.md §2.3)
    basis: str  # the legal basis a reply letter cites


_OGI = "《中华人民共和国政府信息公开条例》"
_FEE = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

DECISION_ROWS: tuple[DecisionRow, ...] = (
    DecisionRow(
        DecisionCode.DISCLOSED,
        DecisionGroup.DISCLOSED,
        "",
        f"{_OGI}第三十六条第（一）项、第（二）项",
    ),
    DecisionRow(DecisionCode.PARTIAL, DecisionGroup.PARTIAL, "", f"{_OGI}第三十七条"),
    DecisionRow(
        DecisionCode.WITHHELD_STATE_SECRET,
        DecisionGroup.WITHHELD,
        "1.属于国家秘密",
        f"{_OGI}第十四条、第三十六条第（三）项",
    ),
    DecisionRow(
        DecisionCode.WITHHELD_PROHIBITED_BY_LAW,
        DecisionGroup.WITHHELD,
        "2.其他法律行政法规禁止公开",
        f"{_OGI}第十四条、第三十六条第（三）项",
    ),
    DecisionRow(
        DecisionCode.WITHHELD_SECURITY_STABILITY,
        DecisionGroup.WITHHELD,
        "3.危及“三安全一稳定”",
        f"{_OGI}第十四条、第三十六条第（三）项",
    ),
    DecisionRow(
        DecisionCode.WITHHELD_THIRD_PARTY,
        DecisionGroup.WITHHELD,
        "4.保护第三方合法权益",
        f"{_OGI}第十五条、第三十二条、第三十六条第（三）项",
    ),
    DecisionRow(
        DecisionCode.WITHHELD_INTERNAL_AFFAIRS,
        DecisionGroup.WITHHELD,
        "5.属于三类内部事务信息",
        f"{_OGI}第十六条第一款、第三十六条第（三）项",
    ),
    DecisionRow(
        DecisionCode.WITHHELD_PROCESS_INFORMATION,
        DecisionGroup.WITHHELD,
        "6.属于四类过程性信息",
        f"{_OGI}第十六条第二款、第三十六条第（三）项",
    ),
    DecisionRow(
        DecisionCode.WITHHELD_ENFORCEMENT_FILE,
        DecisionGroup.WITHHELD,
        "7.属于行政执法案卷",
        f"{_OGI}第十六条第二款、第三十六条第（三）项",
    ),
    DecisionRow(
        DecisionCode.WITHHELD_QUERY_MATTER,
        DecisionGroup.WITHHELD,
        "8.属于行政查询事项",
        f"{_OGI}第三十六条第（七）项",
    ),
    DecisionRow(
        DecisionCode.UNAVAILABLE_NOT_HELD,
        DecisionGroup.UNAVAILABLE,
        "1.本机关不掌握相关政府信息",
        f"{_OGI}第三十六条第（四）项、第（五）项",
    ),
    DecisionRow(
        DecisionCode.UNAVAILABLE_NEEDS_CREATION,
        DecisionGroup.UNAVAILABLE,
        "2.没有现成信息需要另行制作",
        f"{_OGI}第三十八条",
    ),
    DecisionRow(
        DecisionCode.UNAVAILABLE_STILL_UNCLEAR,
        DecisionGroup.UNAVAILABLE,
        "3.补正后申请内容仍不明确",
        f"{_OGI}第三十条",
    ),
    DecisionRow(
        DecisionCode.NOT_PROCESSED_PETITION,
        DecisionGroup.NOT_PROCESSED,
        "1.信访举报投诉类申请",
        f"{_OGI}第三十九条第一款",
    ),
    DecisionRow(
        DecisionCode.NOT_PROCESSED_REPEAT,
        DecisionGroup.NOT_PROCESSED,
        "2.重复申请",
        f"{_OGI}第三十六条第（六）项",
    ),
    DecisionRow(
        DecisionCode.NOT_PROCESSED_PUBLICATION,
        DecisionGroup.NOT_PROCESSED,
        "3.要求提供公开出版物",
        f"{_OGI}第三十九条第二款",
    ),
    DecisionRow(
        DecisionCode.NOT_PROCESSED_EXCESSIVE,
        DecisionGroup.NOT_PROCESSED,
        "4.无正当理由大量反复申请",
        f"{_OGI}第三十五条",
    ),
    DecisionRow(
        DecisionCode.NOT_PROCESSED_CONFIRMATION,
        DecisionGroup.NOT_PROCESSED,
        "5.要求行政机关确认或重新出具已获取信息",
        _OGI,
    ),
    DecisionRow(
        DecisionCode.OTHER_NO_CORRECTION,
        DecisionGroup.OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        f"{_OGI}第三十条",
    ),
    DecisionRow(
        DecisionCode.OTHER_FEE_UNPAID,
        DecisionGroup.OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        f"{_OGI}第四十二条，{_FEE}",
    ),
    DecisionRow(DecisionCode.OTHER, DecisionGroup.OTHER, "3.其他", _OGI),
)

DECISIONS: dict[str, DecisionRow] = {row.code.value: row for row in DECISION_ROWS}

# Remedy notice every reply letter carries (行政复议法 Art. 20: 60 days; 行政诉讼法 Art. 46: 6 months).
REMEDY_NOTICE = (
    "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，"
    "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"
)


def decision_row(code: str) -> DecisionRow:
    return DECISIONS[code]
