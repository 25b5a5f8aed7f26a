"""The one base of the platform's refusals.

A `GongkaiError` is an operation refused for a reason the person can act on. Its `messages` are
plain Chinese sentences shown as they are (a view catches the error and shows `message`, or each
of `messages`); they never carry a stack trace or an English word. Each app's errors subclass it
(`WorkflowError`, `NoticeIssueError`, `AttachmentRejected`, …), so a caller that only needs to
show the refusal catches the base.
"""

from __future__ import annotations

from collections.abc import Iterable


class GongkaiError(Exception):
    """An operation refused; `message` (all problems in one line) and `messages` are Chinese."""

    separator = "；"

    def __init__(self, message: str | Iterable[str]) -> None:
        self.messages: list[str] = [message] if isinstance(message, str) else list(message)
        self.message: str = self.separator.join(self.messages)
        super().__init__(self.message)
