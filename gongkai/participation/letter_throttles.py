"""The brakes on the mailbox's public forms (领导信箱): writing a letter and tracking one.

Counted in the database by `core.throttle`, so every app server sees the same counts:

- letters: per client address (`letter-address`) and per contact (`letter-contact`: the phone
  number, and the e-mail address when one is given), each "N/h,M/d"
  (settings GONGKAI_THROTTLE_LETTER_PER_ADDRESS / _PER_CONTACT); counted before anything is
  stored, so a refused letter stores nothing and takes no number;
- 补发查询码: every attempt per client address (with the failed lookups) and per number
  (`recover-case`, as for applications: a writer's phone must not be flooded with codes);
- tracking (letter number + query code): failed lookups per client address and per number, in the
  same scopes as the applications' tracking (`track-address`, `track-case`): the query codes are
  the same kind (`core.query_codes`), and one address gets one budget of wrong guesses, whatever
  it guesses. A lookup that succeeds gives its reservation back.

The comment form (views_public.py) and the application form (applications/throttles.py) work the
same way; the apps do not import each other.
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

LETTER_ADDRESS = "letter-address"
LETTER_CONTACT = "letter-contact"
# Shared with the applications' tracking (settings GONGKAI_THROTTLE_TRACK_PER_*).
TRACK_ADDRESS = "track-address"
TRACK_NUMBER = "track-case"
RECOVER_NUMBER = "recover-case"  # 补发查询码 per number (GONGKAI_THROTTLE_RECOVER_PER_CASE)

MSG_LETTER_TOO_MANY = (
    "本次来信未提交：同一网络地址或同一联系方式在短时间内提交的来信过多。"
    "您填写的内容都已保留，请于{until}再提交；也可以通过信函、电话等方式向该机关反映。"
)
MSG_TRACK_ADDRESS_LOCKED = (
    "您所在网络地址的查询失败次数过多，请于{until}再试。如查询码遗失，可以申请补发查询码，"
    "或与办理来信的机关联系。"
)
MSG_TRACK_NUMBER_LOCKED = (
    "这一信件编号的查询失败次数过多，为保护来信人的信息，暂停查询至{until}。"
    "如查询码遗失或记不清，请通过“补发查询码”取得新的查询码，也可以与办理来信的机关联系。"
)
MSG_RECOVER_TOO_MANY = "补发查询码的次数过多，请于{until}再试，或与办理来信的机关联系。"


def _address(request) -> str:
    return address_material(client_ip(request))


def _refusal(verdict: Verdict, message: str) -> str | None:
    return None if verdict.allowed else message.format(until=until_text(verdict.retry_at))


def letter_refusal(request, phone: str, email: str = "") -> str | None:
    """Count one letter (before it is stored); the message if it is refused. The address is
    counted first: a refused address does not count against the contacts."""
    verdict = throttle_hit(LETTER_ADDRESS, _address(request))
    if verdict.allowed:
        for material in (phone_material(phone), email_material(email)):
            if material is not None:
                verdict = throttle_hit(LETTER_CONTACT, material)
                if not verdict.allowed:
                    break
    return _refusal(verdict, MSG_LETTER_TOO_MANY)


def tracking_attempt(request, number: str) -> str | None:
    """Reserve one failed lookup for the address, then for the number; the message if either is
    past its limit (then the code must not be checked)."""
    refused = _refusal(throttle_hit(TRACK_ADDRESS, _address(request)), MSG_TRACK_ADDRESS_LOCKED)
    if refused:
        return refused
    return _refusal(throttle_hit(TRACK_NUMBER, case_material(number)), MSG_TRACK_NUMBER_LOCKED)


def tracking_succeeded(request, number: str) -> None:
    throttle_undo(TRACK_ADDRESS, _address(request))
    throttle_undo(TRACK_NUMBER, case_material(number))


def recovery_attempt(request, number: str) -> str | None:
    """Count one 补发查询码 request, per address and per number; the message if refused."""
    refused = _refusal(throttle_hit(TRACK_ADDRESS, _address(request)), MSG_TRACK_ADDRESS_LOCKED)
    if refused:
        return refused
    return _refusal(throttle_hit(RECOVER_NUMBER, case_material(number)), MSG_RECOVER_TOO_MANY)


def recovery_sent(number: str) -> None:
    """A new code went out: the number's failed lookups start again from zero."""
    throttle_reset(TRACK_NUMBER, case_material(number))
