"""Notices of a disclosure-on-application case: wording from a template, then DOCX and PDF files.

`notice_text` fills a template (a body's own, or the platform default from `defaults.py`) with
plain values and returns the letter as paragraphs. `notice_docx` and `notice_pdf` lay those out as
an official letter (GB/T 9704-2012 proportions: A4, 仿宋 3号 body at 28 pt lines, 2-character
first-line indent, title centred, 落款 right-aligned). Nothing here touches the database; the
case's services store the files and number the notices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from functools import lru_cache
from typing import Any

from django.template import Template, TemplateSyntaxError
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from gongkai.applications.decisions import DecisionCode
from gongkai.core.printing import PDF_SONG, docx_bytes, docx_document, docx_fonts, pdf_from_html

from .context import (
    KEY_LABELS,
    KINDS,
    NoticeTemplateError,
    allowed_keys,
    prepare_context,
    reply_keys,
)
from .defaults import TITLES, default_template, template_variant
from .engine import (
    compile_template,
    forbidden_tags,
    render_template,
    syntax_problem,
    template_variables,
)
from .examples import sample_context

# Keys a template of each kind must keep: without them the letter loses what the law requires it
# to say (the reply's basis and remedy; the correction items and period of Art. 30; the new due
# date of Art. 33; the amount and payment date of a fee notice; the third party's 15 days).
MUST_USE: dict[str, tuple[str, ...]] = {
    "receipt": ("case_number", "received_on"),
    "clarification": ("clarification_items", "correction_due"),
    "extension": ("extension_days", "new_due"),
    "third_party": ("opinion_due",),
    "other_body": ("opinion_due",),
    "fee": ("fee_amount", "pay_by"),
    "reply": ("legal_basis", "remedy_notice"),
}
_ALWAYS_USE = ("issued_on",)

_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_SENTENCE_ENDS = ("。", "：", "；", "！", "？")


@dataclass(frozen=True)
class RenderedNotice:
    title: str
    paragraphs: list[str]
    kind: str = ""
    variant: str = ""
    decision_code: str | None = None
    notice_number: str = ""
    case_number: str = ""
    body_name: str = ""
    issued_on: str = ""

    def blocks(self) -> list[tuple[str, str]]:
        """Each paragraph with its place in the letter: `salutation`, `body` or `signature`.

        The salutation is a first line ending in "：" (称谓); the signature (落款) is a last line
        that is a date, with the line above it when that line is a name rather than a sentence.
        """
        count = len(self.paragraphs)
        roles = ["body"] * count
        if count and self.paragraphs[0].endswith(("：", ":")) and len(self.paragraphs[0]) <= 60:
            roles[0] = "salutation"
        if count >= 2 and _DATE_LINE.match(self.paragraphs[-1]):
            roles[-1] = "signature"
            above = self.paragraphs[-2]
            if roles[-2] == "body" and len(above) <= 40 and not above.endswith(_SENTENCE_ENDS):
                roles[-2] = "signature"
        return list(zip(roles, self.paragraphs, strict=True))

    def as_text(self) -> str:
        """Plain text (for a preview or a message), indented the way the letter is."""
        lines = [self.title]
        if self.notice_number:
            lines.append(self.notice_number)
        lines.append("")
        for role, text in self.blocks():
            lines.append(("　　" if role == "body" else "") + text)
        return "\n".join(lines) + "\n"


def _paragraphs(text: str) -> list[str]:
    paragraphs = []
    for line in text.splitlines():
        line = line.strip(" \t\u3000\r")
        if line:
            paragraphs.append(line.replace("。。", "。").replace("，。", "。"))
    return paragraphs


def _static_problems(
    kind: str, text: str, title: str | None, decision_code: str | None = None
) -> list[str]:
    problems = forbidden_tags(text) + (forbidden_tags(title) if title else [])
    if problems:
        return problems
    try:
        template = compile_template(text)
        title_template = compile_template(title) if title else None
    except TemplateSyntaxError as exc:
        return [syntax_problem(exc)]
    used = template_variables(template)
    if title_template is not None:
        used += template_variables(title_template)
    allowed = allowed_keys(kind)
    reported: set[str] = set()
    for name, line in used:
        if name not in allowed and name not in reported:
            reported.add(name)
            where = f"第{line}行：" if line else ""
            close = get_close_matches(name, sorted(allowed), n=1)
            hint = (
                f"，是否应为“{close[0]}”？" if close else "；请检查拼写（可用的变量见文书模板说明）"
            )
            problems.append(f"{where}未知的变量“{name}”{hint}")
    names = {name for name, _line in used}
    must = _ALWAYS_USE + MUST_USE[kind]
    if kind == "reply" and decision_code:
        must += reply_keys(decision_code).required
    for key in must:
        if key not in names:
            problems.append(
                f"模板必须使用变量 {{{{ {key} }}}}（{KEY_LABELS[key]}），不能删除"
                + ("：答复书必须告知申请人救济途径" if key == "remedy_notice" else "")
            )
    return problems


@lru_cache(maxsize=128)
def _compiled(text: str) -> Template:
    return compile_template(text)


def _render(text: str, title: str, values: dict[str, Any]) -> tuple[str, list[str]]:
    try:
        body = render_template(_compiled(text), values)
        heading = render_template(_compiled(title), values)
    except Exception as exc:  # a template error at render time: tell staff, do not crash a case
        raise NoticeTemplateError(f"模板生成文书时出错：{exc}") from exc
    paragraphs = _paragraphs(body)
    heading = "".join(_paragraphs(heading))
    if not paragraphs:
        raise NoticeTemplateError("模板生成的文书没有正文")
    if not heading:
        raise NoticeTemplateError("文书标题为空")
    return heading, paragraphs


def notice_template_check(
    kind: str, text: str, *, title: str | None = None, decision_code: str | None = None
) -> list[str]:
    """Problems with a template staff wrote, in Chinese, one per entry; empty when it is usable.

    Checks, in order: forbidden tags, syntax, unknown variables, required variables, and a trial
    render with example values. `decision_code` narrows a reply template to one decision, adding
    that decision's required values (e.g. 部分公开 must state `withheld_reasons`).
    """
    if kind not in KINDS:
        return [f"未知的文书类型“{kind}”"]
    if decision_code is not None and decision_code not in DecisionCode.values:
        return [f"未知的办理结果代码“{decision_code}”"]
    if not text.strip():
        return ["模板内容为空"]
    problems = _static_problems(kind, text, title, decision_code)
    if problems:
        return problems
    code = decision_code or (DecisionCode.PARTIAL.value if kind == "reply" else None)
    try:
        values = prepare_context(kind, sample_context(kind, code), code)
        _render(text, title or TITLES[kind], values)
    except NoticeTemplateError as exc:
        return exc.problems
    return []


def notice_text(
    kind: str,
    context: Mapping[str, Any],
    *,
    decision_code: str | None = None,
    template_text: str | None = None,
    template_title: str | None = None,
) -> RenderedNotice:
    """The notice's title and paragraphs, from `template_text` or the platform default.

    `context` holds plain values (see `docs/notices.md` for the keys of each kind); dates and
    `Decimal` amounts are written the Chinese way. Raises `NoticeTemplateError` with Chinese
    sentences when the template is broken or a required value is missing.
    """
    variant = template_variant(kind, decision_code)
    if template_text is None:
        default = default_template(kind, decision_code)
        template_text = default.text
    title = template_title or TITLES[kind]
    values = prepare_context(kind, context, decision_code)
    problems = _static_problems(kind, template_text, template_title, decision_code)
    if problems:
        raise NoticeTemplateError(problems)
    heading, paragraphs = _render(template_text, title, values)
    return RenderedNotice(
        title=heading,
        paragraphs=paragraphs,
        kind=kind,
        variant=variant,
        decision_code=decision_code,
        notice_number=values["notice_number"],
        case_number=values["case_number"],
        body_name=values["body_name"],
        issued_on=values["issued_on"],
    )


# --- Files -----------------------------------------------------------------------------------

# Fonts of a 公文: the title in 小标宋 (Word falls back to 宋体 where 方正小标宋 is not installed, so
# we name 宋体), the body in 仿宋. The PDF embeds Noto Serif CJK SC (Debian fonts-noto-cjk) unless
# a real 仿宋 is installed on the server.
DOCX_TITLE_FONT = "宋体"
DOCX_BODY_FONT = "仿宋"
# The PDF uses the bundled faces only (core.printing); the rest of each stack is for a browser.
PDF_TITLE_FONTS = f'"{PDF_SONG}", "SimSun", "Noto Serif CJK SC", serif'
PDF_BODY_FONTS = f'"{PDF_SONG}", "FangSong", "STFangsong", "Noto Serif CJK SC", serif'

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
LINE_PT = 28  # 22 lines on a page, GB/T 9704


def _header(rendered: RenderedNotice, header: Mapping[str, str] | None) -> dict[str, str]:
    """`notice_number` (文号 line), `body_name` (author), `case_number` (subject): the rendered
    notice's own unless the caller overrides them."""
    values = {
        "notice_number": rendered.notice_number,
        "body_name": rendered.body_name,
        "case_number": rendered.case_number,
    }
    values.update({k: v for k, v in (header or {}).items() if v is not None})
    return values


def notice_docx(rendered: RenderedNotice, *, header: Mapping[str, str] | None = None) -> bytes:
    """The notice as a Word document: A4, 公文 margins, 宋体 title, 仿宋 3号 body."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    values = _header(rendered, header)
    # GB/T 9704: 天头 37 mm, 订口 28 mm; text 156 × 225 mm.
    document = docx_document(
        margins_mm=(37, 26, 35, 28), normal_font=DOCX_BODY_FONT, size_pt=BODY_PT
    )
    spacing = document.styles["Normal"].paragraph_format
    spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacing.line_spacing = Pt(LINE_PT)

    def paragraph(text: str, font: str, size: float, align: Any) -> Any:
        para = document.add_paragraph()
        para.alignment = align
        run = para.add_run(text)
        docx_fonts(run._element.get_or_add_rPr(), font, size)
        return para

    title = paragraph(rendered.title, DOCX_TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(TITLE_PT * 1.6)
    title.runs[0].bold = True
    if values["notice_number"]:
        number = paragraph(
            values["notice_number"], DOCX_BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER
        )
        number.paragraph_format.space_after = Pt(LINE_PT)
    else:
        title.paragraph_format.space_after = Pt(LINE_PT)

    first_signature = True
    for role, text in rendered.blocks():
        if role == "signature":
            para = paragraph(text, DOCX_BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
            para.paragraph_format.right_indent = Pt(BODY_PT * 2)
            if first_signature:
                para.paragraph_format.space_before = Pt(LINE_PT)
                first_signature = False
        else:
            para = paragraph(text, DOCX_BODY_FONT, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY)
            if role == "body":
                # 2-character indent that follows the font size (w:firstLineChars), with the
                # equivalent length for readers that ignore character units.
                para.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
                para._p.get_or_add_pPr().find(qn("w:ind")).set(qn("w:firstLineChars"), "200")

    properties = document.core_properties
    properties.title = rendered.title
    properties.author = values["body_name"]
    properties.subject = values["notice_number"]
    properties.keywords = values["case_number"]
    properties.language = "zh-CN"
    return docx_bytes(document)


_PDF_CSS = f"""
@page {{
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center {{
    content: "— " counter(page) " —";
    font-family: {PDF_TITLE_FONTS};
    font-size: 14pt;
  }}
}}
html {{ font-family: {PDF_BODY_FONTS}; font-size: {BODY_PT}pt; line-height: {LINE_PT}pt; }}
h1 {{
  font-family: {PDF_TITLE_FONTS}; font-size: {TITLE_PT}pt; font-weight: bold;
  line-height: 1.6; text-align: center; margin: 0;
}}
p {{ margin: 0; text-align: justify; text-indent: 2em; overflow-wrap: anywhere; }}
p.number {{ text-align: center; text-indent: 0; margin-bottom: {LINE_PT}pt; }}
h1.unnumbered {{ margin-bottom: {LINE_PT}pt; }}
p.salutation {{ text-indent: 0; }}
div.signature {{
  display: table; margin: {LINE_PT}pt 2em 0 auto; break-inside: avoid; break-before: avoid;
}}
div.signature p {{ text-align: center; text-indent: 0; }}
"""


def notice_html(rendered: RenderedNotice, *, header: Mapping[str, str] | None = None) -> str:
    """The notice as a standalone HTML page (the PDF's source); every value is escaped."""
    values = _header(rendered, header)
    blocks = rendered.blocks()
    text = format_html_join(
        "\n", '<p class="{}">{}</p>', ((r, t) for r, t in blocks if r != "signature")
    )
    signature = format_html_join("\n", "<p>{}</p>", ((t,) for r, t in blocks if r == "signature"))
    if signature:
        # 落款: the body's name centred over the date, the block kept on the page of the text.
        signature = format_html('<div class="signature">{}</div>', signature)
    number = (
        format_html('<p class="number">{}</p>', values["notice_number"])
        if values["notice_number"]
        else ""
    )
    return format_html(
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<title>{}</title><meta name="author" content="{}">'
        '<meta name="description" content="{}"><meta name="keywords" content="{}">'
        "<style>{}</style></head>\n<body>\n<h1{}>{}</h1>\n{}\n{}\n{}\n</body></html>\n",
        rendered.title,
        values["body_name"],
        values["notice_number"],
        values["case_number"],
        mark_safe(_PDF_CSS),  # a constant of this module, no user input
        "" if number else format_html(' class="{}"', "unnumbered"),
        rendered.title,
        number,
        text,
        signature,
    )


def notice_pdf(rendered: RenderedNotice, *, header: Mapping[str, str] | None = None) -> bytes:
    """The notice as a PDF with the bundled Chinese fonts embedded (`core.printing`; raises
    `PrintFontError` rather than write a letter whose Chinese would not show)."""
    return pdf_from_html(notice_html(rendered, header=header))
