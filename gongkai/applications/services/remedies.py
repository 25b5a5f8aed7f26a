"""After the reply: reconsideration and litigation records (条例 Art. 51; report table 四). The
case library (典型案例) is `typical.py`."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications import workflow
from gongkai.applications.models import (
    Application,
    RemedyCase,
    RemedyKind,
    RemedyOutcome,
)
from gongkai.applications.selectors import user_may_handle
from gongkai.core.audit import audit_log
from gongkai.core.dates import today as local_today

MSG_REMEDY_KIND = "类型无效"
MSG_REMEDY_ROUTE_REQUIRED = "行政诉讼请选择“未经复议直接起诉”或“复议后起诉”"
MSG_REMEDY_ROUTE_FOR_RECONSIDERATION = "行政复议不填写起诉方式"
MSG_REMEDY_OUTCOME = "结果无效"
MSG_REMEDY_CONCLUDED_ON_REQUIRED = "已审结的，请填写审结日期"
MSG_REMEDY_PENDING_WITH_DATE = "尚未审结的，不填写审结日期"
MSG_REMEDY_CONCLUDED_BEFORE_FILED = "审结日期不能早于申请或起诉日期"
MSG_DATE_IN_FUTURE = "日期不能晚于今天"


def _check_handles(user, app: Application) -> None:
    if user is None or not user_may_handle(user, app.body):
        raise workflow.WorkflowError(workflow.MSG_NOT_HANDLER)


def _remedy_errors(
    kind: str, route: str, filed_on: date, outcome: str, concluded_on: date | None
) -> dict[str, str]:
    errors = {}
    today = local_today()
    if kind not in RemedyKind.values:
        errors["kind"] = MSG_REMEDY_KIND
    elif kind == RemedyKind.LITIGATION and not route:
        errors["litigation_route"] = MSG_REMEDY_ROUTE_REQUIRED
    elif kind == RemedyKind.RECONSIDERATION and route:
        errors["litigation_route"] = MSG_REMEDY_ROUTE_FOR_RECONSIDERATION
    if outcome not in RemedyOutcome.values:
        errors["outcome"] = MSG_REMEDY_OUTCOME
    elif outcome == RemedyOutcome.PENDING and concluded_on is not None:
        errors["concluded_on"] = MSG_REMEDY_PENDING_WITH_DATE
    elif outcome != RemedyOutcome.PENDING and concluded_on is None:
        errors["concluded_on"] = MSG_REMEDY_CONCLUDED_ON_REQUIRED
    if filed_on > today:
        errors["filed_on"] = MSG_DATE_IN_FUTURE
    if concluded_on is not None and "concluded_on" not in errors:
        if concluded_on < filed_on:
            errors["concluded_on"] = MSG_REMEDY_CONCLUDED_BEFORE_FILED
        elif concluded_on > today:
            errors["concluded_on"] = MSG_DATE_IN_FUTURE
    return errors


AUDIT_REMEDY_RECORD = "gongkai.remedy.record"
AUDIT_REMEDY_CONCLUDE = "gongkai.remedy.conclude"


@transaction.atomic
def remedy_case_record(
    *,
    user,
    application: Application,
    kind: str,
    filed_on: date,
    litigation_route: str = "",
    outcome: str = RemedyOutcome.PENDING,
    concluded_on: date | None = None,
    note: str = "",
) -> RemedyCase:
    """A reconsideration or lawsuit about a case (条例 Art. 51), counted in report table 四."""
    _check_handles(user, application)
    errors = _remedy_errors(kind, litigation_route, filed_on, outcome, concluded_on)
    if errors:
        raise ValidationError(errors)
    remedy = RemedyCase.objects.create(
        application=application,
        kind=kind,
        litigation_route=litigation_route,
        filed_on=filed_on,
        outcome=outcome,
        concluded_on=concluded_on,
        note=note.strip(),
        recorded_by=user,
    )
    audit_log(remedy, AUDIT_REMEDY_RECORD, user=user, data={"case": application.case_number})
    return remedy


@transaction.atomic
def remedy_case_conclude(
    remedy: RemedyCase, *, user, outcome: str, concluded_on: date, note: str = ""
) -> RemedyCase:
    remedy = (
        RemedyCase.objects.select_for_update().select_related("application__body").get(pk=remedy.pk)
    )
    _check_handles(user, remedy.application)
    errors = _remedy_errors(
        remedy.kind, remedy.litigation_route, remedy.filed_on, outcome, concluded_on
    )
    if errors:
        raise ValidationError(errors)
    remedy.outcome = outcome
    remedy.concluded_on = concluded_on
    if note.strip():
        remedy.note = f"{remedy.note}\n{note.strip()}".strip()
    remedy.save(update_fields=["outcome", "concluded_on", "note"])
    audit_log(remedy, AUDIT_REMEDY_CONCLUDE, user=user, data={"outcome": outcome})
    return remedy
