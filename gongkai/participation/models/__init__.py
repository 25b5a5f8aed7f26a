"""公众参与: consultations on drafts (意见征集) and the comments on them.

| Module | Holds |
|---|---|
| `consultation.py` | `ConsultationPage` (the Wagtail page), `ConsultationArticle` (its articles) |
| `comments.py` | `Comment`, `CommentStatus`, `CommentAction`, `CommentChannel`, `WithheldReason`, `CommentEvent` (the append-only history), `CommentSerial` |

Django finds the models through the imports below; import from `gongkai.participation.models`.
"""

from .comments import (
    COUNTED_WITHHELD,
    MSG_CONTACT_INVALID,
    REASON_REQUIRED,
    WITHHELD_NOTICES,
    Comment,
    CommentAction,
    CommentChannel,
    CommentEvent,
    CommentSerial,
    CommentStatus,
    WithheldReason,
    counted_condition,
    validate_contact,
)
from .consultation import SERVICE_FIELDS, ConsultationArticle, ConsultationPage

__all__ = [
    "COUNTED_WITHHELD",
    "MSG_CONTACT_INVALID",
    "REASON_REQUIRED",
    "SERVICE_FIELDS",
    "WITHHELD_NOTICES",
    "Comment",
    "CommentAction",
    "CommentChannel",
    "CommentEvent",
    "CommentSerial",
    "CommentStatus",
    "ConsultationArticle",
    "ConsultationPage",
    "WithheldReason",
    "counted_condition",
    "validate_contact",
]
