"""How a letter reads when it is published (with the writer's consent): the writer's name reduced
to its first character (张××), ID numbers, phone numbers and e-mail addresses masked, the whole
exchange after a follow-up. Used by the approval (`letter_workflow.letter_approve`), its form, the
public letter page, and the policy Q&A made from a letter."""

from __future__ import annotations

from gongkai.bodies.personal_data_forms import body_contact_details
from gongkai.core.personal_data import find_personal_data, mask_personal_data
from gongkai.participation.models import Letter


def mask_name(name: str) -> str:
    """The writer's name as the public reads it: the first character, the rest ×× (张××)."""
    name = (name or "").strip()
    return name[0] + "×" * max(len(name) - 1, 1) if name else ""


def public_exchange(letter: Letter) -> dict[str, str]:
    """What would be published when the reviewer changes nothing: the title, the letter and the
    reply (after a follow-up, the whole exchange as the writer had it), personal data masked."""
    text, reply = letter.text, letter.reply_text
    if letter.in_follow_up:
        text = f"{text}\n\n追问：{letter.follow_up_text}"
        reply = f"{reply}\n\n对追问的答复：{letter.follow_up_reply}"
    return {
        "public_subject": public_version(letter, letter.subject)[:100],
        "public_text": public_version(letter, text),
        "public_reply": public_version(letter, reply),
    }


def public_version(letter: Letter, text: str) -> str:
    """The text as the public reads it: ID numbers, phone numbers and e-mail addresses masked
    (×××), except the body's own public contact details; the writer's name as well."""
    body = letter.body
    findings = find_personal_data(text, allowed=body_contact_details(body))
    masked = mask_personal_data(text, findings)
    if len((letter.name or "").strip()) >= 2:  # one character alone would mask too much
        masked = masked.replace(letter.name.strip(), mask_name(letter.name))
    return masked
