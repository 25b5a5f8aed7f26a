"""The transition table of a disclosure application (依申请公开): the whole state machine.

《中华人民共和国政府信息公开条例》 ("条例", 2019) Arts. 29–45; regulations.md §9 for what the law
leaves open. One row per action: which statuses it may start from, where it leads, what the
20-working-day reply clock does, and who may do it. `docs/workflow.md` shows the same table (a test
keeps them in step); the functions of the other modules of this package carry out each row.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications.models import Action, ApplicationStatus

S = ApplicationStatus
SAME = "="  # the status does not change
RECORDED = "*"  # the status is the one recorded in the imported file


class Clock:
    """What an action does to the 20-working-day reply period (条例 Art. 33)."""

    STARTS = "开始计算：收到申请之日的次日起20个工作日"
    RUNS = "继续计算"
    STOPS = "停止：等待申请人补正"
    RESTARTS = "重新计算：自收到补正申请之日起20个工作日"
    PAUSES = "暂停：征求意见或缴费期间不计算"
    RESUMES = "恢复：以剩余的工作日继续计算"
    EXTENDS = "延长：加上批准的工作日（最多20个）"
    ENDS = "结束"
    NONE = "不再计算"


class Who:
    APPLICANT = "申请人"
    HANDLER = "承办人员"  # clerk, office head, reviewer or site admin of the case's body
    OFFICE_HEAD = "政府信息公开工作机构负责人"
    REVIEWER = "审核人员（本机关审核，或政府信息公开工作机构负责人），非拟稿人"
    APPLICANT_OR_HANDLER = "申请人，或承办人员依申请人的要求"
    OPERATOR = "平台运维（导入历史案件）"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]  # empty: the action creates the case
    target: str  # a status, SAME or RECORDED
    clock: str
    who: str


_REVIEW = (S.REVIEWING, S.SIGNING)
_OPEN = (S.REGISTERED, S.CLARIFICATION, S.HANDLING, S.CONSULTING, S.AWAITING_FEE, *_REVIEW)
_RUNNING = (S.REGISTERED, S.HANDLING, S.CONSULTING, S.AWAITING_FEE, *_REVIEW)

# fmt: off
TABLE: tuple[Transition, ...] = tuple(Transition(a, frozenset(f), t, c, w) for a, f, t, c, w in (
    # action                        allowed from                            to               clock          who
    (Action.SUBMIT,                 (),                                     S.REGISTERED,    Clock.STARTS,   Who.APPLICANT),
    (Action.REGISTER,               (),                                     S.REGISTERED,    Clock.STARTS,   Who.HANDLER),
    (Action.IMPORT,                 (),                                     RECORDED,        Clock.NONE,     Who.OPERATOR),
    (Action.ACCEPT,                 (S.REGISTERED,),                        S.HANDLING,      Clock.RUNS,     Who.HANDLER),
    (Action.REQUEST_CLARIFICATION,  (S.REGISTERED, S.HANDLING),             S.CLARIFICATION, Clock.STOPS,    Who.HANDLER),
    (Action.RECEIVE_CORRECTION,     (S.CLARIFICATION,),                     S.HANDLING,      Clock.RESTARTS, Who.HANDLER),
    (Action.CLARIFICATION_LAPSE,    (S.CLARIFICATION,),                     S.DECIDED,       Clock.ENDS,     Who.HANDLER),
    (Action.CONSULT,                (S.HANDLING, S.CONSULTING),             S.CONSULTING,    Clock.PAUSES,   Who.HANDLER),
    (Action.RECORD_OPINION,         (S.CONSULTING,),                        S.HANDLING,      Clock.RESUMES,  Who.HANDLER),  # stays 征求意见中 while another is out
    (Action.ISSUE_FEE_NOTICE,       (S.HANDLING,),                          S.AWAITING_FEE,  Clock.PAUSES,   Who.HANDLER),
    (Action.RECORD_PAYMENT,         (S.AWAITING_FEE,),                      S.HANDLING,      Clock.RESUMES,  Who.HANDLER),
    (Action.FEE_LAPSE,              (S.AWAITING_FEE,),                      S.DECIDED,       Clock.ENDS,     Who.HANDLER),
    (Action.EXTEND,                 _RUNNING,                               SAME,            Clock.EXTENDS,  Who.OFFICE_HEAD),
    (Action.DECIDE,                 (S.REGISTERED, S.HANDLING),             S.REVIEWING,     Clock.RUNS,     Who.HANDLER),
    (Action.REVIEW_APPROVE,         (S.REVIEWING,),                         S.SIGNING,       Clock.RUNS,     Who.REVIEWER),  # 已决定 (clock ends) when the decision needs no 签发
    (Action.REVIEW_RETURN,          (S.REVIEWING,),                         S.HANDLING,      Clock.RUNS,     Who.REVIEWER),
    (Action.SIGN_OFF,               (S.SIGNING,),                           S.DECIDED,       Clock.ENDS,     Who.OFFICE_HEAD),
    (Action.SIGN_OFF_RETURN,        (S.SIGNING,),                           S.HANDLING,      Clock.RUNS,     Who.OFFICE_HEAD),
    (Action.REPLY_ON_THE_SPOT,      (S.REGISTERED,),                        S.REPLIED,       Clock.ENDS,     Who.HANDLER),
    (Action.DELIVER_REPLY,          (S.DECIDED,),                           S.REPLIED,       Clock.NONE,     Who.HANDLER),
    (Action.ARCHIVE,                (S.REPLIED, S.TRANSFERRED, S.WITHDRAWN), S.ARCHIVED,     Clock.NONE,     Who.HANDLER),
    (Action.TRANSFER,               (S.REGISTERED, S.HANDLING),             S.TRANSFERRED,   Clock.ENDS,     Who.HANDLER),
    (Action.WITHDRAW,               _OPEN,                                  S.WITHDRAWN,     Clock.ENDS,     Who.APPLICANT_OR_HANDLER),
))
# fmt: on
TRANSITIONS: dict[str, Transition] = {t.action: t for t in TABLE}
CREATING_ACTIONS = frozenset(t.action for t in TABLE if not t.sources)

STEP_ACTIONS: tuple[str, ...] = tuple(t.action for t in TABLE if t.sources)
