"""Fields every workbench form uses, and the letter's values staff may add to an action
(docs/notices.md, "Context keys"): the fields, the folded group "文书内容", the 重新生成 form."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.applications.notice_issue.values import staff_keys, staff_required_keys
from gongkai.applications.notices import KEY_LABELS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


def text_field(label: str, *, required: bool = False, rows: int = 0, help_text: str = "", **kw):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, required=required, widget=widget, help_text=help_text, **kw)


def note_field() -> forms.CharField:
    return text_field("办理说明", rows=2, help_text="内部记录，不告知申请人")


# --- Letters: what staff add beyond what the case records ----------------------------------------


def notice_field(key: str) -> forms.Field:
    """The form field of a letter's value (docs/notices.md, "Context keys")."""
    label = KEY_LABELS[key]
    if key == "already_public":
        return forms.BooleanField(
            label="所申请信息已经主动公开（条例第三十六条第（一）项）", required=False
        )
    if key in ("previous_reply_on", "explanation_requested_on", "new_due"):
        return date_field(label)
    if key == "enclosures":
        return text_field(label, rows=2, help_text="每行一件")
    if key in ("where_to_obtain", "guidance", "contact", "fee_reason", "consultation_reason"):
        return text_field(label, rows=2)
    return text_field(label)


def notice_values(cleaned: dict[str, Any], keys) -> dict[str, Any]:
    """The letter's values among a form's cleaned data; enclosures as a list."""
    values = {}
    for key in keys:
        value = cleaned.get(key)
        if key == "enclosures" and isinstance(value, str):
            value = [line.strip() for line in value.splitlines() if line.strip()]
        values[key] = value
    return values


class NoticeFieldsMixin:
    """Adds the letter's optional values (`notice_keys`) to an action form."""

    notice_kind: str = ""
    notice_keys: tuple[str, ...] = ()

    def add_notice_fields(self) -> None:
        for key in self.notice_keys:
            self.fields[key] = notice_field(key)
            self.fields[key].notice = True  # rendered in the "文书内容" group

    def notice_values(self) -> dict[str, Any]:
        return notice_values(self.cleaned_data, self.notice_keys)

    @property
    def letter_fields(self) -> list:
        return [f for f in self if getattr(f.field, "notice", False)]

    @property
    def letter_errors(self) -> bool:
        return any(f.errors for f in self.letter_fields)


class NoticeRegenerateForm(NoticeFieldsMixin, forms.Form):
    """重新生成文书: the values staff may add for the event's letter."""

    def __init__(self, *args, kind: str, decision: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice_kind = kind
        self.notice_keys = staff_keys(kind, decision)
        self.add_notice_fields()
        for key in self.notice_keys:
            self.fields[key].notice = False  # the whole form is the letter's: shown plainly
        for key in staff_required_keys(kind, decision):
            self.fields[key].required = True
