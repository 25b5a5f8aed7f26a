"""The platform's default wording of every notice, and which default serves which case.

The texts live in `texts/<variant>.txt`, one file per variant, so they read as letters. A body's
staff may replace any of them with their own wording (a `NoticeTemplate` row); these are what a
body starts from. Every reply variant ends with the remedy notice (行政复议法 Art. 20, 行政诉讼法
Art. 46) and cites the decision's legal basis from `decisions.py`.

Variants: one per kind, and for the reply letter (答复书) one per `DecisionCode` where the law asks
for different content (Art. 36 items, Arts. 37–39), otherwise one per `DecisionGroup`
(`reply_withheld` serves the seven 不予公开 grounds of Arts. 14–16, which differ only in the ground
and the article cited).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gongkai.applications.decisions import DecisionCode, decision_row

from .context import KINDS, NoticeTemplateError

TEXTS_DIR = Path(__file__).resolve().parent / "texts"

TITLES: dict[str, str] = {
    "receipt": "政府信息公开申请受理回执",
    "clarification": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "third_party": "政府信息公开征求第三方意见书",
    "other_body": "政府信息公开征求意见函",
    "fee": "政府信息公开信息处理费收费通知书",
    "reply": "政府信息公开申请答复书",
}

# Every variant with the label staff see when they pick the one to edit.
VARIANT_LABELS: dict[str, str] = {
    "receipt": "受理回执",
    "clarification": "补正告知书（条例第三十条）",
    "extension": "延期答复告知书（条例第三十三条）",
    "third_party": "征求第三方意见书（条例第三十二条）",
    "other_body": "征求意见函（条例第三十四条）",
    "fee": "收费通知书（国办函〔2020〕109号）",
    "reply_disclosed": "答复书：予以公开（条例第三十六条第一、二项）",
    "reply_partial": "答复书：部分公开（条例第三十七条）",
    "reply_withheld": "答复书：不予公开（条例第十四至十六条）",
    "reply_withheld_8": "答复书：不予公开——行政查询事项（条例第三十六条第七项）",
    "reply_unavailable_1": "答复书：无法提供——本机关不掌握（条例第三十六条第四、五项）",
    "reply_unavailable_2": "答复书：无法提供——需要另行制作（条例第三十八条）",
    "reply_unavailable_3": "答复书：无法提供——补正后仍不明确（条例第三十条）",
    "reply_not_processed_1": "答复书：不予处理——信访举报投诉（条例第三十九条第一款）",
    "reply_not_processed_2": "答复书：不予处理——重复申请（条例第三十六条第六项）",
    "reply_not_processed_3": "答复书：不予处理——公开出版物（条例第三十九条第二款）",
    "reply_not_processed_4": "答复书：不予处理——无正当理由大量反复申请（条例第三十五条）",
    "reply_not_processed_5": "答复书：不予处理——要求确认或重新出具已获取信息",
    "reply_other_1": "答复书：其他处理——逾期不补正（条例第三十条）",
    "reply_other_2": "答复书：其他处理——逾期未缴费",
    "reply_other_3": "答复书：其他处理——其他",
}
VARIANTS: tuple[str, ...] = tuple(VARIANT_LABELS)


@dataclass(frozen=True)
class DefaultTemplate:
    variant: str
    title: str
    text: str


def template_variant(kind: str, decision_code: str | None = None) -> str:
    """The variant whose wording fits: the decision's own if it has one, else its group's."""
    if kind not in KINDS:
        raise NoticeTemplateError(f"未知的文书类型“{kind}”")
    if kind != "reply":
        return kind
    if not decision_code or decision_code not in DecisionCode.values:
        raise NoticeTemplateError(f"答复书必须指明有效的办理结果代码，现为“{decision_code}”")
    own = f"reply_{decision_code}"
    return own if own in VARIANT_LABELS else f"reply_{decision_row(decision_code).group.value}"


def variant_kind(variant: str) -> str:
    return "reply" if variant.startswith("reply_") else variant


@cache
def _text(variant: str) -> str:
    return (TEXTS_DIR / f"{variant}.txt").read_text(encoding="utf-8")


def default_template(kind: str, decision_code: str | None = None) -> DefaultTemplate:
    variant = template_variant(kind, decision_code)
    return DefaultTemplate(variant=variant, title=TITLES[kind], text=_text(variant))


def variant_template(variant: str) -> DefaultTemplate:
    if variant not in VARIANT_LABELS:
        raise NoticeTemplateError(f"未知的文书模板“{variant}”")
    return DefaultTemplate(
        variant=variant, title=TITLES[variant_kind(variant)], text=_text(variant)
    )
