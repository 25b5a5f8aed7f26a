"""Issuing the letters of a case (依申请公开文书): context from the case, template, number, files.

The wording and layout are the `notices` package's (docs/notices.md); this module fills in the
values from the case, picks the body's own template where there is one, numbers the letter and
stores it with the case. It runs as a workflow hook after the commit of each action that sends a
letter (`ACTION_KINDS`, registered in `apps.py`), so a failing render never loses the action: it
is logged, and the case page shows the event as "文书生成失败，可重新生成" (no `Notice` for the event).

Numbers (docs/notices.md): `<机关简称>依申请〔YYYY〕N号`, N a serial per body and year shared by all
its notices. While a number is taken the body's `ApplicationSerial` row of that year is locked
(`SELECT … FOR UPDATE`, the row created first with `INSERT … ON CONFLICT DO NOTHING`, as for case
numbers), and N is one more than the highest N among the body's notices of that year; so
concurrent letters wait for each other and never share a number, and no extra table is needed.

| Module | Holds |
|---|---|
| `values.py` | which letter each action sends, the values from the case, what staff may add |
| `numbers.py` | the letter numbers |
| `issue.py` | issuing, the workflow hook, regenerating |
| `files.py` | the DOCX and PDF, made by the task worker; downloads |
"""

from .files import (
    FILE_TYPES,
    MSG_FILES_PENDING,
    NoticeFilesPending,
    download_name,
    notice_file,
    notice_files_make,
    notice_files_store,
    notice_pdf_fonts_wrong,
    notice_pdf_remake,
)
from .issue import (
    MSG_DELIVERED,
    MSG_EVENT_NOT_OF_CASE,
    MSG_ISSUED,
    MSG_NEW_DUE_UNKNOWN,
    MSG_NO_LETTER,
    NoticeIssueError,
    events_missing_notice,
    notice_issue,
    notice_on_commit,
    notice_regenerate,
)
from .numbers import NUMBER_FORMAT, notice_number_prefix
from .values import (
    ACTION_KINDS,
    CHANNEL_WORDS,
    REPLY_STAFF_KEYS,
    STAFF_KEYS,
    clarification_items,
    letter_values,
    notice_context,
    notice_kind_for,
    notice_template_for,
    staff_keys,
    staff_required_keys,
)

__all__ = [
    "ACTION_KINDS",
    "CHANNEL_WORDS",
    "FILE_TYPES",
    "MSG_DELIVERED",
    "MSG_EVENT_NOT_OF_CASE",
    "MSG_FILES_PENDING",
    "MSG_ISSUED",
    "MSG_NEW_DUE_UNKNOWN",
    "MSG_NO_LETTER",
    "NUMBER_FORMAT",
    "REPLY_STAFF_KEYS",
    "STAFF_KEYS",
    "NoticeFilesPending",
    "NoticeIssueError",
    "clarification_items",
    "download_name",
    "events_missing_notice",
    "letter_values",
    "notice_context",
    "notice_file",
    "notice_files_make",
    "notice_files_store",
    "notice_issue",
    "notice_kind_for",
    "notice_number_prefix",
    "notice_on_commit",
    "notice_pdf_fonts_wrong",
    "notice_pdf_remake",
    "notice_regenerate",
    "notice_template_for",
    "staff_keys",
    "staff_required_keys",
]
