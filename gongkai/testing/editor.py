"""The document editor's form as the admin posts it, for tests that drive Wagtail's page views."""

from __future__ import annotations

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def document_form(**overrides) -> dict:
    """Every field of `PolicyDocumentPage`'s editor, filled as a complete 行政规范性文件."""
    data = {
        "title": "关于做好政务公开工作的通知",
        "slug": "",
        "doc_type": "normative",
        "topic": "",
        "issuer_names": "甘肃省人民政府办公厅",
        "doc_number": "甘政办发〔2024〕3号",
        "written_on": "2024-01-02",
        "effective_on": "",
        "expires_on": "",
        "disclosure": "proactive",
        "withheld_reason": "",
        "summary": "",
        "keywords": "",
        "body": rich_text("<p>正文</p>"),
        "attachments": inline_formset([]),
        "previous_version": "",
        "interprets": "",
        "interpretation_form": "",
        "repealed_on": "",
        "repealing_document": "",
        "repealing_title": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def document_add_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("documents", "policydocumentpage", parent.pk))
