"""Forms of the staff workbench (依申请公开): what a handler types for each action.

Input only: every rule of the law is checked by the workflow or service function the view calls
(the `workflow` and `services` packages), whose Chinese messages the form then shows. Each action
form has its own `auto_id` prefix, so that many forms can stand on one case page.

| Module | Holds |
|---|---|
| `fields.py` | the shared fields; the letter's values (`NoticeFieldsMixin`, `NoticeRegenerateForm`) |
| `actions.py` | one form per step action (`ACTION_FORMS`) |
| `case.py` | registration, remedies, typical cases |
| `review.py` | 审核 and 签发 of a draft decision; a body's 签发 setting |
"""

from .actions import (
    ACTION_FORMS,
    MSG_NOTICE_KEY_REQUIRED,
    MSG_WHERE_REQUIRED,
    AcceptForm,
    ActionForm,
    ArchiveForm,
    ClarificationForm,
    ClarificationLapseForm,
    ConsultForm,
    CorrectionForm,
    DecideForm,
    DeliverForm,
    ExtendForm,
    FeeForm,
    FeeLapseForm,
    OnTheSpotForm,
    OpinionForm,
    PaymentForm,
    SimpleStepForm,
    TransferForm,
    WithdrawForm,
    decision_choices,
)
from .case import (
    RegisterForm,
    RemedyConcludeForm,
    RemedyForm,
    TypicalApproveForm,
    TypicalCaseForm,
    TypicalReturnForm,
)
from .fields import (
    DateInput,
    NoticeFieldsMixin,
    NoticeRegenerateForm,
    date_field,
    note_field,
    notice_field,
    notice_values,
    text_field,
)
from .review import (
    REVIEW_FORMS,
    ReviewApproveForm,
    ReviewReturnForm,
    SignOffForm,
    SignOffReturnForm,
    SignOffSettingForm,
)

ACTION_FORMS.update(REVIEW_FORMS)

__all__ = [
    "ACTION_FORMS",
    "MSG_NOTICE_KEY_REQUIRED",
    "MSG_WHERE_REQUIRED",
    "AcceptForm",
    "ActionForm",
    "ArchiveForm",
    "ClarificationForm",
    "ClarificationLapseForm",
    "ConsultForm",
    "CorrectionForm",
    "DateInput",
    "DecideForm",
    "DeliverForm",
    "ExtendForm",
    "FeeForm",
    "FeeLapseForm",
    "NoticeFieldsMixin",
    "NoticeRegenerateForm",
    "OnTheSpotForm",
    "OpinionForm",
    "PaymentForm",
    "RegisterForm",
    "RemedyConcludeForm",
    "RemedyForm",
    "ReviewApproveForm",
    "ReviewReturnForm",
    "SignOffForm",
    "SignOffReturnForm",
    "SignOffSettingForm",
    "SimpleStepForm",
    "TransferForm",
    "TypicalApproveForm",
    "TypicalCaseForm",
    "TypicalReturnForm",
    "WithdrawForm",
    "date_field",
    "decision_choices",
    "note_field",
    "notice_field",
    "notice_values",
    "text_field",
]
