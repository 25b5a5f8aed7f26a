"""公众参与: consultations on drafts (意见征集) and the comments on them; letters to the mailboxes.

| Module | Holds |
|---|---|
| `consultation.py` | `ConsultationPage` (the Wagtail page), `ConsultationArticle` (its articles) |
| `comments.py` | `Comment`, `CommentStatus`, `CommentAction`, `CommentChannel`, `WithheldReason`, `CommentEvent` (the append-only history), `CommentSerial` |
| `questions.py` | `PolicyQuestion` (简明问答), `QuestionStatus`, `QuestionAction`, `QuestionBasis` (the policies and articles an answer rests on), `QuestionEvent` |
| `topics.py` | `HotTopic` (热点回应: letters and Q&A grouped under the body's official answer), `TopicStatus`, `TopicAction`, `TopicEvent` |
| `letters.py` | `Letter` (领导信箱 / 部门信箱), `LetterStatus`, `LetterAction`, `ReplyKind`, `DismissReason`, `Satisfaction`, `LetterEvent` (the append-only history), `LetterSerial`, `MailboxLimit` (a body's reply limits), `WriterMessage` (the outbox to the writer), `LetterReminderSent` |

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
from .letters import (
    DISMISS_NOTICES,
    REFERRAL_TEXTS,
    DismissReason,
    Letter,
    LetterAction,
    LetterEvent,
    LetterReminderSent,
    LetterSerial,
    LetterStatus,
    MailboxLimit,
    ReplyKind,
    Satisfaction,
    WriterMessage,
    WriterMessageKind,
)
from .questions import (
    PolicyQuestion,
    QuestionAction,
    QuestionBasis,
    QuestionEvent,
    QuestionStatus,
)
from .topics import HotTopic, TopicAction, TopicEvent, TopicStatus

__all__ = [
    "COUNTED_WITHHELD",
    "DISMISS_NOTICES",
    "MSG_CONTACT_INVALID",
    "REASON_REQUIRED",
    "REFERRAL_TEXTS",
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
    "DismissReason",
    "HotTopic",
    "Letter",
    "LetterAction",
    "LetterEvent",
    "LetterReminderSent",
    "LetterSerial",
    "LetterStatus",
    "MailboxLimit",
    "PolicyQuestion",
    "QuestionAction",
    "QuestionBasis",
    "QuestionEvent",
    "QuestionStatus",
    "ReplyKind",
    "Satisfaction",
    "TopicAction",
    "TopicEvent",
    "TopicStatus",
    "WithheldReason",
    "WriterMessage",
    "WriterMessageKind",
    "counted_condition",
    "validate_contact",
]
