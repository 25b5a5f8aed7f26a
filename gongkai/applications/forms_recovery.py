"""The form for a lost query code (补发查询码): the case number and the contact on file."""

from __future__ import annotations

from django import forms

from gongkai.applications.forms_public import MSG_CASE_NUMBER, HalfWidthField, PublicForm

MSG_SUMMARY_RECOVER = "补发未成功，请修改以下问题："
MSG_CONTACT = "请填写申请时留下的电子邮箱或手机号码"


class CodeRecoveryForm(PublicForm):
    error_summary_title = MSG_SUMMARY_RECOVER

    case_number = HalfWidthField(
        label="申请编号",
        max_length=64,
        error_messages={"required": MSG_CASE_NUMBER},
        widget=forms.TextInput(attrs={"size": 30, "autocomplete": "off", "spellcheck": "false"}),
    )
    contact = HalfWidthField(
        label="申请时填写的电子邮箱或手机号码",
        max_length=254,
        error_messages={"required": MSG_CONTACT},
        help_text="新的查询码只发送到申请时留下的这一联系方式，不在页面上显示",
        widget=forms.TextInput(attrs={"size": 30, "autocomplete": "off", "spellcheck": "false"}),
    )
