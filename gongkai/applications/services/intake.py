"""Submitting and registering a case (条例 Arts. 29, 31): the applicant's fields validated, then
`workflow.application_open` in a transaction that has committed before the receipt number is
returned."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.applications import workflow
from gongkai.applications.models import (
    APPLICANT_FIELDS,
    RECEIPT_DATE_RULES,
    Action,
    Application,
    Channel,
    Delivery,
    ProvisionForm,
)
from gongkai.applications.services.messages import receipt_messages_queue
from gongkai.bodies.models import Body
from gongkai.core.dates import local_date
from gongkai.core.dates import today as local_today

_DEFAULTS = {
    "contact_person": "",
    "phone": "",
    "email": "",
    "address": "",
    "postcode": "",
    "document_reference": "",
    "purpose": "",
    "provision_form": ProvisionForm.ELECTRONIC,
    "delivery": Delivery.ONLINE,
    "fee_waiver_requested": False,
}

MSG_UNKNOWN_FIELDS = "无法识别的字段：{fields}"
MSG_REGISTER_ONLINE = "在线申请由申请人在平台提交，不需要登记"
MSG_RECEIVED_ON_REQUIRED = "请填写收到申请之日：{rule}（条例第三十一条）"
MSG_RECEIVED_IN_FUTURE = "收到申请之日不能晚于今天"


def _applicant_fields(data: Mapping[str, Any], *, channel: str, received_on: date | None) -> dict:
    """The applicant's fields, validated as the model and 条例 Art. 29 require.

    Raises `ValidationError` with a Chinese message per field, for the form to show.
    """
    unknown = set(data) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValueError(MSG_UNKNOWN_FIELDS.format(fields="、".join(sorted(unknown))))
    fields = {**_DEFAULTS, **{k: v for k, v in data.items() if v is not None}}
    for name, value in fields.items():
        if isinstance(value, str):
            fields[name] = value.strip()
    draft = Application(**fields, channel=channel, received_on=received_on)
    checked = {*APPLICANT_FIELDS, "channel", "received_on"}
    draft.full_clean(
        exclude=[f.name for f in Application._meta.fields if f.name not in checked],
        validate_unique=False,
        validate_constraints=False,
    )
    return {name: getattr(draft, name) for name in APPLICANT_FIELDS}


def application_submit_online(body: Body, data: Mapping[str, Any]) -> tuple[Application, str]:
    """在线申请: the case and its first event are committed, then the case and its query code are
    returned — the receipt number is shown only for what is safely stored.

    条例 Art. 31 / regulations.md §9: the receipt date of an online application is the moment the
    platform issues the receipt number (双方确认之日). Must not run inside another transaction
    (`durable=True` raises if it does).
    """
    fields = _applicant_fields(data, channel=Channel.ONLINE, received_on=local_today())
    with transaction.atomic(durable=True):
        now = timezone.now()
        app, code = workflow.application_open(
            body,
            action=Action.SUBMIT,
            user=None,
            fields={**fields, "channel": Channel.ONLINE},
            received_on=local_date(now),
            received_at=now,
        )
        # In the same transaction: the receipt is queued before the number is ever shown.
        receipt_messages_queue(app, code)
    return app, code


def application_register(
    *,
    user,
    body: Body,
    channel: str,
    data: Mapping[str, Any],
    received_on: date | None = None,
    note: str = "",
) -> tuple[Application, str]:
    """登记 by staff of an application handed in, posted or faxed (条例 Arts. 29, 31).

    `received_on` is the legal receipt date the clerk records: for 当面提交 that day (default
    today), for 邮寄签收 the day the body signed, for 平常信函 the day of confirmation with the
    applicant, for 传真 the day both confirmed. Returns the case and its query code, after commit.
    """
    if channel == Channel.ONLINE:
        raise ValidationError({"channel": MSG_REGISTER_ONLINE})
    if channel not in Channel.values:
        raise ValidationError({"channel": f"提交方式无效：{channel}"})
    today = local_today()
    if received_on is None:
        if channel != Channel.IN_PERSON:
            rule = RECEIPT_DATE_RULES[Channel(channel)]
            raise ValidationError({"received_on": MSG_RECEIVED_ON_REQUIRED.format(rule=rule)})
        received_on = today
    if received_on > today:
        raise ValidationError({"received_on": MSG_RECEIVED_IN_FUTURE})
    fields = _applicant_fields(data, channel=channel, received_on=received_on)
    with transaction.atomic(durable=True):
        now = timezone.now()
        app, code = workflow.application_open(
            body,
            action=Action.REGISTER,
            user=user,
            fields={**fields, "channel": channel},
            received_on=received_on,
            received_at=now if channel == Channel.IN_PERSON and received_on == today else None,
            note=note,
        )
        receipt_messages_queue(app, code)
    return app, code
