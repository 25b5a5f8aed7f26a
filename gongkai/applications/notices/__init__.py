"""Notices and replies of a disclosure-on-application case (依申请公开文书), see docs/notices.md.

Works on plain values: the models store templates, numbers and files; this package words and
lays out the letters.
"""

from .context import KEY_LABELS, KINDS, NoticeTemplateError, required_keys
from .defaults import (
    TITLES,
    VARIANT_LABELS,
    VARIANTS,
    DefaultTemplate,
    default_template,
    template_variant,
    variant_template,
)
from .examples import sample_context
from .formatting import cn_amount, cn_amount_words, cn_date, cn_numeral, cn_ordinal
from .render import (
    RenderedNotice,
    notice_docx,
    notice_html,
    notice_pdf,
    notice_template_check,
    notice_text,
)

__all__ = [
    "KEY_LABELS",
    "KINDS",
    "TITLES",
    "VARIANTS",
    "VARIANT_LABELS",
    "DefaultTemplate",
    "NoticeTemplateError",
    "RenderedNotice",
    "cn_amount",
    "cn_amount_words",
    "cn_date",
    "cn_numeral",
    "cn_ordinal",
    "default_template",
    "notice_docx",
    "notice_html",
    "notice_pdf",
    "notice_template_check",
    "notice_text",
    "required_keys",
    "sample_context",
    "template_variant",
    "variant_template",
]
