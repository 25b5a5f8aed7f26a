"""The processing fee (信息处理费, 条例 Art. 42; 国办函〔2020〕109号): the notice, the payment, the
lapse. From the notice to the payment the reply clock pauses. The tiers are `fees.py`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from gongkai.applications import deadlines
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.fees import FeeQuote, per_item_fee, per_volume_fee
from gongkai.applications.models import Action, Application, FeeMethod, FeeNotice
from gongkai.applications.selectors import fee_earlier_items
from gongkai.core.dates import cn_date
from gongkai.workdays.calendar import CalendarDataMissing

from .offered import check_once
from .steps import (
    DECISION_FIELDS,
    WorkflowError,
    begin,
    calendar_error,
    decide_fields,
    move,
    strict_calendar,
)

MSG_FEE_METHOD = "计收方式无效"
MSG_FEE_UNITS = "计费的件数或页数应为正整数"
MSG_FEE_FREE = "按{method}计算应收金额为0元，在免费范围内，不得收取信息处理费"
MSG_FEE_PAY_DAYS = "缴费期限应为正整数个工作日"
MSG_PAYMENT_BEFORE_NOTICE = "缴费日期不能早于收费通知之日（{issued}）"
MSG_FEE_PERIOD_RUNNING = "缴费期限至{due}届满，届满前不能按逾期未缴费处理"

REASON_FEE_UNPAID = "申请人逾期未按收费通知要求缴纳信息处理费，本机关不再处理该政府信息公开申请。"


def _earlier_items(app: Application, method: str, earlier_items: int | None) -> int:
    """Per item, the applicant's earlier items at this body this month decide the tier
    (regulations.md §9), counted unless the handler gives them; per volume they do not count."""
    if method != FeeMethod.PER_ITEM:
        return 0
    return fee_earlier_items(app) if earlier_items is None else earlier_items


def fee_quote(
    app: Application, method: str, units: int, earlier_items: int | None = None
) -> FeeQuote:
    """The amount and tiers a fee notice would state (国办函〔2020〕109号 Arts. 4, 5); the
    workbench shows it before the notice goes out (计算金额)."""
    if method == FeeMethod.PER_ITEM:
        earlier = _earlier_items(app, method, earlier_items)
        return per_item_fee(units, earlier_items_this_month=earlier)
    return per_volume_fee(units)


@transaction.atomic
def application_issue_fee_notice(
    application: Application | int,
    *,
    user,
    method: str,
    units: int,
    earlier_items: int | None = None,
    pay_days: int = deadlines.DEFAULT_FEE_PAYMENT_DAYS,
    on: date | None = None,
    note: str = "",
    letter: Mapping[str, Any] | None = None,
) -> FeeNotice:
    """收费通知 (条例 Art. 42; 国办函〔2020〕109号): the clock pauses until payment.

    One method per application and one notice (Art. 3). Per item, the applicant's earlier items
    at this body in the same month decide the tier (regulations.md §9) unless given.
    """
    app, on = begin(application, Action.ISSUE_FEE_NOTICE, user=user, on=on)
    check_once(app, Action.ISSUE_FEE_NOTICE)
    if method not in FeeMethod.values:
        raise WorkflowError(MSG_FEE_METHOD)
    if not isinstance(units, int) or units < 1:
        raise WorkflowError(MSG_FEE_UNITS)
    if not isinstance(pay_days, int) or pay_days < 1:
        raise WorkflowError(MSG_FEE_PAY_DAYS)
    earlier = _earlier_items(app, method, earlier_items)
    quote = fee_quote(app, method, units, earlier)
    if quote.amount <= 0:
        raise WorkflowError(MSG_FEE_FREE.format(method=FeeMethod(method).label))
    try:
        pay_by = deadlines.fee_payment_due(on, calendar=strict_calendar(), days=pay_days)
    except CalendarDataMissing as exc:
        raise calendar_error(exc) from exc
    fee = FeeNotice.objects.create(
        application=app,
        method=method,
        units=units,
        earlier_items=earlier,
        amount=quote.amount,
        tiers=[
            {"label": t.label, "units": t.units, "rate": t.rate, "amount": t.amount}
            for t in quote.tiers
        ],
        issued_on=on,
        pay_by=pay_by,
    )
    move(
        app,
        Action.ISSUE_FEE_NOTICE,
        user=user,
        on=on,
        note=note,
        original=application,
        data={"fee_notice": fee.pk, "amount": fee.amount, "pay_by": pay_by.isoformat()},
        letter=letter,
    )
    return fee


def _open_fee_notice(app: Application) -> FeeNotice:
    return (
        app.fee_notices.select_for_update()
        .filter(paid_on__isnull=True, lapsed_on__isnull=True)
        .order_by("-issued_on", "-pk")
        .first()
    )


@transaction.atomic
def application_record_payment(
    application: Application | int, *, user, on: date | None = None, note: str = ""
) -> Application:
    """缴费: the clock resumes with the working days that were left."""
    app, on = begin(application, Action.RECORD_PAYMENT, user=user, on=on)
    fee = _open_fee_notice(app)
    if on < fee.issued_on:
        raise WorkflowError(MSG_PAYMENT_BEFORE_NOTICE.format(issued=cn_date(fee.issued_on)))
    fee.paid_on = on
    fee.save(update_fields=["paid_on"])
    move(
        app,
        Action.RECORD_PAYMENT,
        user=user,
        on=on,
        note=note,
        original=application,
        data={"fee_notice": fee.pk},
    )
    return app


@transaction.atomic
def application_fee_lapse(
    application: Application | int,
    *,
    user,
    on: date | None = None,
    note: str = "",
    letter: Mapping[str, Any] | None = None,
) -> Application:
    """逾期未缴费: processing ends as 其他处理 2 (regulations.md §3.3 (b))."""
    app, on = begin(application, Action.FEE_LAPSE, user=user, on=on)
    fee = _open_fee_notice(app)
    if on <= fee.pay_by:
        raise WorkflowError(MSG_FEE_PERIOD_RUNNING.format(due=cn_date(fee.pay_by)))
    fee.lapsed_on = on
    fee.save(update_fields=["lapsed_on"])
    decide_fields(app, DecisionCode.OTHER_FEE_UNPAID, REASON_FEE_UNPAID, on)
    move(
        app,
        Action.FEE_LAPSE,
        user=user,
        on=on,
        fields=DECISION_FIELDS,
        note=note,
        original=application,
        data={"fee_notice": fee.pk},
        letter=letter,
    )
    return app
