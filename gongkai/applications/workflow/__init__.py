"""The workflow of a disclosure application (依申请公开): the only place a case's status changes.

《中华人民共和国政府信息公开条例》 ("条例", 2019) Arts. 29–45; regulations.md §9 for what the law
leaves open. `table.py` is the whole state machine on one screen; each action is one function
that locks the case, checks the actor and the table, saves with `update_fields`, writes exactly
one `ApplicationEvent`, and leaves side effects (letters, mail) to hooks run after the commit.
A refused action raises `WorkflowError` with one of the `MSG_*` messages and writes nothing.

| Module | Holds |
|---|---|
| `table.py` | the transition table: action → from → to → clock → who |
| `offered.py` | which actions this person may take on this case now; the "only once" rules |
| `steps.py` | what every action shares: lock, checks, the legal date, `move` (save + the one event) |
| `hooks.py` | side effects after the commit |
| `numbers.py` | case numbers |
| `intake.py` | submit, register, import; accept; clarification, correction, lapse |
| `consultation.py` | consultations of third parties and other bodies |
| `fee_notices.py` | the processing fee: notice, payment, lapse; the quote |
| `decision.py` | extension, the draft decision (提交审核), reply on the spot |
| `review.py` | 审核 and 签发 of the draft: approve or return |
| `closing.py` | delivery, archiving, transfer, withdrawal |

Callers import from here (`workflow.application_decide`, `workflow.WorkflowError`, …).
"""

from collections.abc import Callable

from gongkai.applications.models import Action

from .closing import (
    MSG_APPLICANT_CODE_WRONG,
    MSG_DELIVER_BEFORE_REVIEW,
    MSG_DELIVER_BEFORE_SIGN_OFF,
    MSG_REPLY_BEFORE_DECISION,
    MSG_TRANSFER_REASONS,
    MSG_TRANSFER_SAME_BODY,
    MSG_WITHDRAW_NOTE,
    REASON_WITHDRAWN,
    application_archive,
    application_deliver_reply,
    application_transfer,
    application_withdraw,
)
from .consultation import (
    MSG_OPINION_ADDRESSEE,
    MSG_OPINION_BEFORE_SENT,
    MSG_OPINION_CLOSED,
    MSG_OPINION_KIND,
    MSG_OPINION_NOT_OF_CASE,
    MSG_OPINION_PERIOD_RUNNING,
    MSG_OPINION_REPLY,
    application_consult,
    application_record_opinion,
)
from .decision import (
    MSG_DECISION_BY_LAPSE,
    MSG_DECISION_INVALID,
    MSG_DECISION_REASONS,
    MSG_EXTENSION_AFTER_DUE,
    MSG_EXTENSION_DAYS,
    MSG_EXTENSION_REASON,
    MSG_PARTIAL_REASONS,
    MSG_STILL_UNCLEAR_NEEDS_CORRECTION,
    application_decide,
    application_extend,
    application_reply_on_the_spot,
)
from .fee_notices import (
    MSG_FEE_FREE,
    MSG_FEE_METHOD,
    MSG_FEE_PAY_DAYS,
    MSG_FEE_PERIOD_RUNNING,
    MSG_FEE_UNITS,
    MSG_PAYMENT_BEFORE_NOTICE,
    REASON_FEE_UNPAID,
    application_fee_lapse,
    application_issue_fee_notice,
    application_record_payment,
    fee_quote,
)
from .hooks import Hook, hook_register, hook_unregister
from .intake import (
    MSG_CLARIFICATION_ITEMS,
    MSG_CLARIFICATION_TOO_LATE,
    MSG_CORRECTION_BEFORE_NOTICE,
    MSG_CORRECTION_PERIOD_RUNNING,
    MSG_HANDLER_NOT_OF_BODY,
    REASON_NO_CORRECTION,
    application_accept,
    application_clarification_lapse,
    application_open,
    application_receive_correction,
    application_request_clarification,
)
from .numbers import (
    CASE_NUMBER_FORMAT,
    case_number_format,
    case_number_prefix,
    case_number_reserve,
)
from .offered import (
    MSG_CLARIFICATION_ONCE,
    MSG_EXTENSION_ONCE,
    MSG_FEE_ONCE,
    MSG_NOT_OFFICE_HEAD,
    MSG_ON_THE_SPOT,
    actions_offered,
)
from .review import (
    MSG_NO_DRAFT,
    MSG_NOT_REVIEWER,
    MSG_NOT_SIGNER,
    MSG_RETURN_REASON,
    MSG_REVIEW_BEFORE_DRAFT,
    MSG_REVIEW_OWN_DRAFT,
    application_review_approve,
    application_review_return,
    application_sign_off,
    application_sign_off_return,
)
from .steps import (
    MSG_CALENDAR_MISSING,
    MSG_DATE_BEFORE_RECEIPT,
    MSG_DATE_IN_FUTURE,
    MSG_NOT_HANDLER,
    MSG_STATUS,
    WorkflowError,
)
from .table import (
    CREATING_ACTIONS,
    RECORDED,
    SAME,
    STEP_ACTIONS,
    TABLE,
    TRANSITIONS,
    Clock,
    Transition,
    Who,
)

# The function of each step action of the table; the workbench's one action view dispatches
# through it.
STEP_FUNCTIONS: dict[str, Callable] = {
    Action.ACCEPT: application_accept,
    Action.REQUEST_CLARIFICATION: application_request_clarification,
    Action.RECEIVE_CORRECTION: application_receive_correction,
    Action.CLARIFICATION_LAPSE: application_clarification_lapse,
    Action.CONSULT: application_consult,
    Action.RECORD_OPINION: application_record_opinion,
    Action.ISSUE_FEE_NOTICE: application_issue_fee_notice,
    Action.RECORD_PAYMENT: application_record_payment,
    Action.FEE_LAPSE: application_fee_lapse,
    Action.EXTEND: application_extend,
    Action.DECIDE: application_decide,
    Action.REVIEW_APPROVE: application_review_approve,
    Action.REVIEW_RETURN: application_review_return,
    Action.SIGN_OFF: application_sign_off,
    Action.SIGN_OFF_RETURN: application_sign_off_return,
    Action.REPLY_ON_THE_SPOT: application_reply_on_the_spot,
    Action.DELIVER_REPLY: application_deliver_reply,
    Action.ARCHIVE: application_archive,
    Action.TRANSFER: application_transfer,
    Action.WITHDRAW: application_withdraw,
}

__all__ = [
    "CASE_NUMBER_FORMAT",
    "CREATING_ACTIONS",
    "MSG_APPLICANT_CODE_WRONG",
    "MSG_CALENDAR_MISSING",
    "MSG_CLARIFICATION_ITEMS",
    "MSG_CLARIFICATION_ONCE",
    "MSG_CLARIFICATION_TOO_LATE",
    "MSG_CORRECTION_BEFORE_NOTICE",
    "MSG_CORRECTION_PERIOD_RUNNING",
    "MSG_DATE_BEFORE_RECEIPT",
    "MSG_DATE_IN_FUTURE",
    "MSG_DECISION_BY_LAPSE",
    "MSG_DECISION_INVALID",
    "MSG_DECISION_REASONS",
    "MSG_DELIVER_BEFORE_REVIEW",
    "MSG_DELIVER_BEFORE_SIGN_OFF",
    "MSG_EXTENSION_AFTER_DUE",
    "MSG_EXTENSION_DAYS",
    "MSG_EXTENSION_ONCE",
    "MSG_EXTENSION_REASON",
    "MSG_FEE_FREE",
    "MSG_FEE_METHOD",
    "MSG_FEE_ONCE",
    "MSG_FEE_PAY_DAYS",
    "MSG_FEE_PERIOD_RUNNING",
    "MSG_FEE_UNITS",
    "MSG_HANDLER_NOT_OF_BODY",
    "MSG_NOT_HANDLER",
    "MSG_NOT_OFFICE_HEAD",
    "MSG_NOT_REVIEWER",
    "MSG_NOT_SIGNER",
    "MSG_NO_DRAFT",
    "MSG_ON_THE_SPOT",
    "MSG_OPINION_ADDRESSEE",
    "MSG_OPINION_BEFORE_SENT",
    "MSG_OPINION_CLOSED",
    "MSG_OPINION_KIND",
    "MSG_OPINION_NOT_OF_CASE",
    "MSG_OPINION_PERIOD_RUNNING",
    "MSG_OPINION_REPLY",
    "MSG_PARTIAL_REASONS",
    "MSG_PAYMENT_BEFORE_NOTICE",
    "MSG_REPLY_BEFORE_DECISION",
    "MSG_RETURN_REASON",
    "MSG_REVIEW_BEFORE_DRAFT",
    "MSG_REVIEW_OWN_DRAFT",
    "MSG_STATUS",
    "MSG_STILL_UNCLEAR_NEEDS_CORRECTION",
    "MSG_TRANSFER_REASONS",
    "MSG_TRANSFER_SAME_BODY",
    "MSG_WITHDRAW_NOTE",
    "REASON_FEE_UNPAID",
    "REASON_NO_CORRECTION",
    "REASON_WITHDRAWN",
    "RECORDED",
    "SAME",
    "STEP_ACTIONS",
    "STEP_FUNCTIONS",
    "TABLE",
    "TRANSITIONS",
    "Clock",
    "Hook",
    "Transition",
    "Who",
    "WorkflowError",
    "actions_offered",
    "application_accept",
    "application_archive",
    "application_clarification_lapse",
    "application_consult",
    "application_decide",
    "application_deliver_reply",
    "application_extend",
    "application_fee_lapse",
    "application_issue_fee_notice",
    "application_open",
    "application_receive_correction",
    "application_record_opinion",
    "application_record_payment",
    "application_reply_on_the_spot",
    "application_request_clarification",
    "application_review_approve",
    "application_review_return",
    "application_sign_off",
    "application_sign_off_return",
    "application_transfer",
    "application_withdraw",
    "case_number_format",
    "case_number_prefix",
    "case_number_reserve",
    "fee_quote",
    "hook_register",
    "hook_unregister",
]
