"""The values a notice template may use: which exist, which each kind needs, how they are written.

A template is filled from plain values (strings, dates, `Decimal` amounts, lists), never from model
instances, so that the wording can be rendered and tested without a database and staff cannot
reach into a model from a template. `docs/notices.md` lists every key; a test keeps that list and
`KEY_LABELS` in step.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.applications.decisions import (
    REMEDY_NOTICE,
    DecisionCode,
    decision_row,
)
from gongkai.core.errors import GongkaiError

from .formatting import cn_amount, cn_amount_words, cn_date

OGI = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

KINDS: tuple[str, ...] = (
    "receipt",
    "clarification",
    "extension",
    "third_party",
    "other_body",
    "fee",
    "reply",
)

# Every key a template can use, with the Chinese name shown to staff in messages and the docs.
KEY_LABELS: dict[str, str] = {
    # Common to every kind.
    "case_number": "申请编号",
    "body_name": "行政机关名称",
    "applicant_name": "申请人姓名或者名称",
    "received_on": "收到申请之日",
    "description": "申请公开的政府信息（名称、文号或者特征性描述）",
    "notice_number": "文书编号",
    "issued_on": "成文日期",
    "contact": "联系人及联系方式",
    "corrected_on": "收到补正申请之日",
    # 受理回执
    "reply_due": "答复期限届满日",
    "channel": "申请提交方式",
    # 补正告知书 (Art. 30)
    "clarification_items": "需要补正的事项",
    "correction_due": "补正期限",
    "guidance": "指导和释明",
    "submit_to": "补正申请的提交方式",
    # 延期答复告知书 (Art. 33)
    "extension_days": "延长的工作日数",
    "new_due": "延长后的答复期限",
    "original_due": "原答复期限",
    "extension_reason": "延期理由",
    # 征求第三方意见书 (Art. 32) / 征求意见函 (Art. 34)
    "third_party_name": "第三方名称或者姓名",
    "third_party_interest": "可能涉及的第三方合法权益",
    "opinion_due": "提出意见的期限",
    "other_body_name": "被征求意见机关",
    "consultation_reason": "征求意见的原因",
    # 收费通知书 (Art. 42, 国办函〔2020〕109号)
    "fee_method": "计收方式（per_item 按件 / per_volume 按量）",
    "fee_method_label": "计收方式名称",
    "fee_article": "计收标准所依据的条款",
    "fee_amount": "信息处理费金额",
    "fee_amount_words": "信息处理费金额（大写）",
    "fee_tiers": "分档计算明细",
    "fee_reason": "收费理由",
    "pay_by": "缴费期限",
    "payment_method": "缴费方式",
    # 答复书 (Arts. 36–39)
    "decision_code": "办理结果代码",
    "decision_label": "办理结果",
    "decision_group": "办理结果类别",
    "decision_ground": "不予公开的法定情形",
    "legal_basis": "法律依据",
    "remedy_notice": "救济途径告知",
    "reasons": "理由",
    "already_public": "是否已主动公开",
    "where_to_obtain": "获取方式、途径（和时间）",
    "enclosures": "附件",
    "disclosed_part": "予以公开的内容",
    "withheld_part": "不予公开的内容",
    "withheld_reasons": "不予公开部分的理由",
    "special_procedure": "有关法律、行政法规规定的办理途径",
    "responsible_body": "负责公开该信息的行政机关",
    "responsible_contact": "该行政机关的联系方式",
    "clarification_issued_on": "补正告知书发出之日",
    "clarification_notice_number": "补正告知书编号",
    "proper_channel": "信访、投诉、举报的受理渠道",
    "previous_reply_on": "此前答复日期",
    "previous_notice_number": "此前答复书编号",
    "explanation_requested_on": "要求说明理由之日",
    "fee_notice_issued_on": "收费通知书发出之日",
    "fee_notice_number": "收费通知书编号",
}

# The keys whose values are dates (written `2026年11月26日`); stored values come back as ISO strings.
DATE_KEYS = frozenset(
    {
        "received_on",
        "issued_on",
        "corrected_on",
        "reply_due",
        "correction_due",
        "new_due",
        "original_due",
        "opinion_due",
        "pay_by",
        "clarification_issued_on",
        "previous_reply_on",
        "explanation_requested_on",
        "fee_notice_issued_on",
    }
)

COMMON_REQUIRED = (
    "case_number",
    "body_name",
    "applicant_name",
    "received_on",
    "description",
    "notice_number",
    "issued_on",
)
COMMON_OPTIONAL = ("contact", "corrected_on")


@dataclass(frozen=True)
class KeySet:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()  # filled in by the renderer; a caller may override some

    @property
    def names(self) -> tuple[str, ...]:
        return self.required + self.optional + self.derived


KIND_KEYS: dict[str, KeySet] = {
    "receipt": KeySet(optional=("reply_due", "channel")),
    "clarification": KeySet(
        required=("clarification_items", "correction_due"), optional=("guidance", "submit_to")
    ),
    "extension": KeySet(
        required=("extension_days", "new_due"), optional=("original_due", "extension_reason")
    ),
    "third_party": KeySet(
        required=("third_party_name", "opinion_due"), optional=("third_party_interest",)
    ),
    "other_body": KeySet(
        required=("other_body_name", "opinion_due"), optional=("consultation_reason",)
    ),
    "fee": KeySet(
        required=("fee_method", "fee_amount", "pay_by"),
        optional=("fee_tiers", "fee_reason", "payment_method"),
        derived=("fee_method_label", "fee_article", "fee_amount_words"),
    ),
    "reply": KeySet(
        derived=(
            "decision_code",
            "decision_label",
            "decision_group",
            "decision_ground",
            "legal_basis",
            "remedy_notice",
        )
    ),
}

# The reply letter's own keys, per decision: the law asks for different facts in each (Art. 36).
REPLY_KEYS: dict[str, KeySet] = {
    DecisionCode.DISCLOSED: KeySet(optional=("already_public", "where_to_obtain", "enclosures")),
    DecisionCode.PARTIAL: KeySet(
        required=("withheld_reasons",),
        optional=("disclosed_part", "withheld_part", "where_to_obtain", "enclosures"),
    ),
    DecisionCode.WITHHELD_QUERY_MATTER: KeySet(
        required=("special_procedure",), optional=("where_to_obtain", "reasons")
    ),
    DecisionCode.UNAVAILABLE_NOT_HELD: KeySet(
        optional=("responsible_body", "responsible_contact", "reasons")
    ),
    DecisionCode.UNAVAILABLE_NEEDS_CREATION: KeySet(optional=("reasons",)),
    DecisionCode.UNAVAILABLE_STILL_UNCLEAR: KeySet(optional=("clarification_issued_on", "reasons")),
    DecisionCode.NOT_PROCESSED_PETITION: KeySet(optional=("proper_channel", "reasons")),
    DecisionCode.NOT_PROCESSED_REPEAT: KeySet(
        required=("previous_reply_on",), optional=("previous_notice_number",)
    ),
    DecisionCode.NOT_PROCESSED_PUBLICATION: KeySet(optional=("where_to_obtain",)),
    DecisionCode.NOT_PROCESSED_EXCESSIVE: KeySet(
        required=("reasons",), optional=("explanation_requested_on",)
    ),
    DecisionCode.NOT_PROCESSED_CONFIRMATION: KeySet(required=("reasons",)),
    DecisionCode.OTHER_NO_CORRECTION: KeySet(
        required=("clarification_issued_on", "correction_due"),
        optional=("clarification_notice_number",),
    ),
    DecisionCode.OTHER_FEE_UNPAID: KeySet(
        required=("fee_notice_issued_on", "pay_by"),
        optional=("fee_amount", "fee_notice_number"),
    ),
    DecisionCode.OTHER: KeySet(required=("reasons",)),
}
# Arts. 14–16 and 36(三): the reply must say why (说明理由).
_WITHHELD_KEYS = KeySet(required=("reasons",))


def reply_keys(decision_code: str) -> KeySet:
    return REPLY_KEYS.get(decision_code, _WITHHELD_KEYS)


def allowed_keys(kind: str) -> frozenset[str]:
    """Every key a template of this kind may name (a reply template may serve any decision)."""
    names = set(COMMON_REQUIRED + COMMON_OPTIONAL + KIND_KEYS[kind].names)
    if kind == "reply":
        for code in DecisionCode:
            names.update(reply_keys(code).names)
    return frozenset(names)


# The statutory situation a 不予公开 reply names, in the words of Arts. 14–16.
WITHHELD_GROUNDS: dict[str, str] = {
    DecisionCode.WITHHELD_STATE_SECRET: "您申请公开的信息属于依法确定为国家秘密的政府信息",
    DecisionCode.WITHHELD_PROHIBITED_BY_LAW: "您申请公开的信息属于法律、行政法规禁止公开的政府信息",
    DecisionCode.WITHHELD_SECURITY_STABILITY: (
        "您申请公开的信息公开后可能危及国家安全、公共安全、经济安全、社会稳定"
    ),
    DecisionCode.WITHHELD_THIRD_PARTY: (
        "您申请公开的信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"
    ),
    DecisionCode.WITHHELD_INTERNAL_AFFAIRS: (
        "您申请公开的信息属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）"
    ),
    DecisionCode.WITHHELD_PROCESS_INFORMATION: (
        "您申请公开的信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息"
    ),
    DecisionCode.WITHHELD_ENFORCEMENT_FILE: "您申请公开的信息属于行政执法案卷信息",
    DecisionCode.WITHHELD_QUERY_MATTER: (
        "您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定"
    ),
}

# 国办函〔2020〕109号: Art. 4 sets the per-item tiers, Art. 5 the per-volume tiers.
FEE_METHODS: dict[str, tuple[str, str]] = {
    "per_item": ("按件计收", "第四条"),
    "per_volume": ("按量计收", "第五条"),
}

# Keys whose value is one line: an applicant's line break must not split the letter's paragraphs.
_SINGLE_LINE_KEYS = frozenset(
    {
        "case_number",
        "body_name",
        "applicant_name",
        "description",
        "notice_number",
        "third_party_name",
        "other_body_name",
        "responsible_body",
        "previous_notice_number",
        "clarification_notice_number",
        "fee_notice_number",
    }
)

# XML 1.0 forbids these characters; python-docx and the PDF text layer would reject or garble them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class NoticeTemplateError(GongkaiError, ValueError):
    """A notice cannot be produced; `problems` holds one Chinese sentence per problem."""

    @property
    def problems(self) -> list[str]:
        return self.messages


def _missing(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list | tuple | dict) and not value)


def _label(key: str) -> str:
    return f"{KEY_LABELS.get(key, key)}（{key}）"


def required_keys(kind: str, decision_code: str | None = None) -> tuple[str, ...]:
    keys = COMMON_REQUIRED + KIND_KEYS[kind].required
    if kind == "reply" and decision_code:
        keys += reply_keys(decision_code).required
    return keys


def _check_values(kind: str, decision_code: str | None, values: Mapping[str, Any]) -> list[str]:
    problems = [
        f"缺少必需的内容：{_label(key)}"
        for key in required_keys(kind, decision_code)
        if _missing(values.get(key))
    ]
    if kind == "extension" and not _missing(values.get("extension_days")):
        days = values["extension_days"]
        # Art. 33 para. 2: 延长的期限最长不得超过20个工作日.
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 20:
            problems.append(
                f"延长的工作日数应为1至20之间的整数（条例第三十三条第二款），现为“{days}”"
            )
    if kind == "fee":
        method = values.get("fee_method")
        if not _missing(method) and method not in FEE_METHODS:
            problems.append(
                f"计收方式应为 per_item（按件计收）或 per_volume（按量计收），现为“{method}”"
            )
        amount = values.get("fee_amount")
        if not _missing(amount) and (not isinstance(amount, Decimal | int) or amount <= 0):
            problems.append(f"信息处理费金额应为大于零的数额，现为“{amount}”")
    if kind == "clarification":
        items = values.get("clarification_items")
        if not _missing(items) and (
            isinstance(items, str) or not all(isinstance(i, str) and i.strip() for i in items)
        ):
            problems.append("需要补正的事项应逐项列出（clarification_items 为文字列表）")
    if (
        kind == "reply"
        and decision_code == DecisionCode.DISCLOSED
        and values.get("already_public")
        and _missing(values.get("where_to_obtain"))
    ):
        # Art. 36(一): 告知申请人获取该政府信息的方式、途径.
        problems.append(f"已主动公开的，应告知获取方式、途径：缺少{_label('where_to_obtain')}")
    return problems


def _derived(kind: str, decision_code: str | None, values: Mapping[str, Any]) -> dict[str, Any]:
    derived: dict[str, Any] = {}
    if kind == "fee":
        label, article = FEE_METHODS[values["fee_method"]]
        derived = {
            "fee_method_label": label,
            "fee_article": article,
            "fee_amount_words": cn_amount_words(values["fee_amount"]),
        }
    if kind == "reply" and decision_code:
        row = decision_row(decision_code)
        basis = row.basis
        already_public = values.get("already_public")
        if decision_code == DecisionCode.DISCLOSED and already_public is not None:
            # Art. 36(一) for information already public, 36(二) for information now disclosed.
            basis = f"{OGI}第三十六条第（{'一' if already_public else '二'}）项"
        derived = {
            "decision_code": decision_code,
            "decision_label": DecisionCode(decision_code).label,
            "decision_group": row.group.value,
            "decision_ground": WITHHELD_GROUNDS.get(decision_code, ""),
            "legal_basis": basis,
            "remedy_notice": REMEDY_NOTICE,
        }
    return derived


def _format(key: str | None, value: Any) -> Any:
    if isinstance(value, date):
        return cn_date(value)
    if isinstance(value, Decimal):
        return cn_amount(value)
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("", value)
        if key in _SINGLE_LINE_KEYS:
            value = " ".join(value.split())
        return value.strip()
    if isinstance(value, Mapping):
        return {k: _format(None, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_format(None, v) for v in value]
    return value


def prepare_context(
    kind: str, context: Mapping[str, Any], decision_code: str | None = None
) -> dict[str, Any]:
    """Check the values, add the derived ones, and write dates and amounts the Chinese way.

    Raises `NoticeTemplateError` naming every missing or invalid value.
    """
    if kind not in KIND_KEYS:
        raise NoticeTemplateError(f"未知的文书类型“{kind}”")
    if kind == "reply":
        if not decision_code:
            raise NoticeTemplateError("答复书必须指明办理结果（decision_code）")
        if decision_code not in DecisionCode.values:
            raise NoticeTemplateError(f"未知的办理结果代码“{decision_code}”")
    problems = _check_values(kind, decision_code, context)
    if problems:
        raise NoticeTemplateError(problems)
    values = dict(context)
    if isinstance(values.get("fee_amount"), int) and not isinstance(values["fee_amount"], bool):
        values["fee_amount"] = Decimal(values["fee_amount"])  # so that it is written as money
    for key, value in _derived(kind, decision_code, values).items():
        # A caller may word the legal basis or the remedy notice more precisely (e.g. naming the
        # reconsideration body); the other derived values always follow the decision.
        if key in ("legal_basis", "remedy_notice") and not _missing(values.get(key)):
            continue
        values[key] = value
    return {key: _format(key, value) for key, value in values.items()}
