"""Example values of every key (docs/notices.md, "Context keys"): what staff see while editing a
template, the trial render of `notice_template_check`, and the tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.applications.decisions import DecisionCode

from .context import COMMON_OPTIONAL, COMMON_REQUIRED, allowed_keys, reply_keys

# Example values: the preview staff see while editing, the trial render of
# `notice_template_check`, and the tests.
EXAMPLES: dict[str, Any] = {
    "case_number": "GK-2026-000123",
    "body_name": "甘肃省人民政府办公厅",
    "applicant_name": "张三",
    "received_on": date(2026, 11, 2),
    "description": "2025年度省级财政专项资金分配结果",
    "notice_number": "甘政办依申请〔2026〕15号",
    "issued_on": date(2026, 11, 26),
    "contact": "联系人：李四，联系电话：0931-0000000",
    "corrected_on": None,
    "reply_due": date(2026, 11, 30),
    "channel": "互联网渠道",
    "clarification_items": [
        "请明确所申请信息的年度",
        "请说明所申请专项资金的名称或者文号",
    ],
    "correction_due": date(2026, 11, 25),
    "guidance": "",
    "submit_to": "登录本平台在原申请下提交补正内容",
    "extension_days": 20,
    "new_due": date(2026, 12, 28),
    "original_due": date(2026, 11, 30),
    "extension_reason": "所申请信息数量较大，需要逐件检索、审查",
    "third_party_name": "某某科技有限公司",
    "third_party_interest": "贵单位的商业秘密",
    "opinion_due": date(2026, 12, 17),
    "other_body_name": "甘肃省财政厅",
    "consultation_reason": "",
    "fee_method": "per_item",
    "fee_amount": Decimal("3000"),
    "fee_tiers": [
        {
            "label": "本月第11件至第30件",
            "quantity": 20,
            "unit": "件",
            "rate": Decimal("100"),
            "amount": Decimal("2000"),
        },
        {
            "label": "本月第31件至第35件",
            "quantity": 5,
            "unit": "件",
            "rate": Decimal("200"),
            "amount": Decimal("1000"),
        },
    ],
    "fee_reason": "",
    "pay_by": date(2026, 12, 24),
    "payment_method": "本平台在线缴费或者到本机关政府信息公开工作机构现场缴纳",
    "reasons": "该信息系本机关内部研究讨论过程中形成的讨论记录，尚未形成正式决定。",
    "already_public": False,
    "where_to_obtain": "登录甘肃省人民政府门户网站“政府信息公开”专栏查阅",
    "enclosures": ["2025年度省级财政专项资金分配结果（公开部分）"],
    "disclosed_part": "资金分配总额及各市州分配金额",
    "withheld_part": "涉及企业银行账户的信息",
    "withheld_reasons": (
        "该部分信息涉及企业商业秘密，公开会对第三方合法权益造成损害，"
        "依据《中华人民共和国政府信息公开条例》第十五条的规定不予公开。"
    ),
    "special_procedure": "《不动产登记暂行条例》及其实施细则规定的查询程序",
    "responsible_body": "甘肃省财政厅",
    "responsible_contact": "0931-1111111",
    "clarification_issued_on": date(2026, 11, 6),
    "clarification_notice_number": "甘政办依申请〔2026〕9号",
    "proper_channel": "甘肃省信访局网上信访平台",
    "previous_reply_on": date(2026, 10, 15),
    "previous_notice_number": "甘政办依申请〔2026〕7号",
    "explanation_requested_on": date(2026, 11, 10),
    "fee_notice_issued_on": date(2026, 11, 12),
    "fee_notice_number": "甘政办依申请〔2026〕11号",
}


# Reasons as a handler might write them for each decision, for previews and tests.
EXAMPLE_REASONS: dict[str, str] = {
    DecisionCode.WITHHELD_STATE_SECRET: "该信息已由有关机关依法确定为秘密级国家秘密，保密期限尚未届满。",
    DecisionCode.WITHHELD_PROHIBITED_BY_LAW: "有关法律、行政法规明确规定该类信息不得公开。",
    DecisionCode.WITHHELD_SECURITY_STABILITY: "该信息载有重要供水设施的具体位置和防护措施，公开后可能危及公共安全。",
    DecisionCode.WITHHELD_THIRD_PARTY: (
        "该信息载有第三方企业的技术参数和经营数据，属于商业秘密；经书面征求意见，该企业不同意公开且理由合理。"
    ),
    DecisionCode.WITHHELD_INTERNAL_AFFAIRS: "该信息系本机关工作人员考勤记录，属于人事管理方面的内部事务信息。",
    DecisionCode.WITHHELD_PROCESS_INFORMATION: "该信息系本机关研究讨论过程中形成的会议讨论记录，尚未形成正式决定。",
    DecisionCode.WITHHELD_ENFORCEMENT_FILE: "该信息系本机关办理行政处罚案件过程中形成的调查询问笔录。",
    DecisionCode.UNAVAILABLE_NEEDS_CREATION: "您要求提供的各市州历年资金使用情况对比分析，本机关未曾制作。",
    DecisionCode.NOT_PROCESSED_PETITION: "您在申请中反映某企业违法排污并要求查处。",
    DecisionCode.NOT_PROCESSED_EXCESSIVE: "您于本月就同一事项提出申请120件，所述理由不能说明申请的必要性。",
    DecisionCode.NOT_PROCESSED_CONFIRMATION: "您要求本机关出具证明，确认您此前已获取的文件内容真实有效。",
    DecisionCode.OTHER: "您已于2026年11月20日撤回本次政府信息公开申请。",
}

EXAMPLE_WHERE: dict[str, str] = {
    DecisionCode.WITHHELD_QUERY_MATTER: "不动产所在地的不动产登记机构",
    DecisionCode.NOT_PROCESSED_PUBLICATION: "到省图书馆、省档案馆查阅《甘肃省人民政府公报》",
}


def sample_context(kind: str, decision_code: str | None = None) -> dict[str, Any]:
    """Plain example values for a notice of this kind (and decision).

    Without a decision, a reply sample holds every reply key, so that a template serving all
    decisions can be tried in one render.
    """
    if kind == "reply" and decision_code:
        names = set(COMMON_REQUIRED + COMMON_OPTIONAL + reply_keys(decision_code).names)
    else:
        names = set(allowed_keys(kind))
    sample = {key: value for key, value in EXAMPLES.items() if key in names}
    if decision_code in EXAMPLE_REASONS:
        sample["reasons"] = EXAMPLE_REASONS[decision_code]
    elif decision_code:
        sample.pop("reasons", None)
    if decision_code in EXAMPLE_WHERE:
        sample["where_to_obtain"] = EXAMPLE_WHERE[decision_code]
    if decision_code == DecisionCode.DISCLOSED:
        sample["enclosures"] = ["2025年度省级财政专项资金分配结果"]
        sample.pop("where_to_obtain", None)
    return sample
