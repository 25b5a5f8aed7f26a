"""Side effects of a transition (letters, mail), run after its commit."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.db import transaction

from gongkai.applications.models import ApplicationEvent

Hook = Callable[[ApplicationEvent], None]
_hooks: dict[str | None, list[Hook]] = {}


def hook_register(action: str | None, hook: Hook) -> None:
    """Call `hook(event)` after the commit of every `action` (None: of every action).

    For mail to the applicant and notice generation. A hook that raises is logged and does not
    undo the transition (it has already been committed).
    """
    _hooks.setdefault(action, [])
    if hook not in _hooks[action]:
        _hooks[action].append(hook)


def hook_unregister(action: str | None, hook: Hook) -> None:
    if hook in _hooks.get(action, []):
        _hooks[action].remove(hook)


def schedule_hooks(event: ApplicationEvent) -> None:
    for hook in [*_hooks.get(None, []), *_hooks.get(event.action, [])]:
        transaction.on_commit(partial(hook, event), robust=True)
