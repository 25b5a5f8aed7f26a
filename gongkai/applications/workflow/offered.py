"""Which step actions this person may take on this case now — and the rules beyond the table's
statuses that decide it: the regulation's "only once" rules, who extends, when a reply can be
given on the spot.

Each rule is written here once. The case page offers what `actions_offered` returns; the action
functions enforce the same rules (`check_once`, `on_the_spot_possible`, `may_extend`) when the
form is sent, so a page left open, or a request made by hand, meets the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from gongkai.applications.models import Action, Application, Channel
from gongkai.applications.selectors import (
    clarification_of,
    decision_draft_of,
    user_may_approve_extension,
    user_may_review,
    user_may_sign_off,
)
from gongkai.core.dates import today as local_today

from .steps import WorkflowError
from .table import TABLE

MSG_CLARIFICATION_ONCE = "补正告知只能作出一次，应一次性告知需要补正的全部事项（条例第三十条）"
MSG_EXTENSION_ONCE = "答复期限只能延长一次（条例第三十三条第二款）"
MSG_FEE_ONCE = (
    "本申请已发出过收费通知；同一申请只能选择一种计收方式，不得重复收费"
    "（《政府信息公开信息处理费管理办法》第三条）"
)
MSG_NOT_OFFICE_HEAD = (
    "延长答复期限须经政府信息公开工作机构负责人同意（条例第三十三条第二款），"
    "只有本机关的政府信息公开工作机构负责人可以批准延期"
)
MSG_ON_THE_SPOT = (
    "当场答复只适用于申请人当面提交、并在收到申请当日答复的申请（条例第三十三条第一款）"
)


def clarification_spent(app: Application) -> bool:
    # 条例第三十条: one notice, listing everything that needs correcting (一次性告知).
    return clarification_of(app).sent_on is not None


def extension_spent(app: Application) -> bool:
    # 条例第三十三条第二款: the reply period may be extended once.
    return bool(app.extension_days)


def fee_notice_spent(app: Application) -> bool:
    # 国办函〔2020〕109号 Art. 3: one method per application, charged once.
    return app.fee_notices.exists()


# action → (has the case used it up?, the refusal)
ONCE: dict[str, tuple[Callable[[Application], bool], str]] = {
    Action.REQUEST_CLARIFICATION: (clarification_spent, MSG_CLARIFICATION_ONCE),
    Action.EXTEND: (extension_spent, MSG_EXTENSION_ONCE),
    Action.ISSUE_FEE_NOTICE: (fee_notice_spent, MSG_FEE_ONCE),
}


def check_once(app: Application, action: str) -> None:
    """Refuse an action the case may have only once and has had."""
    rule = ONCE.get(action)
    if rule is not None and rule[0](app):
        raise WorkflowError(rule[1])


def may_extend(user, app: Application) -> bool:
    # 条例第三十三条第二款: 经政府信息公开工作机构负责人同意 — the office head of the case's body.
    return user is not None and user_may_approve_extension(user, app.body)


def on_the_spot_possible(app: Application, today: date | None = None) -> bool:
    # 条例第三十三条第一款: 能够当场答复的，应当当场予以答复 — handed in, and answered that day.
    return app.channel == Channel.IN_PERSON and app.received_on == (today or local_today())


def may_review(user, app: Application) -> bool:
    # 审核 by the body's reviewer or office head, never by the one who drafted (`review.py`).
    if user is None or not user_may_review(user, app.body):
        return False
    draft = decision_draft_of(app)
    return draft is not None and draft.event.actor_id != user.pk


_REVIEW_CHECKS: dict[str, Callable] = {
    Action.REVIEW_APPROVE: may_review,
    Action.REVIEW_RETURN: may_review,
    Action.SIGN_OFF: lambda user, app: user is not None and user_may_sign_off(user, app.body),
    Action.SIGN_OFF_RETURN: lambda user, app: (
        user is not None and user_may_sign_off(user, app.body)
    ),
}


def actions_offered(app: Application, user) -> list[str]:
    """The step actions of the table allowed from the case's status, for this user, in the
    table's order. Only what to show: the action function checks everything again."""
    offered = []
    for transition in TABLE:
        if not transition.sources or app.status not in transition.sources:
            continue
        action = transition.action
        if action in ONCE and ONCE[action][0](app):
            continue
        if action == Action.EXTEND and not may_extend(user, app):
            continue
        if action == Action.REPLY_ON_THE_SPOT and not on_the_spot_possible(app):
            continue
        if action in _REVIEW_CHECKS and not _REVIEW_CHECKS[action](user, app):
            continue
        offered.append(action)
    return offered
