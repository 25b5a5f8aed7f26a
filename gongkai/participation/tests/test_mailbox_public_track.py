"""The mailbox's public pages, part two (docs/mailbox.md "Public pages"): tracking a letter by its
number and query code (throttled failed lookups), the letter's page only in the session that
looked it up, what the writer reads in each state, and the rating and the follow-up, once each."""

from __future__ import annotations

import html as htmllib

import pytest
from django.test import Client

from gongkai.core.dates import cn_date
from gongkai.participation import letter_workflow as flow
from gongkai.participation.forms_letters_public import MSG_TRACKING_FAILED
from gongkai.participation.letter_throttles import (
    MSG_TRACK_NUMBER_LOCKED,
    TRACK_ADDRESS,
    TRACK_NUMBER,
)
from gongkai.participation.models import (
    DISMISS_NOTICES,
    Letter,
    LetterAction,
    LetterEvent,
    LetterStatus,
    ReplyKind,
)
from gongkai.participation.tests.letter_factories import WRITTEN, letter_in, letter_submit
from gongkai.participation.views_letters_public import MSG_RATED

pytestmark = pytest.mark.django_db

REPLY = "补贴标准为……"


def page_text(response) -> str:
    return htmllib.unescape(response.content.decode())


def letter_url(letter) -> str:
    return f"/mailbox/track/{letter.pk}/"


def track(client, number: str, code: str):
    return client.post("/mailbox/track/", {"number": number, "query_code": code})


def tracked(client, letter: Letter, code: str) -> Client:
    assert track(client, letter.number, code)["Location"] == letter_url(letter)
    return client


def limits(settings, **scopes: str) -> None:
    settings.GONGKAI_THROTTLES = {
        **settings.GONGKAI_THROTTLES,
        TRACK_ADDRESS: scopes.get("address", "off"),
        TRACK_NUMBER: scopes.get("number", "off"),
    }


@pytest.fixture
def written(time_machine):
    time_machine.move_to(WRITTEN, tick=False)


def replied(office, editor, reviewer) -> tuple[Letter, str]:
    letter, code = letter_submit(office)
    flow.letter_assign(letter, user=reviewer, handler=editor)
    flow.letter_draft(letter, user=editor, reply_kind=ReplyKind.ANSWER, reply_text=REPLY)
    flow.letter_approve(letter, user=reviewer, publish=True)
    return Letter.objects.get(pk=letter.pk), code


# --- The lookup --------------------------------------------------------------------------------


def test_a_wrong_code_is_refused_and_the_right_one_opens_the_letter(client, office, written):
    letter, code = letter_submit(office)
    wrong = "2" * 10 if code != "2" * 10 else "3" * 10
    for number, query_code in ((letter.number, wrong), ("XJ2026999999", code)):
        response = track(client, number, query_code)
        assert response.status_code == 200
        assert MSG_TRACKING_FAILED in page_text(response)
    assert client.get(letter_url(letter))["Location"] == "/mailbox/track/"

    # The number with spaces and in small letters, the code in small letters: the same letter.
    response = track(client, " " + letter.number.lower() + " ", code.lower())
    assert response.status_code == 302 and response["Location"] == letter_url(letter)
    page = client.get(letter_url(letter))
    assert page.status_code == 200
    body = page_text(page)
    assert f'id="letter-number">{letter.number}<' in body
    assert 'id="letter-status">待分办<' in body and office.name in body
    assert f'id="due-on">{cn_date(letter.due_on)}<' in body and "2026年3月17日" in body
    assert letter.subject in body and letter.text in body
    assert "max-age=0" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    # The code is never in a URL nor on the letter's page.
    assert code not in body


def test_empty_fields_say_what_to_type(client):
    response = client.post("/mailbox/track/", {"number": "", "query_code": ""})
    body = page_text(response)
    assert "请填写信件编号" in body and "请填写查询码" in body and "查询未成功" in body


def test_failed_lookups_of_one_number_are_limited_even_for_the_right_code(client, office, settings):
    limits(settings, number="2/h")
    letter, code = letter_submit(office)
    for address in ("203.0.113.1", "203.0.113.2"):
        assert MSG_TRACKING_FAILED in page_text(
            track(Client(REMOTE_ADDR=address), letter.number, "ABCDEFGHJK")
        )
    response = track(Client(REMOTE_ADDR="203.0.113.3"), letter.number, code)
    assert response.status_code == 429
    assert MSG_TRACK_NUMBER_LOCKED.split("{", 1)[0] in page_text(response)


def test_failed_lookups_from_one_address_are_limited_and_successes_do_not_count(office, settings):
    limits(settings, address="2/h")
    letter, code = letter_submit(office)
    browser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        assert track(browser, letter.number, code).status_code == 302
    for _ in range(2):
        assert track(browser, letter.number, "ABCDEFGHJK").status_code == 200
    assert track(browser, letter.number, code).status_code == 429
    assert track(Client(REMOTE_ADDR="203.0.113.10"), letter.number, code).status_code == 302


def test_another_session_cannot_open_the_letter_nor_act_on_it(client, office, editor, reviewer):
    letter, code = replied(office, editor, reviewer)
    tracked(client, letter, code)
    stranger = Client()
    assert stranger.get(letter_url(letter))["Location"] == "/mailbox/track/"
    rate = stranger.post(f"{letter_url(letter)}rate/", {"satisfaction": "dissatisfied"})
    follow = stranger.post(f"{letter_url(letter)}follow-up/", {"text": "为什么？"})
    assert rate["Location"] == follow["Location"] == "/mailbox/track/"
    letter.refresh_from_db()
    assert (letter.satisfaction, letter.follow_up_text, letter.status) == (
        "",
        "",
        LetterStatus.REPLIED,
    )


def test_a_writer_sees_only_the_letters_they_looked_up(client, office):
    mine, code = letter_submit(office)
    other, _ = letter_submit(office, name="李四", phone="13800000000")
    tracked(client, mine, code)
    assert client.get(letter_url(mine)).status_code == 200
    assert client.get(letter_url(other))["Location"] == "/mailbox/track/"
    assert client.get("/mailbox/track/999999/")["Location"] == "/mailbox/track/"


def test_ending_the_tracking_forgets_the_letters(client, office):
    letter, code = letter_submit(office)
    tracked(client, letter, code)
    response = client.post("/mailbox/track/end/")
    assert response["Location"] == "/mailbox/track/"
    assert "已结束查询" in page_text(client.get("/mailbox/track/"))
    assert client.get(letter_url(letter))["Location"] == "/mailbox/track/"


# --- What the writer reads ---------------------------------------------------------------------


def test_a_draft_in_review_is_not_shown(client, office, editor, reviewer):
    letter, code = letter_submit(office)
    flow.letter_assign(letter, user=reviewer, handler=editor)
    flow.letter_draft(letter, user=editor, reply_kind=ReplyKind.ANSWER, reply_text="草稿：待审核")
    body = page_text(tracked(client, letter, code).get(letter_url(letter)))
    assert "答复待审核" in body and "草稿：待审核" not in body
    assert 'name="satisfaction"' not in body and 'name="text"' not in body


def test_an_extension_shows_its_reason_and_the_new_due_date(client, office, editor, reviewer):
    letter, code = letter_submit(office)
    flow.letter_assign(letter, user=reviewer, handler=editor)
    flow.letter_extend(letter, user=reviewer, note="需要会同住建部门核实")
    letter.refresh_from_db()
    body = page_text(tracked(client, letter, code).get(letter_url(letter)))
    assert "答复时限已延长" in body and "延长理由：需要会同住建部门核实" in body
    assert cn_date(letter.due_on) in body


def test_a_transfer_shows_the_body_now_handling_it_and_the_reason(client, office, city, reviewer):
    letter, code = letter_submit(office)
    flow.letter_transfer(letter, user=reviewer, to_body=city, note="属于兰州市人民政府的职责")
    body = page_text(tracked(client, letter, code).get(letter_url(letter)))
    assert f"您的来信写给{office.name}，已转交{city.name}办理。" in body
    assert f"由{office.name}转交{city.name}办理。转办理由：属于兰州市人民政府的职责" in body


def test_a_dismissed_letter_shows_the_notice(client, office, editor, reviewer):
    letter, code = letter_submit(office)
    flow.letter_dismiss(letter, user=reviewer, reason="no_content")
    body = page_text(tracked(client, letter, code).get(letter_url(letter)))
    assert "不予受理" in body and DISMISS_NOTICES["no_content"] in body
    assert 'name="satisfaction"' not in body and 'name="text"' not in body


# --- Rating and following up -------------------------------------------------------------------


def test_the_reply_is_rated_once(client, office, editor, reviewer):
    letter, code = replied(office, editor, reviewer)
    tracked(client, letter, code)
    body = page_text(client.get(letter_url(letter)))
    assert 'id="letter-status">已答复<' in body and REPLY in body
    assert 'name="satisfaction"' in body and 'name="text"' in body

    # Nothing chosen: the error at the top, nothing stored.
    wrong = client.post(f"{letter_url(letter)}rate/", {"note": "还行"})
    assert wrong.status_code == 200
    wrong_body = page_text(wrong)
    assert flow.MSG_RATING_INVALID in wrong_body and "评价未提交" in wrong_body
    assert "还行" in wrong_body

    response = client.post(
        f"{letter_url(letter)}rate/", {"satisfaction": "basically", "note": "较快"}
    )
    assert response["Location"] == letter_url(letter)
    body = page_text(client.get(letter_url(letter)))
    assert MSG_RATED in body and "您的评价：<strong>基本满意</strong>" in body
    assert 'name="satisfaction"' not in body

    again = client.post(f"{letter_url(letter)}rate/", {"satisfaction": "dissatisfied"}, follow=True)
    assert flow.MSG_RATED in page_text(again)
    letter.refresh_from_db()
    assert letter.satisfaction == "basically"
    assert LetterEvent.objects.filter(letter=letter, action=LetterAction.RATE).count() == 1
    assert LetterEvent.objects.get(letter=letter, action=LetterAction.RATE).note == "较快"


def test_the_writer_follows_up_once_and_reads_the_answer(client, office, editor, reviewer):
    letter, code = replied(office, editor, reviewer)
    tracked(client, letter, code)

    empty = client.post(f"{letter_url(letter)}follow-up/", {"text": "  "})
    assert empty.status_code == 200 and flow.MSG_FOLLOW_UP_REQUIRED in page_text(empty)

    response = client.post(f"{letter_url(letter)}follow-up/", {"text": "补贴什么时候发放？"})
    assert response["Location"] == letter_url(letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.HANDLING and letter.follow_up_text == "补贴什么时候发放？"
    body = page_text(client.get(letter_url(letter)))
    assert "您的追问已提交" in body and cn_date(letter.due_on) in body
    assert "补贴什么时候发放？" in body and REPLY in body  # the first reply stays readable
    assert 'name="text"' not in body and 'name="satisfaction"' not in body

    again = client.post(f"{letter_url(letter)}follow-up/", {"text": "再问一次"}, follow=True)
    assert "不能进行“来信人追问”操作" in page_text(again)
    assert LetterEvent.objects.filter(letter=letter, action=LetterAction.FOLLOW_UP).count() == 1

    # The follow-up answered: both answers; rating is still open, a second follow-up is not.
    flow.letter_draft(letter, user=editor, reply_kind=ReplyKind.ANSWER, reply_text="本月底发放。")
    flow.letter_approve(letter, user=reviewer)
    body = page_text(client.get(letter_url(letter)))
    assert "对追问的答复" in body and "本月底发放。" in body and REPLY in body
    assert 'name="satisfaction"' in body and 'name="text"' not in body
    assert "每封来信只能追问一次" not in body


def test_a_rated_and_followed_up_letter_from_the_factory_shows_no_forms(
    client, office, editor, reviewer
):
    letter = letter_in(office, "replied:follow-up", handler=editor, reviewer=reviewer)
    flow.letter_rate(letter, satisfaction="satisfied")
    session = client.session  # as if this browser had looked it up
    session["mailbox_opened"] = {str(letter.pk): 4_102_444_800.0}  # the year 2100
    session.save()
    body = page_text(client.get(letter_url(letter)))
    assert "您的评价：<strong>满意</strong>" in body
    assert 'name="satisfaction"' not in body and 'name="text"' not in body
