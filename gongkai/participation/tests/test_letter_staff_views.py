"""The staff screens for mailbox letters (/workbench/letters/): the queue and a letter scoped to the
user's bodies (another body's letter is a 404 everywhere, never its content), the clocks in words,
and every staff action through its POST URL, with refusals in Chinese and what was typed kept."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from gongkai.bodies.models import BodyRole
from gongkai.participation import letter_workflow as flow
from gongkai.participation.letter_selectors import letter_queue
from gongkai.participation.models import (
    REFERRAL_TEXTS,
    Letter,
    LetterEvent,
    LetterStatus,
    ReplyKind,
)
from gongkai.participation.tests.letter_factories import WRITER, WRITTEN, letter_in, letter_submit
from gongkai.participation.views_letters_staff import STAFF_ACTIONS
from gongkai.testing import personas

pytestmark = pytest.mark.django_db

# What every staff action sends (each refused or done, the letter is checked after).
POSTS = {
    "assign": {"handler": "1"},
    "transfer": {"to_body": "lanzhou", "note": "属于兰州市的职责"},
    "extend": {"note": "需要核实"},
    "draft": {"reply_kind": "answer", "reply_text": "答复"},
    "return": {"note": "请补充"},
    "approve": {},
    "dismiss": {"reason": "duplicate"},
}


@pytest.fixture
def written(time_machine):
    time_machine.move_to(WRITTEN, tick=False)


def url(name: str, *args) -> str:
    return reverse(f"letters:{name}", args=args)


def html(response) -> str:
    return response.content.decode()


def test_the_staff_actions_are_the_tables_but_the_writers():
    assert set(STAFF_ACTIONS) == set(POSTS)
    assert set(STAFF_ACTIONS) == set(flow.STEP_ACTIONS) - flow.WRITER_ACTIONS


# --- Scoping -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, written, office):
    letter, _ = letter_submit(office)
    for address in (url("list"), url("letter", letter.pk), url("limits")):
        response = client.get(address)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(url("dismiss", letter.pk), {"reason": "duplicate"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["other_body_editor", "other_body_reviewer"])
def test_another_bodys_staff_get_404_everywhere(client, written, office, editor, persona, request):
    reviewer = request.getfixturevalue("reviewer")
    letter = letter_in(office, "in_review", handler=editor, reviewer=reviewer)
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url("letter", letter.pk))
    assert response.status_code == 404
    assert WRITER["name"] not in html(response) and letter.subject not in html(response)
    for action, data in POSTS.items():
        response = client.post(url(action, letter.pk), data)
        assert response.status_code == 404, action
        assert letter.subject not in html(response)
    for tab in ("mine", "open", "replied", "dismissed"):
        text = html(client.get(url("list") + f"?tab={tab}"))
        assert letter.number not in text and letter.subject not in text
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.IN_REVIEW
    assert LetterEvent.objects.filter(letter=letter).count() == 3


def test_an_unknown_action_and_a_get_are_refused(client, written, office, reviewer):
    letter, _ = letter_submit(office)
    client.force_login(reviewer)
    assert client.get(url("dismiss", letter.pk)).status_code == 405
    assert client.post(f"/workbench/letters/{letter.pk}/rate/").status_code == 404


def test_a_department_handler_sees_only_the_letter_assigned_to_them(
    client, written, province, editor
):
    """The province's letter assigned to the editor of its General Office (a department under it),
    who drafts the answer for the province's reviewer."""
    province_reviewer = personas.staff("gansu_reviewer", province, BodyRole.REVIEWER)
    letter, _ = letter_submit(province)
    other, _ = letter_submit(province, subject="另一封来信")
    client.force_login(editor)
    assert client.get(url("letter", letter.pk)).status_code == 404
    flow.letter_assign(letter, user=province_reviewer, handler=editor)
    assert client.get(url("letter", letter.pk)).status_code == 200
    text = html(client.get(url("list")))
    assert letter.number in text and other.number not in text
    assert 'value="gansu"' in text  # its body, to filter by
    assert client.get(url("letter", other.pk)).status_code == 404
    response = client.post(url("draft", letter.pk), {"reply_kind": "answer", "reply_text": "答复"})
    assert response.status_code == 302
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.IN_REVIEW


# --- The queue ---------------------------------------------------------------------------------


def test_the_queue_tabs_and_the_days_left(client, written, office, editor, reviewer, time_machine):
    handling = letter_in(office, "handling", handler=editor, reviewer=reviewer)
    received, _ = letter_submit(office, subject="关于公交线路调整的建议", category="suggestion")
    dismissed = letter_in(office, "dismissed", handler=editor, reviewer=reviewer)
    replied = letter_in(office, "replied", handler=editor, reviewer=reviewer)

    client.force_login(editor)
    text = html(client.get(url("list")))  # 我的待办: assigned to the editor
    assert handling.number in text and received.number not in text
    assert "剩余5个工作日" in text and "我的待办（1）" in text and "全部未办结（2）" in text
    text = html(client.get(url("list") + "?tab=open"))
    assert handling.number in text and received.number in text
    assert dismissed.number not in text and replied.number not in text
    text = html(client.get(url("list") + "?tab=dismissed"))
    assert dismissed.number in text and "重复来信" in text and handling.number not in text
    text = html(client.get(url("list") + "?tab=replied"))
    assert replied.number in text and handling.number not in text

    # Filters: the category, the body (the user's own).
    text = html(client.get(url("list") + "?tab=open&category=suggestion"))
    assert received.number in text and handling.number not in text
    text = html(client.get(url("list") + "?tab=open&body=lanzhou"))
    assert received.number not in text and "没有符合条件的来信" in text
    assert 'value="lanzhou"' not in html(client.get(url("list")))  # not one of the editor's

    # Due on 17 March 2026 (5 working days after 10 March): today, then overdue.
    # (The session ends after a while without use: log in again after each move of the clock.)
    time_machine.move_to(WRITTEN + timedelta(days=7), tick=False)
    client.force_login(editor)
    assert "今日到期" in html(client.get(url("list")))
    time_machine.move_to(WRITTEN + timedelta(days=9), tick=False)
    client.force_login(editor)
    text = html(client.get(url("list")))
    assert "已超期2个工作日" in text and "row-overdue" in text


def test_the_queue_flags_the_three_month_limit_and_orders_by_limit(
    client, written, office, editor, reviewer, time_machine
):
    old = letter_in(office, "handling", handler=editor, reviewer=reviewer)
    time_machine.move_to(WRITTEN + timedelta(days=1), tick=False)
    newer, _ = letter_submit(office, subject="较晚的来信")
    client.force_login(reviewer)
    text = html(client.get(url("list") + "?tab=open"))
    assert text.index(old.number) < text.index(newer.number)  # the oldest limit first
    assert "临近三个月期限" not in text

    time_machine.move_to(WRITTEN + timedelta(days=62), tick=False)  # 11 May 2026
    client.force_login(reviewer)
    text = html(client.get(url("list") + "?tab=open"))
    assert "临近三个月期限（2026年6月10日）" in text
    time_machine.move_to(WRITTEN + timedelta(days=95), tick=False)
    client.force_login(reviewer)
    assert "已超过三个月期限" in html(client.get(url("list") + "?tab=open"))


def test_my_queue_holds_drafts_for_their_reviewers_only(
    written, office, editor, reviewer, clerk, office_head
):
    """我的待办 (letter_queue mine=True): a draft in review waits for the body's reviewers who did
    not draft it, not for its other staff."""
    letter = letter_in(office, "in_review", handler=editor, reviewer=reviewer)
    assert letter in letter_queue(reviewer, mine=True)
    assert letter in letter_queue(office_head, mine=True)
    assert letter not in letter_queue(clerk, mine=True)  # staff of the body, not a reviewer
    assert letter not in letter_queue(editor, mine=True)  # drafted it
    flow.letter_return(letter, user=reviewer, note="请补充")
    assert letter in letter_queue(editor, mine=True)
    assert letter not in letter_queue(reviewer, mine=True)


# --- A letter ----------------------------------------------------------------------------------


def test_the_letter_shows_the_writer_and_the_forms_the_user_may_use(
    client, written, office, editor, reviewer, clerk
):
    letter, _ = letter_submit(office)
    client.force_login(editor)
    text = html(client.get(url("letter", letter.pk)))
    for value in (WRITER["name"], WRITER["phone"], WRITER["email"], WRITER["address"]):
        assert value in text
    assert WRITER["text"] in text and "同意隐去个人信息后公开" in text
    assert "剩余5个工作日" in text and "2026年6月10日" in text  # the due date's clock, the red line
    actions = re.findall(r'id="action-(\w+)"', text)
    assert actions == ["assign", "transfer"]  # 本机关工作人员; dismissing is for reviewers
    assert "网上来信" in text and "来信人" in text  # the history

    client.force_login(reviewer)
    actions = re.findall(r'id="action-(\w+)"', html(client.get(url("letter", letter.pk))))
    assert actions == ["assign", "transfer", "dismiss"]
    assert "兰州市人民政府" in html(client.get(url("letter", letter.pk)))  # a transfer target


def test_assign_and_draft_a_referral(client, written, office, editor, reviewer, clerk):
    letter, _ = letter_submit(office)
    client.force_login(reviewer)
    text = html(client.get(url("letter", letter.pk)))
    assert f'<option value="{editor.pk}">editor（甘肃省人民政府办公厅）</option>' in text
    response = client.post(url("assign", letter.pk), {"handler": str(editor.pk), "note": "请办理"})
    assert response.status_code == 302 and response["Location"] == url("letter", letter.pk)
    letter.refresh_from_db()
    assert (letter.status, letter.handler) == (LetterStatus.HANDLING, editor)
    text = html(client.get(url("letter", letter.pk)))
    assert f"来信{letter.number}：已分办给editor。" in text and "承办人：editor" in text

    client.force_login(editor)
    text = html(client.get(url("letter", letter.pk)))
    assert re.findall(r'id="action-(\w+)"', text) == ["assign", "transfer", "draft"]
    assert REFERRAL_TEXTS[ReplyKind.PETITION] in text  # what a referral begins with
    response = client.post(
        url("draft", letter.pk), {"reply_kind": "petition", "reply_text": "可向市信访局反映。"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.IN_REVIEW and letter.drafted_by == editor
    assert letter.reply_text == REFERRAL_TEXTS[ReplyKind.PETITION] + "\n可向市信访局反映。"


def test_return_and_redraft_keeps_the_handlers_words(client, written, office, editor, reviewer):
    letter = letter_in(office, "in_review", handler=editor, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.post(url("return", letter.pk), {"note": "请补充政策依据"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.HANDLING
    client.force_login(editor)
    text = html(client.get(url("letter", letter.pk)))
    assert "请补充政策依据" in text and "补贴标准为……</textarea>" in text  # prefilled again


def test_extend_once(client, written, office, editor, reviewer):
    letter = letter_in(office, "handling", handler=editor, reviewer=reviewer)
    client.force_login(reviewer)
    text = html(client.get(url("letter", letter.pk)))
    assert "延长后的答复期限：2026年3月31日" in text  # 15 working days after 10 March
    response = client.post(url("extend", letter.pk), {"note": "需要会同住建部门核实"}, follow=True)
    assert "答复时限已延长至2026年3月31日" in html(response)
    letter.refresh_from_db()
    assert letter.extended and str(letter.due_on) == "2026-03-31"
    assert 'id="action-extend"' not in html(response)  # once only
    response = client.post(url("extend", letter.pk), {"note": "再延长"})
    assert flow.MSG_EXTENDED_ONCE in html(response) and "再延长" in html(response)


def test_approve_and_publish_an_edited_text(client, written, office, editor, reviewer):
    letter = letter_in(office, "in_review", handler=editor, reviewer=reviewer)
    client.force_login(reviewer)
    text = html(client.get(url("letter", letter.pk)))
    # Prefilled with what the public would read: the phone number and the name masked.
    assert "我的电话×××" in text and 'name="publish"' in text
    response = client.post(
        url("approve", letter.pk),
        {
            "publish": "on",
            "public_subject": "加装电梯补贴标准",
            "public_text": "请问补贴标准是多少？张三丰，电话13912345678",
            "public_reply": "补贴标准为……",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REPLIED and letter.published
    assert letter.public_text == "请问补贴标准是多少？张××，电话×××"
    assert letter.answered_in_time is True


def test_approve_without_publishing(client, written, office, editor, reviewer):
    letter = letter_in(office, "in_review", handler=editor, reviewer=reviewer)
    client.force_login(reviewer)
    assert client.post(url("approve", letter.pk), {}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REPLIED and not letter.published


def test_no_publication_offered_without_consent(client, written, office, editor, reviewer):
    letter, _ = letter_submit(office, consent=False)
    flow.letter_assign(letter, user=reviewer, handler=editor)
    flow.letter_draft(letter, user=editor, reply_kind="answer", reply_text="答复")
    client.force_login(reviewer)
    text = html(client.get(url("letter", letter.pk)))
    assert 'name="publish"' not in text and "来信人不同意公开" in text


def test_dismiss(client, written, office, reviewer):
    letter, _ = letter_submit(office)
    client.force_login(reviewer)
    response = client.post(url("dismiss", letter.pk), {"reason": "advertising"}, follow=True)
    assert "已不予受理" in html(response) and "广告或与政务无关的信息" in html(response)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DISMISSED


def test_transfer_to_another_body(client, written, office, city, reviewer, other_body_reviewer):
    letter, _ = letter_submit(office)
    client.force_login(reviewer)
    response = client.post(
        url("transfer", letter.pk), {"to_body": city.code, "note": "属于兰州市的职责"}
    )
    # The letter has left the office: back to the queue, with where it went.
    assert response.status_code == 302 and response["Location"] == url("list")
    letter.refresh_from_db()
    assert (letter.body, letter.status) == (city, LetterStatus.RECEIVED)
    text = html(client.get(url("list")))
    assert f"来信{letter.number}：已转办至兰州市人民政府。" in text
    assert client.get(url("letter", letter.pk)).status_code == 404
    client.force_login(other_body_reviewer)
    text = html(client.get(url("letter", letter.pk)))
    assert "属于兰州市的职责" in text and "转至：兰州市人民政府" in text
    assert "来信人写信给甘肃省人民政府办公厅" in text


# --- Refusals keep what was typed ------------------------------------------------------------


def test_a_transfer_without_a_reason_keeps_the_chosen_body(client, written, office, city, reviewer):
    letter, _ = letter_submit(office)
    client.force_login(reviewer)
    response = client.post(url("transfer", letter.pk), {"to_body": city.code, "note": " "})
    assert response.status_code == 200
    text = html(response)
    assert flow.MSG_TRANSFER_REASON in text
    assert re.search(r'<option value="lanzhou" selected>', text)
    assert '<details class="action" id="action-transfer" open>' in text
    response = client.post(url("transfer", letter.pk), {"to_body": "", "note": "理由"})
    assert flow.MSG_TRANSFER_TARGET in html(response) and "理由</textarea>" in html(response)
    assert Letter.objects.get(pk=letter.pk).body == office


def test_a_handler_of_another_body_is_refused(client, written, office, reviewer, other_body_editor):
    letter, _ = letter_submit(office)
    client.force_login(reviewer)
    response = client.post(
        url("assign", letter.pk), {"handler": str(other_body_editor.pk), "note": "试试"}
    )
    assert flow.MSG_HANDLER_INVALID in html(response) and "试试</textarea>" in html(response)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.RECEIVED


def test_an_empty_answer_keeps_the_note(client, written, office, editor, reviewer):
    letter = letter_in(office, "handling", handler=editor, reviewer=reviewer)
    client.force_login(editor)
    response = client.post(
        url("draft", letter.pk), {"reply_kind": "answer", "reply_text": "", "note": "请审核"}
    )
    text = html(response)
    assert flow.MSG_REPLY_REQUIRED in text and "请审核</textarea>" in text
    assert re.search(r'value="answer"[^>]*checked', text)


def test_the_drafter_may_not_approve(client, written, office, reviewer, office_head):
    letter, _ = letter_submit(office)
    flow.letter_assign(letter, user=reviewer, handler=reviewer)
    flow.letter_draft(letter, user=reviewer, reply_kind="answer", reply_text="答复")
    client.force_login(reviewer)
    text = html(client.get(url("letter", letter.pk)))
    assert 'id="action-approve"' not in text and "须由本机关的其他审核人员审核" in text
    response = client.post(url("approve", letter.pk), {"note": "自己审核"})
    assert flow.MSG_SAME_REVIEWER in html(response) and "自己审核" in html(response)
    client.force_login(office_head)
    assert 'id="action-approve"' in html(client.get(url("letter", letter.pk)))


def test_an_emptied_public_text_is_refused_with_the_rest_kept(
    client, written, office, editor, reviewer
):
    letter = letter_in(office, "in_review", handler=editor, reviewer=reviewer)
    client.force_login(reviewer)
    response = client.post(
        url("approve", letter.pk),
        {"publish": "on", "public_subject": "我改的标题", "public_text": "", "public_reply": "答"},
    )
    text = html(response)
    assert flow.MSG_PUBLIC_EMPTY in text and 'value="我改的标题"' in text
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.IN_REVIEW


def test_an_action_the_status_no_longer_allows(client, written, office, editor, reviewer):
    letter = letter_in(office, "dismissed", handler=editor, reviewer=reviewer)
    client.force_login(reviewer)
    text = html(client.get(url("letter", letter.pk)))
    assert "该来信已办结" in text
    response = client.post(url("return", letter.pk), {"note": "退回的理由"})
    text = html(response)
    assert "来信当前为“不予受理”，不能进行“退回修改”操作" in text and "退回的理由" in text
