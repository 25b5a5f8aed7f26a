"""The audit trail of writes that are not workflow transitions.

A case's transitions are its events (one per transition, in its workflow module). Every other
write that changes what the platform reports or who may act — a role granted, a remedy recorded,
a typical case published, enforcement figures entered, a historic report imported — leaves one
row in Wagtail's audit log (`ModelLogEntry` for a plain model, `PageLogEntry` for a page), so the
admin's history and "站点历史" show who did it and when. Each app registers the labels of its
actions in its `wagtail_hooks.py` (hook `register_log_actions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wagtail.log_actions import log


def audit_log(
    instance: Any, action: str, *, user: Any = None, data: Mapping[str, Any] | None = None
) -> None:
    """One audit row for `instance` (saved); `user` None or anonymous is the platform itself."""
    person = user if user is not None and getattr(user, "is_authenticated", False) else None
    log(instance, action, user=person, data=dict(data or {}))
