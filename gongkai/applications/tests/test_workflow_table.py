"""Every (status, action) pair of the transition table: an allowed action moves the case to the
table's status and writes exactly one event; any other is refused with `WorkflowError` and writes
nothing."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from gongkai.applications import workflow
from gongkai.applications.models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    FeeNotice,
    Opinion,
)
from gongkai.applications.tests.factories import CALLS, case_in
from gongkai.applications.workflow import SAME, TABLE, TRANSITIONS, WorkflowError

TZ = ZoneInfo("Asia/Shanghai")
DAY = datetime(2024, 10, 8, 10, 0, tzinfo=TZ)  # a Tuesday after the National Day holiday
LATER = datetime(2024, 12, 31, 10, 0, tzinfo=TZ)  # every correction and payment period has ended

STEP_ACTIONS = [t.action for t in TABLE if t.sources]


# Lapses can only be recorded once the applicant's period has ended.
ACTED_LATER = {Action.CLARIFICATION_LAPSE, Action.FEE_LAPSE}


# Delivery before the draft is approved says what it waits for.
REFUSALS = {
    (ApplicationStatus.REVIEWING, Action.DELIVER_REPLY): workflow.MSG_DELIVER_BEFORE_REVIEW,
    (ApplicationStatus.SIGNING, Action.DELIVER_REPLY): workflow.MSG_DELIVER_BEFORE_SIGN_OFF,
}


class _Rollback(Exception):
    pass


def _counts() -> tuple[int, int, int, int]:
    return (
        Application.objects.count(),
        ApplicationEvent.objects.count(),
        Opinion.objects.count(),
        FeeNotice.objects.count(),
    )


def test_every_step_action_has_its_function_and_a_call_here():
    assert set(CALLS) == set(STEP_ACTIONS)
    for action in STEP_ACTIONS:
        assert callable(getattr(workflow, f"application_{action}"))
    assert set(TRANSITIONS) == set(Action.values)
    assert set(workflow.STEP_FUNCTIONS) == set(STEP_ACTIONS)
    for action, function in workflow.STEP_FUNCTIONS.items():
        assert function is getattr(workflow, f"application_{action}")


@pytest.mark.parametrize("status", list(ApplicationStatus))
def test_every_action_from_this_status(status, clerk, office_head, city, time_machine):
    time_machine.move_to(DAY, tick=False)
    app = case_in(status, clerk=clerk, to_body=city)
    assert app.status == status
    personas = {"clerk": clerk, "office_head": office_head, "city": city}
    wrong = []
    for action in STEP_ACTIONS:
        transition = TRANSITIONS[action]
        time_machine.move_to(LATER if action in ACTED_LATER else DAY, tick=False)
        events_before = app.events.count()
        counts_before = _counts()
        try:
            with transaction.atomic():
                try:
                    CALLS[action](app, personas)
                except WorkflowError as error:
                    refused = error.message
                else:
                    refused = None
                app.refresh_from_db()
                events_after = app.events.count()
                if status in transition.sources:
                    expected = status if transition.target == SAME else transition.target
                    if refused is not None:
                        wrong.append(f"{status}+{action}: refused ({refused})")
                    elif app.status != expected or events_after != events_before + 1:
                        wrong.append(
                            f"{status}+{action}: → {app.status}, "
                            f"{events_after - events_before} events"
                        )
                else:
                    message = REFUSALS.get((status, action)) or workflow.MSG_STATUS.format(
                        status=ApplicationStatus(status).label, action=Action(action).label
                    )
                    if refused != message:
                        wrong.append(f"{status}+{action}: not refused ({refused})")
                    if app.status != status or _counts() != counts_before:
                        wrong.append(f"{status}+{action}: wrote something while refusing")
                raise _Rollback
        except _Rollback:
            pass
        app.refresh_from_db()
    assert wrong == []
