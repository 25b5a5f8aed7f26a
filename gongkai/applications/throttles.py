"""The brakes on the public forms of 依申请公开 (docs/security.md, “频率限制”).

Counted in the database by `core.throttle`, so every app server sees the same counts:

- online applications: per client address and per contact (phone, e-mail), each "N/h,M/d";
- tracking (case number + query code): failed lookups per client address and per case number,
  each with its own limit — one address cannot lock tracking for every citizen, and many
  addresses cannot guess one case's code;
- 补发查询码: every attempt per client address (with the lookups) and per case number.

条例第三十五条 lets a body ask an applicant whose applications clearly exceed a reasonable number
or frequency (申请数量、频次明显超过合理范围) for reasons, and extend the time to reply. That is
the body's decision about a person and is made in the workflow, never here: these limits only stop
automated mass submission, refuse before anything is stored, start no statutory clock, and tell
the person when to try again or to apply by letter or in person.
"""

from __future__ import annotations

from gongkai.core.clientip import client_ip
from gongkai.core.throttle import throttle_hit, throttle_reset, throttle_undo, until_text
from gongkai.core.throttle_policy import (
    Verdict,
    address_material,
    case_material,
    email_material,
    phone_material,
)

APPLY_ADDRESS = "apply-address"
APPLY_CONTACT = "apply-contact"
TRACK_ADDRESS = "track-address"
TRACK_CASE = "track-case"
RECOVER_CASE = "recover-case"

MSG_APPLY_TOO_MANY = (
    "本次申请未提交：同一网络地址或同一联系方式在短时间内提交的申请过多。"
    "您填写的内容都已保留，请于{until}再提交；确需提交多件申请的，也可以通过信函或当面向受理机关提出。"
)
MSG_TRACK_ADDRESS_LOCKED = (
    "您所在网络地址的查询失败次数过多，请于{until}再试；如查询码遗失，可以申请补发查询码，"
    "或与受理机关联系。"
)
MSG_TRACK_CASE_LOCKED = (
    "这一申请编号的查询失败次数过多，为保护申请人的信息，暂停查询至{until}。"
    "如果查询码遗失或记不清，请通过“申请补发查询码”取得新的查询码，新查询码发出后即可查询；"
    "也可以与受理机关联系。"
)
MSG_RECOVER_TOO_MANY = "补发查询码的次数过多，请于{until}再试，或与受理机关联系。"


def _address(request) -> str:
    return address_material(client_ip(request))


def _refusal(verdict: Verdict, message: str) -> str | None:
    return None if verdict.allowed else message.format(until=until_text(verdict.retry_at))


def submission_refusal(request, phone: str = "", email: str = "") -> str | None:
    """Count one online application (before it is stored); the message if it is refused.

    The address is counted first: a refused address does not count against the contacts."""
    verdict = throttle_hit(APPLY_ADDRESS, _address(request))
    if verdict.allowed:
        for material in (phone_material(phone), email_material(email)):
            if material is not None:
                verdict = throttle_hit(APPLY_CONTACT, material)
                if not verdict.allowed:
                    break
    return _refusal(verdict, MSG_APPLY_TOO_MANY)


def tracking_attempt(request, case_number: str) -> str | None:
    """Reserve one failed lookup for the address, then for the case number; the message if either
    is past its limit (then the code must not be checked). A lookup that succeeds gives its
    reservation back (`tracking_succeeded`), so only failures count — also under concurrency."""
    refused = _refusal(throttle_hit(TRACK_ADDRESS, _address(request)), MSG_TRACK_ADDRESS_LOCKED)
    if refused:
        return refused
    return _refusal(throttle_hit(TRACK_CASE, case_material(case_number)), MSG_TRACK_CASE_LOCKED)


def tracking_succeeded(request, case_number: str) -> None:
    throttle_undo(TRACK_ADDRESS, _address(request))
    throttle_undo(TRACK_CASE, case_material(case_number))


def recovery_attempt(request, case_number: str) -> str | None:
    """Count one 补发查询码 request: per address (with the failed lookups) and per case number
    (a person's phone must not be flooded with codes); the message if refused."""
    refused = _refusal(throttle_hit(TRACK_ADDRESS, _address(request)), MSG_TRACK_ADDRESS_LOCKED)
    if refused:
        return refused
    return _refusal(throttle_hit(RECOVER_CASE, case_material(case_number)), MSG_RECOVER_TOO_MANY)


def recovery_sent(case_number: str) -> None:
    """A new code went to the contact on file: the case's failed lookups start again from zero
    (the old code no longer works, and the applicant must be able to use the new one)."""
    throttle_reset(TRACK_CASE, case_material(case_number))
