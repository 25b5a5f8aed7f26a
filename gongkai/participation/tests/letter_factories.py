"""Letters for the mailbox tests, made through the real workflow (never by setting `status`)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from gongkai.bodies.models import Body
from gongkai.participation import letter_workflow as flow
from gongkai.participation.models import Letter, LetterStatus, ReplyKind

TZ = ZoneInfo("Asia/Shanghai")
# Tuesday 10 March 2026, a working day with five working days after it before the weekend ends.
WRITTEN = datetime(2026, 3, 10, 10, 0, tzinfo=TZ)

WRITER = {
    "mailbox": "leader",
    "category": "inquiry",
    "subject": "关于老旧小区加装电梯补贴的咨询",
    "text": "请问我市老旧小区加装电梯的补贴标准是多少？我的电话13912345678。",
    "name": "张三丰",
    "phone": "13912345678",
    "email": "zhang@example.com",
    "address": "兰州市城关区某某路1号",
}


def letter_submit(body: Body, *, consent: bool = True, **changes) -> tuple[Letter, str]:
    return flow.letter_submit(body, consent_to_publish=consent, **{**WRITER, **changes})


def letter_in(body: Body, state: str, *, handler, reviewer) -> Letter:
    """A letter of `body` brought to `state` by the workflow's own actions: a status, or
    `handling:extended`, `handling:follow-up` (the writer followed up), `replied:rated`,
    `replied:follow-up` (the follow-up answered too)."""
    status, _, detail = state.partition(":")
    letter, _ = letter_submit(body)
    if status == LetterStatus.RECEIVED:
        return letter
    if status == LetterStatus.DISMISSED:
        return flow.letter_dismiss(letter, user=reviewer, reason="duplicate")
    flow.letter_assign(letter, user=reviewer, handler=handler)
    if detail == "extended":
        flow.letter_extend(letter, user=reviewer, note="需要会同住建部门核实")
    if status == LetterStatus.HANDLING and detail != "follow-up":
        return Letter.objects.get(pk=letter.pk)
    flow.letter_draft(letter, user=handler, reply_kind=ReplyKind.ANSWER, reply_text="补贴标准为……")
    if status == LetterStatus.IN_REVIEW:
        return Letter.objects.get(pk=letter.pk)
    flow.letter_approve(letter, user=reviewer, publish=True)
    if detail == "rated":
        flow.letter_rate(letter, satisfaction="satisfied")
    if detail == "follow-up":
        flow.letter_follow_up(letter, text="补贴什么时候发放？")
        if status == LetterStatus.REPLIED:
            flow.letter_draft(letter, user=handler, reply_kind=ReplyKind.ANSWER, reply_text="……")
            flow.letter_approve(letter, user=reviewer, publish=True)
    return Letter.objects.get(pk=letter.pk)
