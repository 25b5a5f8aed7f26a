"""Notices of a disclosure-on-application case: their wording, the checks on staff templates, and
the DOCX and PDF files. Plain values only: no database."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from pypdf import PdfReader

from gongkai.applications.decisions import REMEDY_NOTICE, DecisionCode, decision_row
from gongkai.applications.notices import (
    KEY_LABELS,
    KINDS,
    VARIANTS,
    NoticeTemplateError,
    cn_amount,
    cn_amount_words,
    cn_date,
    cn_ordinal,
    default_template,
    notice_docx,
    notice_html,
    notice_pdf,
    notice_template_check,
    notice_text,
    sample_context,
    template_variant,
    variant_template,
)
from gongkai.applications.notices.defaults import TEXTS_DIR, variant_kind

DOCS = Path(__file__).resolve().parents[3] / "docs" / "notices.md"
NOT_REPLIES = [kind for kind in KINDS if kind != "reply"]
ALL_CODES = list(DecisionCode.values)
HOSTILE_NAME = "张三<script>alert('x')</script> & Co."


def render(kind: str, code: str | None = None, **overrides):
    context = sample_context(kind, code)
    context.update(overrides)
    return notice_text(kind, context, decision_code=code)


def text_of(rendered) -> str:
    return "\n".join([rendered.title, *rendered.paragraphs])


# --- Wording --------------------------------------------------------------------------------

KIND_WORDING = {
    "receipt": [
        "受理回执",
        "第三十一条",
        "第三十三条第二款",
        "20个工作日内予以答复",
        "2026年11月30日",
    ],
    "clarification": [
        "第三十条",
        "一次性告知",
        "（一）请明确所申请信息的年度；",
        "（二）请说明所申请专项资金的名称或者文号。",
        "请您于2026年11月25日前提交补正后的申请",
        "答复期限自本机关收到补正的申请之日起计算",
        "视为放弃申请",
    ],
    "extension": [
        "第三十三条第二款",
        "经本机关政府信息公开工作机构负责人同意",
        "答复期限延长20个工作日",
        "2026年12月28日前作出答复",
    ],
    "third_party": [
        "某某科技有限公司：",
        "第三十二条",
        "15个工作日内",
        "2026年12月17日",
        "逾期未提出意见的，由本机关依照该条例的规定决定是否公开",
        "不同意公开且有合理理由的，本机关不予公开",
    ],
    "other_body": ["甘肃省财政厅：", "第三十四条", "15个工作日内", "视为同意公开"],
    "fee": [
        "第四十二条第一款",
        "国办函〔2020〕109号",
        "第四条",
        "按件计收",
        "20件，每件100.00元，计2,000.00元",
        "5件，每件200.00元，计1,000.00元",
        "人民币3,000.00元（大写：叁仟元整）",
        "2026年12月24日",
        "不再处理该政府信息公开申请",
    ],
}

CODE_WORDING = {
    DecisionCode.DISCLOSED: ["决定予以公开", "第三十六条第（二）项", "见附件"],
    DecisionCode.PARTIAL: ["能够作区分处理", "第三十七条", "对不予公开的内容", "说明理由如下"],
    DecisionCode.WITHHELD_STATE_SECRET: ["国家秘密", "第十四条", "不予公开"],
    DecisionCode.WITHHELD_PROHIBITED_BY_LAW: ["法律、行政法规禁止公开", "第十四条"],
    DecisionCode.WITHHELD_SECURITY_STABILITY: ["国家安全、公共安全、经济安全、社会稳定"],
    DecisionCode.WITHHELD_THIRD_PARTY: ["第三方合法权益", "第十五条"],
    DecisionCode.WITHHELD_INTERNAL_AFFAIRS: ["内部事务信息", "第十六条第一款"],
    DecisionCode.WITHHELD_PROCESS_INFORMATION: ["过程性信息", "第十六条第二款"],
    DecisionCode.WITHHELD_ENFORCEMENT_FILE: ["行政执法案卷信息", "第十六条第二款"],
    DecisionCode.WITHHELD_QUERY_MATTER: ["第三十六条第（七）项", "请您依照《不动产登记暂行条例》"],
    DecisionCode.UNAVAILABLE_NOT_HELD: [
        "负责公开该政府信息的行政机关为甘肃省财政厅",
        "0931-1111111",
    ],
    DecisionCode.UNAVAILABLE_NEEDS_CREATION: ["第三十八条", "加工、分析"],
    DecisionCode.UNAVAILABLE_STILL_UNCLEAR: ["第三十条", "补正后的申请内容仍不明确"],
    DecisionCode.NOT_PROCESSED_PETITION: ["第三十九条第一款", "不作为政府信息公开申请处理"],
    DecisionCode.NOT_PROCESSED_REPEAT: ["第三十六条第（六）项", "不予重复处理", "2026年10月15日"],
    DecisionCode.NOT_PROCESSED_PUBLICATION: ["第三十九条第二款", "公开出版物", "省图书馆"],
    DecisionCode.NOT_PROCESSED_EXCESSIVE: ["第三十五条", "数量、频次明显超过合理范围", "不予处理"],
    DecisionCode.NOT_PROCESSED_CONFIRMATION: ["确认", "不予处理"],
    DecisionCode.OTHER_NO_CORRECTION: ["第三十条", "视为您放弃申请", "2026年11月25日"],
    DecisionCode.OTHER_FEE_UNPAID: ["第四十二条", "逾期未按收费通知要求缴纳费用"],
    DecisionCode.OTHER: ["撤回"],
}


@pytest.mark.parametrize("kind", NOT_REPLIES)
def test_each_kind_renders_with_its_legal_wording(kind):
    rendered = render(kind)
    text = text_of(rendered)
    for phrase in KIND_WORDING[kind]:
        assert phrase in text
    assert "《中华人民共和国政府信息公开条例》" in text
    assert "GK-2026-000123" in text
    assert rendered.notice_number == "甘政办依申请〔2026〕15号"
    assert rendered.paragraphs[-2:] == ["甘肃省人民政府办公厅", "2026年11月26日"]
    assert "{" not in text and "}" not in text


@pytest.mark.parametrize("code", ALL_CODES)
def test_each_decision_has_a_reply_with_its_basis_and_the_remedy_notice(code):
    rendered = render("reply", code)
    text = text_of(rendered)
    assert rendered.title == "政府信息公开申请答复书"
    for phrase in CODE_WORDING[code]:
        assert phrase in text
    basis = decision_row(code).basis
    if code == DecisionCode.DISCLOSED:
        basis = "《中华人民共和国政府信息公开条例》第三十六条第（二）项"
    assert f"根据{basis}" in text or f"依照{basis}" in text or f"不属于{basis}" in text
    assert REMEDY_NOTICE in rendered.paragraphs
    assert "六十日内" in text and "六个月内" in text
    assert "特此答复。" in rendered.paragraphs
    assert rendered.variant == template_variant("reply", code)


def test_every_decision_and_kind_has_a_default_template_file():
    for code in ALL_CODES:
        assert template_variant("reply", code) in VARIANTS
    assert {path.stem for path in TEXTS_DIR.glob("*.txt")} == set(VARIANTS)
    for kind in NOT_REPLIES:
        assert default_template(kind).variant == kind


def test_withheld_grounds_share_one_template_but_cite_their_own_article():
    secret = render("reply", DecisionCode.WITHHELD_STATE_SECRET)
    internal = render("reply", DecisionCode.WITHHELD_INTERNAL_AFFAIRS)
    assert secret.variant == internal.variant == "reply_withheld"
    assert "第十四条" in text_of(secret) and "第十四条" not in text_of(internal)
    assert "第十六条第一款" in text_of(internal)


def test_information_already_public_is_answered_with_where_to_find_it():
    rendered = render(
        "reply",
        DecisionCode.DISCLOSED,
        already_public=True,
        where_to_obtain="甘肃省人民政府门户网站“政策文件”栏目",
        enclosures=[],
    )
    text = text_of(rendered)
    assert "本机关已经主动公开" in text
    assert "第三十六条第（一）项" in text
    assert "获取该政府信息的方式、途径：甘肃省人民政府门户网站“政策文件”栏目。" in text


def test_information_already_public_without_where_to_find_it_is_refused():
    with pytest.raises(NoticeTemplateError, match="获取方式、途径"):
        render("reply", DecisionCode.DISCLOSED, already_public=True, where_to_obtain="")


def test_information_not_held_without_a_known_responsible_body_does_not_exist():
    rendered = render("reply", DecisionCode.UNAVAILABLE_NOT_HELD, responsible_body=None)
    assert "本机关不掌握您所申请公开的政府信息，该政府信息不存在" in text_of(rendered)


def test_a_caller_may_word_the_remedy_notice_more_precisely():
    remedy = "如对本答复不服，可以自收到本答复之日起六十日内向甘肃省人民政府申请行政复议。"
    rendered = render("reply", DecisionCode.PARTIAL, remedy_notice=remedy)
    assert remedy in rendered.paragraphs
    assert REMEDY_NOTICE not in rendered.paragraphs


def test_a_missing_required_value_is_named_in_chinese():
    context = sample_context("reply", DecisionCode.WITHHELD_STATE_SECRET)
    del context["reasons"]
    context["applicant_name"] = "  "
    with pytest.raises(NoticeTemplateError) as error:
        notice_text("reply", context, decision_code=DecisionCode.WITHHELD_STATE_SECRET)
    assert "缺少必需的内容：理由（reasons）" in error.value.problems
    assert "缺少必需的内容：申请人姓名或者名称（applicant_name）" in error.value.problems


@pytest.mark.parametrize(
    ("kind", "code", "override", "message"),
    [
        ("extension", None, {"extension_days": 21}, "最长不得超过20个工作日|1至20"),
        ("fee", None, {"fee_method": "per_page"}, "计收方式"),
        ("fee", None, {"fee_amount": Decimal("0")}, "大于零"),
        ("clarification", None, {"clarification_items": "请说明年度"}, "逐项列出"),
        ("reply", None, {}, "办理结果"),
        ("reply", "withheld_9", {}, "办理结果代码"),
        ("notice", None, {}, "未知的文书类型"),
    ],
)
def test_invalid_values_are_refused(kind, code, override, message):
    context = sample_context(kind if kind in KINDS else "receipt")
    context.update(override)
    with pytest.raises(NoticeTemplateError, match=message):
        notice_text(kind, context, decision_code=code)


def test_a_whole_number_fee_is_still_written_as_money():
    rendered = render("fee", fee_amount=1500, fee_tiers=[])
    assert "应缴纳信息处理费合计人民币1,500.00元（大写：壹仟伍佰元整）。" in rendered.paragraphs
    assert "本机关对您的申请按件计收信息处理费。" in text_of(rendered)


def test_applicant_text_cannot_split_the_letter_or_break_the_xml():
    rendered = render(
        "receipt", applicant_name="张\n三\x07", description="第一行\n第二行\x00的信息"
    )
    assert rendered.paragraphs[0] == "张 三："
    assert "申请公开的政府信息为：第一行 第二行的信息。" in rendered.paragraphs[1]


def test_the_letter_parts_are_recognised():
    roles = [role for role, _text in render("reply", DecisionCode.PARTIAL).blocks()]
    assert roles[0] == "salutation"
    assert roles[-2:] == ["signature", "signature"]
    assert set(roles[1:-2]) == {"body"}


# --- Chinese dates, amounts and list markers --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 26), "2026年11月26日"),
        (date(2027, 1, 5), "2027年1月5日"),
        # 20:00 UTC is 04:00 the next day in Asia/Shanghai.
        (datetime(2026, 11, 25, 20, 0, tzinfo=UTC), "2026年11月26日"),
    ],
)
def test_dates_are_written_the_chinese_way(value, expected):
    assert cn_date(value) == expected


@pytest.mark.parametrize(
    ("amount", "figures", "words"),
    [
        (Decimal("3000"), "3,000.00元", "叁仟元整"),
        (Decimal("4700"), "4,700.00元", "肆仟柒佰元整"),
        (Decimal("10050.5"), "10,050.50元", "壹万零伍拾元伍角"),
        (Decimal("1004.30"), "1,004.30元", "壹仟零肆元叁角"),
        (Decimal("1.05"), "1.05元", "壹元零伍分"),
        (Decimal("0.05"), "0.05元", "伍分"),
        (Decimal("110000"), "110,000.00元", "壹拾壹万元整"),
        (Decimal("100000001"), "100,000,001.00元", "壹亿零壹元整"),
        (Decimal("100010000"), "100,010,000.00元", "壹亿零壹万元整"),
        (0, "0.00元", "零元整"),
    ],
)
def test_amounts_are_written_in_figures_and_capital_numerals(amount, figures, words):
    assert cn_amount(amount) == figures
    assert cn_amount_words(amount) == words


@pytest.mark.parametrize(
    ("number", "marker"), [(1, "（一）"), (10, "（十）"), (11, "（十一）"), (21, "（二十一）")]
)
def test_list_markers(number, marker):
    assert cn_ordinal(number) == marker


# --- Checking templates staff edit ----------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_default_template_passes_the_check(variant):
    kind = variant_kind(variant)
    code = next((c for c in ALL_CODES if template_variant("reply", c) == variant), None)
    template = variant_template(variant)
    assert (
        notice_template_check(kind, template.text, title=template.title, decision_code=code) == []
    )


RECEIPT = default_template("receipt").text
REPLY = default_template("reply", DecisionCode.PARTIAL).text


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "receipt",
            RECEIPT.replace("{{ case_number }}", "{{ case_numbr }}", 1),
            "第2行：未知的变量“case_numbr”，是否应为“case_number”？",
        ),
        ("receipt", RECEIPT + "{% if contact %}联系方式", "标签“{% if %}”没有结束"),
        (
            "receipt",
            RECEIPT + "{% if contact %}{{ contact }}{% endfi %}",
            "无法识别的标签“{% endfi %}”",
        ),
        ("receipt", RECEIPT + "{{ contact|shout }}", "未知的过滤器“shout”"),
        ("receipt", RECEIPT + "{{ contact contact }}", "无法解析“contact contact”"),
        ("receipt", RECEIPT + '{% include "secrets.txt" %}', "不允许使用标签“{% include %}”"),
        ("receipt", RECEIPT + "{% debug %}", "不允许使用标签“{% debug %}”"),
        ("reply", REPLY.replace("{{ remedy_notice }}", ""), "救济途径"),
        ("reply", REPLY.replace("{{ legal_basis }}", "本条例"), "legal_basis"),
        ("extension", "{{ applicant_name }}：\n{{ issued_on }}", "extension_days"),
        ("receipt", "   ", "模板内容为空"),
    ],
)
def test_a_broken_template_is_reported_in_chinese(kind, text, expected):
    problems = notice_template_check(kind, text)
    assert problems
    assert any(expected in problem for problem in problems), problems
    assert all(re.search(r"[\u4e00-\u9fff]", problem) for problem in problems)


def test_a_reply_template_for_one_decision_must_state_what_the_law_asks_for_it():
    text = REPLY.replace("{{ withheld_reasons|sentence }}", "")
    assert notice_template_check("reply", text) == []
    problems = notice_template_check("reply", text, decision_code=DecisionCode.PARTIAL)
    assert any("withheld_reasons" in problem for problem in problems)


def test_loop_variables_and_filters_are_not_unknown_variables():
    text = (
        "{{ applicant_name }}：\n"
        "{% for item in clarification_items %}{{ forloop.counter|cn_ordinal }}{{ item|clause }}\n"
        "{% endfor %}{% with due=correction_due %}{{ due }}{% endwith %}\n{{ issued_on }}"
    )
    assert notice_template_check("clarification", text) == []


def test_a_body_template_and_title_are_used_and_checked():
    context = sample_context("extension")
    rendered = notice_text(
        "extension",
        context,
        template_text="{{ applicant_name }}：\n延期{{ extension_days }}个工作日，至{{ new_due }}。\n"
        "{{ body_name }}\n{{ issued_on }}",
        template_title="{{ body_name }}延期答复告知书",
    )
    assert rendered.title == "甘肃省人民政府办公厅延期答复告知书"
    assert rendered.paragraphs[1] == "延期20个工作日，至2026年12月28日。"
    with pytest.raises(NoticeTemplateError, match="未知的变量“applicant”"):
        notice_text(
            "extension",
            context,
            template_text="{{ applicant }}{{ extension_days }}{{ new_due }}{{ issued_on }}",
        )


# --- DOCX ------------------------------------------------------------------------------------


def docx_of(rendered):
    return docx.Document(BytesIO(notice_docx(rendered)))


@pytest.mark.parametrize(
    ("kind", "code"), [(kind, None) for kind in NOT_REPLIES] + [("reply", c) for c in ALL_CODES]
)
def test_the_docx_holds_the_same_paragraphs(kind, code):
    rendered = render(kind, code)
    document = docx_of(rendered)
    texts = [p.text for p in document.paragraphs]
    assert texts == [rendered.title, rendered.notice_number, *rendered.paragraphs]


def test_the_docx_is_laid_out_as_an_official_letter():
    rendered = render("reply", DecisionCode.PARTIAL, applicant_name=HOSTILE_NAME)
    document = docx_of(rendered)
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    title, number, salutation, first_body, *_rest = document.paragraphs
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert salutation.text == HOSTILE_NAME + "："
    assert salutation.paragraph_format.first_line_indent is None
    assert first_body.paragraph_format.first_line_indent == Pt(32)
    assert first_body.runs[0].font.size == Pt(16)
    assert first_body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    date_line = document.paragraphs[-1]
    assert date_line.text == "2026年11月26日"
    assert date_line.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert document.core_properties.title == "政府信息公开申请答复书"
    assert document.core_properties.author == "甘肃省人民政府办公厅"


# --- PDF -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def partial_reply_pdf():
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:  # Pango missing: CI installs libpango (see .ci/run)
        pytest.skip(f"WeasyPrint cannot load its system libraries: {exc}")
    rendered = render("reply", DecisionCode.PARTIAL, applicant_name=HOSTILE_NAME)
    return rendered, PdfReader(BytesIO(notice_pdf(rendered)))


def test_the_pdf_text_holds_the_case_number_and_the_letter(partial_reply_pdf):
    _rendered, reader = partial_reply_pdf
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert "GK-2026-000123" in text
    assert "政府信息公开申请答复书" in text
    assert "甘政办依申请〔2026〕15号" in text
    assert "自收到本答复之日起六十日内依法申请行政复议" in text
    assert "2026年11月26日" in text


def test_the_pdf_shows_applicant_markup_literally(partial_reply_pdf):
    rendered, reader = partial_reply_pdf
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert "<script>alert('x')</script>&Co." in text
    html = notice_html(rendered)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co." in html


def _fonts(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                yield descendant.get_object()


def test_the_pdf_embeds_its_chinese_fonts(partial_reply_pdf):
    _rendered, reader = partial_reply_pdf
    fonts = list(_fonts(reader))
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
    names = " ".join(str(font["/BaseFont"]) for font in fonts)
    assert re.search(r"CJK|FangSong|Song|Hei", names), names


def test_the_pdf_is_a4(partial_reply_pdf):
    _rendered, reader = partial_reply_pdf
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210
    assert round(float(box.height) / 72 * 25.4) == 297


# --- Docs ------------------------------------------------------------------------------------


def test_the_docs_name_every_key_and_variant():
    docs = DOCS.read_text(encoding="utf-8")
    missing = [key for key in KEY_LABELS if f"`{key}`" not in docs]
    missing += [variant for variant in VARIANTS if f"`{variant}`" not in docs]
    assert not missing, f"docs/notices.md does not mention: {missing}"
