"""Staff of another body get nothing; only the office head extends; tracking needs both keys."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.applications import workflow
from gongkai.applications.models import Action, Application, ApplicationEvent, ApplicationStatus
from gongkai.applications.selectors import (
    application_for_tracking,
    application_for_user,
    application_public_timeline,
    applications_for_user,
    applications_workbench,
    user_may_handle,
)
from gongkai.applications.services import application_submit_online, typical_case_propose
from gongkai.applications.tests.factories import CALLS, case_in, register_case
from gongkai.applications.workflow import TABLE, WorkflowError
from gongkai.bodies.models import BodyRole
from gongkai.bodies.services import body_grant_role
from gongkai.testing import personas

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _day(time_machine):
    time_machine.move_to(datetime(2024, 10, 8, 10, tzinfo=TZ), tick=False)


@pytest.fixture
def office_case(office, clerk):
    app, _ = register_case(clerk, office)
    return app


def test_staff_of_another_body_see_none_of_its_cases(office_case, other_body_clerk, clerk):
    assert list(applications_for_user(clerk)) == [office_case]
    assert list(applications_for_user(other_body_clerk)) == []
    assert application_for_user(other_body_clerk, office_case.pk) is None
    assert applications_workbench(other_body_clerk) == []
    assert [r.application for r in applications_workbench(clerk)] == [office_case]


def test_editors_do_not_handle_applications_but_reviewers_and_heads_do(
    office_case, editor, reviewer, office_head
):
    assert list(applications_for_user(editor)) == []
    with pytest.raises(WorkflowError):
        workflow.application_accept(office_case, user=editor)
    assert list(applications_for_user(reviewer)) == [office_case]
    assert list(applications_for_user(office_head)) == [office_case]
    workflow.application_accept(office_case, user=reviewer)
    assert office_case.handler == reviewer


def test_a_site_admin_handles_the_whole_subtree_and_the_operator_everything(
    province, office, city, office_case, other_body_clerk, operator
):
    city_case, _ = register_case(other_body_clerk, city)
    admin = personas.staff("gansu_admin", province, BodyRole.SITE_ADMIN)
    assert set(applications_for_user(admin)) == {office_case, city_case}
    assert set(applications_for_user(operator)) == {office_case, city_case}
    city_admin = personas.staff("lz_admin", city, BodyRole.SITE_ADMIN)
    assert list(applications_for_user(city_admin)) == [city_case]


def test_anonymous_users_see_no_cases(db, office_case):
    from django.contrib.auth.models import AnonymousUser

    assert list(applications_for_user(AnonymousUser())) == []
    assert not user_may_handle(AnonymousUser(), office_case.body)


OTHER_BODY_REFUSALS = {
    Action.EXTEND: workflow.MSG_NOT_OFFICE_HEAD,
    Action.REVIEW_APPROVE: workflow.MSG_NOT_REVIEWER,
    Action.REVIEW_RETURN: workflow.MSG_NOT_REVIEWER,
    Action.SIGN_OFF: workflow.MSG_NOT_SIGNER,
    Action.SIGN_OFF_RETURN: workflow.MSG_NOT_SIGNER,
}


@pytest.mark.parametrize("action", [t.action for t in TABLE if t.sources])
def test_another_bodys_staff_cannot_act_on_a_case(
    action, office, city, clerk, other_body_clerk, time_machine
):
    app = case_in(next(iter(workflow.TRANSITIONS[action].sources)), clerk=clerk, to_body=city)
    other_head = personas.staff("other_head", city, BodyRole.OFFICE_HEAD)
    actors = {"clerk": other_body_clerk, "office_head": other_head, "city": city}
    before = (app.status, ApplicationEvent.objects.count(), Application.objects.count())
    with pytest.raises(WorkflowError) as refused:
        CALLS[action](app, actors)
    expected = OTHER_BODY_REFUSALS.get(action, workflow.MSG_NOT_HANDLER)
    assert refused.value.message == expected
    app.refresh_from_db()
    assert (app.status, ApplicationEvent.objects.count(), Application.objects.count()) == before


def test_only_the_office_head_of_the_body_extends(office_case, clerk, office_head, operator, city):
    for user in (clerk, operator, personas.staff("lz_head", city, BodyRole.OFFICE_HEAD)):
        with pytest.raises(WorkflowError) as refused:
            workflow.application_extend(office_case, user=user, days=5, reason="需要调取档案")
        assert refused.value.message == workflow.MSG_NOT_OFFICE_HEAD
    workflow.application_extend(office_case, user=office_head, days=5, reason="需要调取档案")
    assert office_case.extension_approved_by == office_head


def test_an_office_head_of_the_body_given_the_role_later_may_extend(office, office_case):
    head = personas.user("later_head")
    with pytest.raises(WorkflowError):
        workflow.application_extend(office_case, user=head, days=5, reason="档案")
    body_grant_role(head, office, BodyRole.OFFICE_HEAD)
    workflow.application_extend(office_case, user=head, days=5, reason="档案")
    assert office_case.extension_days == 5


def test_registration_at_another_body_is_refused(office, other_body_clerk):
    with pytest.raises(WorkflowError) as refused:
        register_case(other_body_clerk, office)
    assert refused.value.message == workflow.MSG_NOT_HANDLER
    assert Application.objects.count() == 0


def test_tracking_needs_both_the_case_number_and_the_query_code(office, citizen):
    app, code = application_submit_online(office, citizen.data)
    other, other_code = application_submit_online(office, citizen.data)
    assert application_for_tracking(app.case_number, code) == app
    assert application_for_tracking(f" {app.case_number} ", f" {code.lower()} ") == app
    assert application_for_tracking(app.case_number, other_code) is None
    assert application_for_tracking(other.case_number, code) is None
    assert application_for_tracking(app.case_number, "") is None
    assert application_for_tracking("", code) is None
    assert application_for_tracking("IDX-gs-bgt-2024-99999", code) is None
    assert application_public_timeline(app) == [
        {"on_date": date(2024, 10, 8), "action": "在线提交申请", "status": "已登记"}
    ]


def test_another_bodys_staff_cannot_propose_its_typical_case(clerk, other_body_clerk):
    delivered = case_in(ApplicationStatus.REPLIED, clerk=clerk)
    with pytest.raises(WorkflowError) as refused:
        typical_case_propose(
            user=other_body_clerk,
            application=delivered,
            title="标题",
            summary="摘要",
            reply_text="答复",
            letter_text="答复书",
        )
    assert refused.value.message == workflow.MSG_NOT_HANDLER
    assert not delivered.typical_cases.exists()


def test_the_application_roles_get_the_workbench_but_no_page_rights(office):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    head = personas.user("head")
    body_grant_role(head, office, BodyRole.OFFICE_HEAD)
    group = Group.objects.get(name="gs-bgt·政府信息公开工作机构负责人")
    assert head.groups.filter(pk=group.pk).exists()
    assert group.permissions.filter(codename="access_admin").exists()
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not GroupCollectionPermission.objects.filter(group=group).exists()
    assert head.has_perm("wagtailadmin.access_admin")
