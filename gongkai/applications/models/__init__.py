"""依申请公开: applications for government information and everything recorded about them.

《中华人民共和国政府信息公开条例》 ("条例", 2019) Arts. 27–45. A case has a *status* (where it is,
changed only by the `workflow` package) and a *decision* (how it ended: one `DecisionCode`,
exactly the result rows of the annual report). Every transition writes one append-only
`ApplicationEvent`; deadlines are recomputed from those rows, consultations (`Opinion`) and fee
notices (`FeeNotice`), never stored (`selectors.application_deadline`).

| Module | Holds |
|---|---|
| `applicants.py` | applicant types, identity documents and their checks, channels and receipt-date rules |
| `case.py` | `Application`, `ApplicationStatus`, `Action`, `ApplicationEvent`, case serials, the query code (`core.query_codes.QueryCodeMixin`), `ReminderSent` |
| `pauses.py` | `Opinion` (consultations) and `FeeNotice`: what pauses the reply clock |
| `notices.py` | `Notice`, `NoticeTemplate`, the private storage of case files |
| `messages.py` | `ApplicantMessage`: the outbox of receipts and new query codes to the applicant |
| `remedies.py` | `RemedyCase` (report table 四), `TypicalCase` and its `TypicalStatus` |
| `review.py` | `DecisionReviewSetting`: which decisions of a body need 签发 after 审核 |

Django finds the models through the imports below; import from `gongkai.applications.models`.
"""

from .applicants import (
    APPLICANT_FIELDS,
    MSG_CONTACT_PERSON_REQUIRED,
    MSG_CONTACT_REQUIRED,
    MSG_CREDIT_CODE_CHARACTER,
    MSG_CREDIT_CODE_CHECK,
    MSG_CREDIT_CODE_LENGTH,
    MSG_CREDIT_CODE_LETTER_NOT_USED,
    MSG_ID_NUMBER_BIRTH_DATE,
    MSG_ID_NUMBER_CHARACTER,
    MSG_ID_NUMBER_CHECK,
    MSG_ID_NUMBER_LENGTH,
    MSG_ID_NUMBER_REQUIRED,
    MSG_ID_TYPE_REQUIRED,
    MSG_ORGANISATION_WITH_PERSONAL_ID,
    MSG_PERSON_WITH_CREDIT_CODE,
    ORGANISATION_LABEL,
    ORGANISATION_TYPES,
    RECEIPT_DATE_RULES,
    ApplicantType,
    Channel,
    Delivery,
    IdType,
    ProvisionForm,
    applicant_identity_errors,
    identifier_message,
    phone_validator,
    postcode_validator,
)
from .case import (
    OPEN_STATUSES,
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    Action,
    Application,
    ApplicationEvent,
    ApplicationSerial,
    ApplicationStatus,
    ReminderSent,
    query_code_hash,
    query_code_matches,
    query_code_new,
)
from .messages import ApplicantMessage, MessageChannel, MessageKind, MessageStatus
from .notices import Notice, NoticeKind, NoticeTemplate, PrivateStorage, private_storage
from .pauses import SILENCE_MEANING, FeeMethod, FeeNotice, Opinion, OpinionKind, OpinionReply
from .remedies import (
    LitigationRoute,
    RemedyCase,
    RemedyKind,
    RemedyOutcome,
    TypicalCase,
    TypicalStatus,
)
from .review import DEFAULT_SIGN_OFF_DECISIONS, DecisionReviewSetting

__all__ = [
    "APPLICANT_FIELDS",
    "DEFAULT_SIGN_OFF_DECISIONS",
    "MSG_CONTACT_PERSON_REQUIRED",
    "MSG_CONTACT_REQUIRED",
    "MSG_CREDIT_CODE_CHARACTER",
    "MSG_CREDIT_CODE_CHECK",
    "MSG_CREDIT_CODE_LENGTH",
    "MSG_CREDIT_CODE_LETTER_NOT_USED",
    "MSG_ID_NUMBER_BIRTH_DATE",
    "MSG_ID_NUMBER_CHARACTER",
    "MSG_ID_NUMBER_CHECK",
    "MSG_ID_NUMBER_LENGTH",
    "MSG_ID_NUMBER_REQUIRED",
    "MSG_ID_TYPE_REQUIRED",
    "MSG_ORGANISATION_WITH_PERSONAL_ID",
    "MSG_PERSON_WITH_CREDIT_CODE",
    "OPEN_STATUSES",
    "ORGANISATION_LABEL",
    "ORGANISATION_TYPES",
    "QUERY_CODE_ALPHABET",
    "QUERY_CODE_LENGTH",
    "RECEIPT_DATE_RULES",
    "SILENCE_MEANING",
    "Action",
    "ApplicantMessage",
    "ApplicantType",
    "Application",
    "ApplicationEvent",
    "ApplicationSerial",
    "ApplicationStatus",
    "Channel",
    "DecisionReviewSetting",
    "Delivery",
    "FeeMethod",
    "FeeNotice",
    "IdType",
    "LitigationRoute",
    "MessageChannel",
    "MessageKind",
    "MessageStatus",
    "Notice",
    "NoticeKind",
    "NoticeTemplate",
    "Opinion",
    "OpinionKind",
    "OpinionReply",
    "PrivateStorage",
    "ProvisionForm",
    "RemedyCase",
    "RemedyKind",
    "RemedyOutcome",
    "ReminderSent",
    "TypicalCase",
    "TypicalStatus",
    "applicant_identity_errors",
    "identifier_message",
    "phone_validator",
    "postcode_validator",
    "private_storage",
    "query_code_hash",
    "query_code_matches",
    "query_code_new",
]
