"""The document editor's form: what a document needs before it goes to review, its short address,
and its 发文机关 asked once.

Wagtail saves a draft with the required fields deferred (`is_deferred_validation`) and tells the
other actions apart by the button posted (`action-submit`, `action-publish`, `action-workflow-action`
with `workflow-action-name`); the checks of `missing_before_review` run on 提交审核, 发布 and the
reviewer's 审核通过 in the editor, so a draft can still be saved half-written and a reviewer can
still send an incomplete document back.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

from django import forms
from django.utils.html import strip_tags
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from gongkai.bodies.models import Body
from gongkai.bodies.personal_data_forms import PersonalDataFormMixin
from gongkai.bodies.selectors import body_for_page
from gongkai.documents.choices import DocType
from gongkai.documents.docnumber import parse_doc_number

MSG_TEXT_OR_ATTACHMENT = "{doc_type}提交审核前须填写正文或上传附件"
MSG_DOC_NUMBER = "{doc_type}提交审核前须填写发文字号"
MSG_WRITTEN_ON = "{doc_type}提交审核前须填写成文日期"
MSG_EFFECTIVE_ON = "{doc_type}提交审核前须填写施行日期"

# What each 文种 must carry before review, beyond text or an attachment (which all need).
# 规章 are numbered orders (令) with a 施行日期 (《规章制定程序条例》第三十二条); 行政规范性文件 carry a
# 发文字号 and 成文日期 (国办发〔2018〕37号); 其他文件, 规划 and 公告 are dated when signed.
NEEDS = {
    DocType.RULE: ("doc_number", "written_on", "effective_on"),
    DocType.NORMATIVE: ("doc_number", "written_on"),
    DocType.OTHER: ("written_on",),
    DocType.PLAN: ("written_on",),
    DocType.ANNOUNCEMENT: ("written_on",),
}
FIELD_MESSAGES = {
    "doc_number": MSG_DOC_NUMBER,
    "written_on": MSG_WRITTEN_ON,
    "effective_on": MSG_EFFECTIVE_ON,
}

# The editor's buttons that send a document to review or publish it (Wagtail's edit views).
REVIEW_ACTIONS = ("action-submit", "action-publish", "action-restart-workflow")
ISSUER_SEPARATORS = re.compile(r"[、，,；;\s]+")
SHORT_SLUG_MAX = 30


def missing_before_review(
    doc_type: str,
    *,
    has_text: bool,
    doc_number: str = "",
    written_on: date | None = None,
    effective_on: date | None = None,
) -> dict[str, str]:
    """field → the Chinese message, for each field this type needs and the document lacks."""
    label = DocType(doc_type).label if doc_type in DocType.values else "文件"
    values = {"doc_number": doc_number, "written_on": written_on, "effective_on": effective_on}
    missing = {
        field: FIELD_MESSAGES[field].format(doc_type=label)
        for field in NEEDS.get(doc_type, ())
        if not values[field]
    }
    if not has_text:
        missing["body"] = MSG_TEXT_OR_ATTACHMENT.format(doc_type=label)
    return missing


def short_slug(doc_number: str, parent: Page | None, instance: Page) -> str:
    """A short address for a new document: `2024-3` for 甘政办发〔2024〕3号, `ling-12` for a 令,
    else `wj-` and six random hex digits; `-2`, `-3`… when a sibling has it."""
    parsed = parse_doc_number(doc_number) if doc_number else None
    if parsed is not None and parsed.valid and parsed.kind == "standard":
        base = f"{parsed.year}-{parsed.serial}"
    elif parsed is not None and parsed.valid and parsed.serial:
        base = f"ling-{f'{parsed.year}-' if parsed.year else ''}{parsed.serial}"
    else:
        base = f"wj-{secrets.token_hex(3)}"
    candidate, n = base, 1
    while parent is not None and not Page._slug_is_available(candidate, parent, instance):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def wants_short_slug(slug: str | None) -> bool:
    """A slug Wagtail derived from a Chinese title (or none): replaced on creation."""
    return not slug or len(slug) > SHORT_SLUG_MAX or not slug.isascii()


def issuing_bodies_named(issuer_names: str) -> list[Body]:
    names = [n for n in ISSUER_SEPARATORS.split(issuer_names or "") if n]
    return list(Body.objects.filter(name__in=names)) if names else []


class PolicyDocumentForm(PersonalDataFormMixin, WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            if "slug" in self.fields:
                self.fields["slug"].required = False
            body = body_for_page(self.parent_page) if self.parent_page is not None else None
            if body is not None and not self.initial.get("issuer_names"):
                self.initial["issuer_names"] = body.name

    def goes_to_review_or_publication(self) -> bool:
        """提交审核, 发布, 重新提交 or the reviewer's 审核通过 — not 保存草稿 (whose required fields
        Wagtail defers) nor a reviewer's 退回修改 or a cancelled review, which must stay possible
        for an incomplete document."""
        if self.is_deferred_validation:
            return False
        if self.data.get("action-workflow-action"):
            return self.data.get("workflow-action-name") == "approve"
        return any(self.data.get(a) for a in REVIEW_ACTIONS)

    def _has_text_or_attachment(self) -> bool:
        if strip_tags(self.cleaned_data.get("body") or "").replace("&nbsp;", "").strip():
            return True
        formset = self.formsets.get("attachments")
        if formset is None or not formset.is_valid():
            return False
        return any(
            f.cleaned_data.get("attachment") and not f.cleaned_data.get("DELETE")
            for f in formset.forms
            if hasattr(f, "cleaned_data")
        )

    def clean(self):
        data = self.cleaned_data
        if self.instance.pk is None and wants_short_slug(data.get("slug")):
            data["slug"] = short_slug(data.get("doc_number") or "", self.parent_page, self.instance)
            self.errors.pop("slug", None)
        cleaned = super().clean()
        if "issuer_names" in cleaned:
            # 发文机关 is asked once, as printed; the platform's bodies among them are found by name.
            self.instance.issuing_bodies.set(issuing_bodies_named(cleaned["issuer_names"]))
        if self.goes_to_review_or_publication() and cleaned.get("doc_type"):
            missing = missing_before_review(
                cleaned["doc_type"],
                has_text=self._has_text_or_attachment(),
                doc_number=cleaned.get("doc_number") or "",
                written_on=cleaned.get("written_on"),
                effective_on=cleaned.get("effective_on"),
            )
            for field, message in missing.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, forms.ValidationError(message))
        return cleaned
