"""The staff workbench through its views: scoped by body, one workflow call per action, refusals
shown in Chinese with what was typed kept, the office head alone extends."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.applications import workflow
from gongkai.applications.models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    FeeNotice,
    OpinionKind,
    RemedyCase,
    TypicalCase,
)
from gongkai.applications.services import MSG_RECEIVED_ON_REQUIRED, MSG_REMEDY_ROUTE_REQUIRED
from gongkai.applications.staff_urls import _ACTIONS
from gongkai.applications.tests.factories import (
    applicant_data,
    case_in,
    case_reviewer,
    register_case,
)
from gongkai.testing import personas
from gongkai.testing.personas import PASSWORD
from gongkai.workdays.calendar import WorkCalendar

S = ApplicationStatus
TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2024, 10, 8)  # a Tuesday


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.combine(TODAY, time(10), tzinfo=TZ), tick=False)


def received_days_ago(clerk, body, working_days: int) -> Application:
    """A case by post with `working_days` of its 20 used up today."""
    calendar, day = WorkCalendar(), TODAY
    while len(calendar.workdays_between(day, TODAY)) < working_days:
        day = date.fromordinal(day.toordinal() - 1)
    app, _ = register_case(clerk, body, channel=Channel.REGISTERED_POST, received_on=day)
    return app


def login(client, username: str):
    assert client.login(username=username, password=PASSWORD)
    return client


def case_url(app: Application) -> str:
    return reverse("workbench:case", args=[app.pk])


def action_url(app: Application, action: str) -> str:
    return reverse(f"workbench:{action}", args=[app.pk])


def events(app: Application) -> int:
    return ApplicationEvent.objects.filter(application=app).count()


def page(response) -> str:
    return response.content.decode()


# --- Who sees what ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client, office, clerk):
    app, _ = register_case(clerk, office)
    urls = [
        reverse("workbench:list"),
        reverse("workbench:register"),
        case_url(app),
        *(action_url(app, action) for action in _ACTIONS),
    ]
    for url in urls:
        response = client.get(url) if url in urls[:3] else client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next=/workbench/applications/")
    assert events(app) == 1


def test_the_list_shows_only_the_cases_of_ones_own_bodies(
    client, office, city, clerk, other_body_clerk
):
    mine, _ = register_case(clerk, office, applicant_name="张三")
    theirs, _ = register_case(other_body_clerk, city, applicant_name="李四")
    listed = page(login(client, "clerk").get(reverse("workbench:list")))
    assert mine.case_number in listed and theirs.case_number not in listed
    listed = page(login(client, "other_clerk").get(reverse("workbench:list")))
    assert theirs.case_number in listed and mine.case_number not in listed
    personas.user("nobody")
    response = login(client, "nobody").get(reverse("workbench:list"))
    assert response.status_code == 200
    assert "没有符合条件的申请" in page(response)


def test_the_list_masks_contact_details_and_marks_due_dates_in_words(
    client, office, clerk, time_machine
):
    late = received_days_ago(clerk, office, 23)
    soon = received_days_ago(clerk, office, 18)
    paused = case_in(S.CONSULTING, clerk=clerk)
    listed = page(login(client, "clerk").get(reverse("workbench:list")))
    assert "139****5678" in listed and "13912345678" not in listed
    assert applicant_data()["id_number"] not in listed
    assert "已超期" in listed and "state-overdue" in listed
    assert "即将到期" in listed and "state-due_soon" in listed
    assert "计时暂停" in listed
    for app in (late, soon, paused):
        assert app.case_number in listed


def test_the_list_filters_by_status_and_body(client, office, city, clerk, operator):
    handling = case_in(S.HANDLING, clerk=clerk)
    registered = case_in(S.REGISTERED, clerk=clerk)
    replied = case_in(S.REPLIED, clerk=clerk)
    login(client, "clerk")
    listed = page(client.get(reverse("workbench:list"), {"status": "handling"}))
    assert handling.case_number in listed and registered.case_number not in listed
    assert replied.case_number not in page(client.get(reverse("workbench:list")))
    assert replied.case_number in page(client.get(reverse("workbench:list"), {"status": "all"}))
    by_body = page(client.get(reverse("workbench:list"), {"body": city.code}))
    assert handling.case_number not in by_body


def test_the_list_costs_the_same_queries_for_twenty_cases(
    client, office, clerk, django_assert_max_num_queries
):
    register_case(clerk, office)
    login(client, "clerk")
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("workbench:list"))
    for n in range(19):
        app = case_in(S.HANDLING if n % 2 else S.REGISTERED, clerk=clerk)
        if n % 3 == 0 and app.status == S.HANDLING:
            workflow.application_consult(app, user=clerk, kind="third_party", addressee="某公司")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("workbench:list"))
    assert page(response).count("/workbench/applications/") >= 20


def test_another_bodys_clerk_gets_404_for_the_case_its_letters_and_every_action(
    client, office, city, clerk, other_body_clerk
):
    app = case_in(S.HANDLING, clerk=clerk)
    workflow.application_decide(app, user=clerk, decision="partial", reasons="第二项涉及商业秘密")
    before = (app.status, events(app))
    login(client, "other_clerk")
    assert client.get(case_url(app)).status_code == 404
    for action in _ACTIONS:
        response = client.post(
            action_url(app, action),
            {"reason": "撤回", "decision": "disclosed", "to_body": city.pk, "days": "5"},
        )
        assert response.status_code == 404, action
    event = app.events.last()
    for url in (
        reverse("workbench:notice_download", args=[app.pk, 1, "pdf"]),
        reverse("workbench:notice_regenerate", args=[app.pk, event.pk]),
        reverse("workbench:remedy_record", args=[app.pk]),
        reverse("workbench:typical_case", args=[app.pk]),
    ):
        assert client.post(url).status_code == 404, url
    assert (
        client.get(reverse("workbench:notice_download", args=[app.pk, 1, "pdf"])).status_code == 404
    )
    app.refresh_from_db()
    assert (app.status, events(app)) == before
    assert not RemedyCase.objects.exists() and not TypicalCase.objects.exists()


def test_the_case_page_shows_the_applicant_the_deadline_explained_and_the_history(
    client, office, clerk
):
    app, _ = register_case(
        clerk, office, channel=Channel.REGISTERED_POST, received_on=date(2024, 9, 27)
    )
    workflow.application_accept(app, user=clerk)
    html = page(login(client, "clerk").get(case_url(app)))
    assert applicant_data()["id_number"] in html  # the body's own staff see the full details
    assert "13912345678" in html
    assert "2023年城关区老旧小区改造项目的立项批复文件" in html
    # regulations.md §9: received Fri 27 Sep 2024 → due 30 Oct (holidays 1–7 Oct skipped).
    assert "截止日为2024年10月30日（第20个工作日）" in html
    assert "跳过" in html and "国庆节" in html
    assert "登记申请" in html and "开始办理" in html  # the history
    assert f'action="/workbench/applications/{app.pk}/request-clarification/"' in html


# --- Each action through its view ------------------------------------------------------------------

# action: (the case's status before, what the form sends, the status after, who acts)
STEPS = {
    Action.ACCEPT: (S.REGISTERED, {}, S.HANDLING, "clerk"),
    Action.REQUEST_CLARIFICATION: (
        S.REGISTERED,
        {"items": "请写明文件的年度\n请写明文号", "correction_days": "15"},
        S.CLARIFICATION,
        "clerk",
    ),
    Action.RECEIVE_CORRECTION: (
        S.CLARIFICATION,
        {"description": "2023年的批复"},
        S.HANDLING,
        "clerk",
    ),
    Action.CLARIFICATION_LAPSE: (S.CLARIFICATION, {}, S.DECIDED, "clerk"),
    Action.CONSULT: (
        S.HANDLING,
        {
            "kind": OpinionKind.THIRD_PARTY,
            "addressee": "某某公司",
            "third_party_interest": "商业秘密",
        },
        S.CONSULTING,
        "clerk",
    ),
    Action.RECORD_OPINION: (S.CONSULTING, {"reply": "consent"}, S.HANDLING, "clerk"),
    Action.ISSUE_FEE_NOTICE: (
        S.HANDLING,
        {"method": "per_volume", "units": "100", "pay_days": "20"},
        S.AWAITING_FEE,
        "clerk",
    ),
    Action.RECORD_PAYMENT: (S.AWAITING_FEE, {}, S.HANDLING, "clerk"),
    Action.FEE_LAPSE: (S.AWAITING_FEE, {}, S.DECIDED, "clerk"),
    Action.EXTEND: (
        S.HANDLING,
        {"days": "10", "reason": "需要调取档案"},
        S.HANDLING,
        "office_head",
    ),
    Action.DECIDE: (
        S.HANDLING,
        {"decision": "partial", "reasons": "第二项涉及商业秘密", "disclosed_part": "第一项"},
        S.REVIEWING,
        "clerk",
    ),
    Action.REVIEW_APPROVE: (S.REVIEWING, {}, S.SIGNING, "case_reviewer_gs-bgt"),
    Action.REVIEW_RETURN: (
        S.REVIEWING,
        {"reason": "理由不充分"},
        S.HANDLING,
        "case_reviewer_gs-bgt",
    ),
    Action.SIGN_OFF: (S.SIGNING, {}, S.DECIDED, "office_head"),
    Action.SIGN_OFF_RETURN: (S.SIGNING, {"reason": "请补充依据"}, S.HANDLING, "office_head"),
    Action.REPLY_ON_THE_SPOT: (S.REGISTERED, {"decision": "disclosed"}, S.REPLIED, "clerk"),
    Action.DELIVER_REPLY: (S.DECIDED, {}, S.REPLIED, "clerk"),
    Action.ARCHIVE: (S.REPLIED, {}, S.ARCHIVED, "clerk"),
    Action.TRANSFER: (
        S.REGISTERED,
        {"reasons": "该信息由兰州市人民政府制作"},
        S.TRANSFERRED,
        "clerk",
    ),
    Action.WITHDRAW: (S.HANDLING, {"reason": "申请人来电要求撤回"}, S.WITHDRAWN, "clerk"),
}
LATER = {Action.CLARIFICATION_LAPSE: date(2024, 11, 15), Action.FEE_LAPSE: date(2024, 11, 15)}


def test_every_step_action_has_a_view():
    assert set(STEPS) == set(_ACTIONS) == {t.action for t in workflow.TABLE if t.sources}


@pytest.mark.parametrize("action", list(STEPS))
def test_each_action_works_through_its_view(
    action, client, office, city, clerk, office_head, time_machine
):
    before, data, after, who = STEPS[action]
    app = case_in(before, clerk=clerk)
    if action in LATER:
        time_machine.move_to(datetime.combine(LATER[action], time(10), tzinfo=TZ), tick=False)
    if action == Action.RECORD_OPINION:
        data = {**data, "opinion": app.opinions.get().pk}
    if action == Action.TRANSFER:
        data = {**data, "to_body": city.pk}
    count = events(app)
    login(client, who)
    shown = page(client.get(case_url(app)))
    assert f'id="action-{action}"' in shown  # the form is offered in this status
    response = client.post(action_url(app, action), data)
    assert response.status_code == 302, page(response)
    assert response["Location"] == case_url(app) + "#history"
    app.refresh_from_db()
    assert app.status == after
    assert events(app) == count + 1
    assert app.events.last().action == action
    done = page(client.get(case_url(app)))
    assert f"已{Action(action).label}。" in done


def test_what_staff_write_for_the_letter_is_kept_with_the_step(
    client, office, clerk, django_capture_on_commit_callbacks
):
    app = case_in(S.HANDLING, clerk=clerk)
    login(client, "clerk")
    data = {"decision": "partial", "reasons": "第二项涉及商业秘密", "disclosed_part": "第一项"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(action_url(app, Action.DECIDE), data).status_code == 302
    draft = app.events.last()
    assert draft.action == Action.DECIDE
    assert draft.letter == {"disclosed_part": "第一项"}
    assert not app.notices.filter(event=draft).exists()  # no reply before approval
    with django_capture_on_commit_callbacks(execute=True):
        decided = decide_and_approve_draft(app)
    event = decided.events.last()
    assert event.action == Action.SIGN_OFF and event.letter == {"disclosed_part": "第一项"}
    assert "第一项" in app.notices.get(event=event).body_text


def decide_and_approve_draft(app: Application) -> Application:
    workflow.application_review_approve(app, user=case_reviewer(app.body))
    workflow.application_sign_off(app, user=case_reviewer(app.body, "office_head"))
    app.refresh_from_db()
    return app


def test_the_decision_is_chosen_from_the_report_groups_and_partial_needs_its_reasons(
    client, office, clerk
):
    app = case_in(S.HANDLING, clerk=clerk)
    login(client, "clerk")
    html = page(client.get(case_url(app)))
    assert '<optgroup label="（二）部分公开">' in html
    assert '<optgroup label="（三）不予公开">' in html
    assert "逾期不补正" not in html.split('id="action-decide"')[1].split("</select>")[0]
    response = client.post(
        action_url(app, Action.DECIDE),
        {
            "decision": "partial",
            "reasons": "",
            "note": "已与承办处室核对",
            "disclosed_part": "第一项",
        },
    )
    html = page(response)
    assert response.status_code == 200
    assert workflow.MSG_PARTIAL_REASONS in html
    assert "已与承办处室核对</textarea>" in html  # what was typed is kept
    assert 'value="第一项"' in html
    app.refresh_from_db()
    assert app.status == S.HANDLING and not app.decision


def test_a_refused_clarification_is_explained_and_the_items_kept(
    client, office, clerk, time_machine
):
    app = case_in(S.REGISTERED, clerk=clerk)
    time_machine.move_to(datetime(2024, 10, 25, 10, tzinfo=TZ), tick=False)
    login(client, "clerk")
    response = client.post(
        action_url(app, Action.REQUEST_CLARIFICATION),
        {"items": "请写明文件的年度", "correction_days": "15"},
    )
    html = page(response)
    # 7 working days from Tue 8 October: Sat 12 October is a make-up working day.
    assert workflow.MSG_CLARIFICATION_TOO_LATE.format(due="2024年10月16日") in html
    assert "请写明文件的年度</textarea>" in html
    assert events(app) == 1
    # An empty list of items is refused by the form itself.
    empty = client.post(action_url(app, Action.REQUEST_CLARIFICATION), {"items": ""})
    assert 'id="request_clarification-items"' in page(empty)
    assert empty.context["forms"][
        [f.action for f in empty.context["forms"]].index(Action.REQUEST_CLARIFICATION)
    ].errors["items"]


def test_only_the_office_head_sees_and_may_use_the_extension(client, office, clerk, office_head):
    app = case_in(S.HANDLING, clerk=clerk)
    login(client, "clerk")
    assert 'id="action-extend"' not in page(client.get(case_url(app)))
    refused = client.post(action_url(app, Action.EXTEND), {"days": "10", "reason": "需要调取档案"})
    assert refused.status_code == 200
    assert workflow.MSG_NOT_OFFICE_HEAD in page(refused)
    app.refresh_from_db()
    assert app.extension_days == 0 and events(app) == 2
    login(client, "office_head")
    assert 'id="action-extend"' in page(client.get(case_url(app)))
    too_long = client.post(action_url(app, Action.EXTEND), {"days": "25", "reason": "需要调取档案"})
    assert too_long.status_code == 200 and events(app) == 2
    client.post(action_url(app, Action.EXTEND), {"days": "10", "reason": "需要调取档案"})
    app.refresh_from_db()
    assert app.extension_days == 10 and app.extension_approved_by == office_head
    # Once only (条例第三十三条第二款): the form is gone, a second POST is refused.
    assert 'id="action-extend"' not in page(client.get(case_url(app)))
    again = client.post(action_url(app, Action.EXTEND), {"days": "5", "reason": "仍需调取"})
    assert workflow.MSG_EXTENSION_ONCE in page(again)


def test_what_a_case_may_have_only_once_is_not_offered_again(client, office, clerk):
    app = case_in(S.CLARIFICATION, clerk=clerk)
    workflow.application_receive_correction(app, user=clerk)
    workflow.application_issue_fee_notice(app, user=clerk, method="per_volume", units=100)
    workflow.application_record_payment(app, user=clerk)
    html = page(login(client, "clerk").get(case_url(app)))
    assert 'id="action-decide"' in html
    assert 'id="action-request_clarification"' not in html  # 条例第三十条
    assert 'id="action-issue_fee_notice"' not in html  # 国办函〔2020〕109号第三条
    again = client.post(
        action_url(app, Action.ISSUE_FEE_NOTICE),
        {"method": "per_volume", "units": "100", "pay_days": "20"},
    )
    assert again.status_code == 200 and workflow.MSG_FEE_ONCE in page(again)
    assert app.fee_notices.count() == 1


def test_the_fee_amount_and_tiers_are_shown_before_the_notice_goes_out(client, office, clerk):
    app = case_in(S.HANDLING, clerk=clerk)
    login(client, "clerk")
    data = {"method": "per_volume", "units": "250", "pay_days": "20"}
    preview = client.post(action_url(app, Action.ISSUE_FEE_NOTICE), {**data, "preview": "1"})
    html = page(preview)
    assert "4700元" in html
    assert "第31—100页：70 × 10元 = 700元" in html
    assert not FeeNotice.objects.exists() and app.events.count() == 2
    client.post(action_url(app, Action.ISSUE_FEE_NOTICE), data)
    assert FeeNotice.objects.get().amount == 4700
    free = case_in(S.HANDLING, clerk=clerk)
    refused = client.post(action_url(free, Action.ISSUE_FEE_NOTICE), {**data, "units": "20"})
    assert workflow.MSG_FEE_FREE.format(method="按量计收") in page(refused)


def test_a_post_application_is_registered_with_the_day_the_body_signed(client, office, clerk):
    login(client, "clerk")
    form = page(client.get(reverse("workbench:register")))
    assert "行政机关签收之日" in form
    data = {
        **applicant_data(),
        "provision_form": "paper",
        "delivery": "post",
        "body": office.pk,
        "channel": Channel.REGISTERED_POST,
    }
    missing = client.post(reverse("workbench:register"), data)
    assert MSG_RECEIVED_ON_REQUIRED.format(rule="行政机关签收之日") in page(missing)
    assert 'value="张三"' in page(missing)
    response = client.post(reverse("workbench:register"), {**data, "received_on": "2024-10-05"})
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == case_url(app)
    assert app.received_on == date(2024, 10, 5)
    assert app.channel == Channel.REGISTERED_POST
    assert app.events.get().actor == clerk
    html = page(client.get(case_url(app)))
    assert f"申请编号 {app.case_number}，查询码" in html


def test_registration_is_only_for_ones_own_bodies(client, office, city, clerk):
    login(client, "clerk")
    data = {
        **applicant_data(),
        "provision_form": "paper",
        "delivery": "post",
        "body": city.pk,
        "channel": Channel.IN_PERSON,
    }
    response = client.post(reverse("workbench:register"), data)
    assert response.status_code == 200 and not Application.objects.exists()
    personas.user("nobody")
    login(client, "nobody")
    assert client.get(reverse("workbench:register")).status_code == 404


def test_remedies_and_typical_cases_are_recorded_on_a_decided_case(client, office, clerk):
    app = case_in(S.REPLIED, clerk=clerk)
    login(client, "clerk")
    refused = client.post(
        reverse("workbench:remedy_record", args=[app.pk]),
        {"kind": "litigation", "filed_on": "2024-10-08", "outcome": "pending"},
    )
    assert MSG_REMEDY_ROUTE_REQUIRED in page(refused)
    client.post(
        reverse("workbench:remedy_record", args=[app.pk]),
        {"kind": "reconsideration", "filed_on": "2024-10-08", "outcome": "pending"},
    )
    remedy = RemedyCase.objects.get()
    client.post(
        reverse("workbench:remedy_conclude", args=[app.pk, remedy.pk]),
        {"outcome": "upheld", "concluded_on": "2024-10-08"},
    )
    remedy.refresh_from_db()
    assert remedy.outcome == "upheld"
    personal = client.post(
        reverse("workbench:typical_case", args=[app.pk]),
        {
            "title": "申请立项批复",
            "summary": "张三申请公开立项批复",
            "reply_text": "予以公开",
            "letter_text": "申请人某某：\n予以公开。",
        },
    )
    assert "不得出现申请人的姓名" in page(personal)
    assert "张三申请公开立项批复</textarea>" in page(personal)
    client.post(
        reverse("workbench:typical_case", args=[app.pk]),
        {
            "title": "申请立项批复",
            "summary": "申请人申请公开立项批复",
            "reply_text": "予以公开",
            "letter_text": "申请人某某：\n予以公开。",
        },
    )
    assert TypicalCase.objects.get().status == "proposed"  # the office head publishes it


def test_the_admin_menu_links_the_workbench_for_those_who_handle_cases(client, clerk, editor):
    # Wagtail's sidebar is a JSON document in the page.
    item = f'"name": "applications-workbench", "label": {json.dumps("依申请公开")}'
    html = page(login(client, "clerk").get("/admin/"))
    assert item in html and '"url": "/workbench/applications/"' in html
    html = page(login(client, "editor").get("/admin/"))
    assert "applications-workbench" not in html
