"""The mailbox's public pages, part three (docs/mailbox.md "Public pages"): the published letters
(only those published, never the writer's name, phone, e-mail or address; filters; pages of 20)
and the statistics, checked against letters made through the workflow."""

from __future__ import annotations

import html as htmllib
import re
from datetime import datetime

import pytest

from gongkai.participation import letter_workflow as flow
from gongkai.participation.letter_selectors import mailbox_statistics
from gongkai.participation.models import Letter, ReplyKind
from gongkai.participation.tests.letter_factories import (
    TZ,
    WRITER,
    WRITTEN,
    letter_in,
    letter_submit,
)

pytestmark = pytest.mark.django_db

PRIVATE = (WRITER["name"], WRITER["phone"], WRITER["email"], WRITER["address"])


def page_text(response) -> str:
    return htmllib.unescape(response.content.decode())


def main_part(response) -> str:
    return page_text(response).split('id="main"', 1)[1]


def answer(letter, editor, reviewer, *, publish: bool = True, reply: str = "补贴标准为……"):
    flow.letter_assign(letter, user=reviewer, handler=editor)
    flow.letter_draft(letter, user=editor, reply_kind=ReplyKind.ANSWER, reply_text=reply)
    return flow.letter_approve(letter, user=reviewer, publish=publish)


@pytest.fixture
def written(time_machine):
    time_machine.move_to(WRITTEN, tick=False)


# --- Published letters -------------------------------------------------------------------------


def test_only_published_letters_are_listed_and_never_the_writers_details(
    client, office, editor, reviewer, written
):
    published = answer(letter_submit(office)[0], editor, reviewer)
    private = answer(letter_submit(office, consent=False)[0], editor, reviewer, publish=False)
    pending = letter_in(office, "in_review", handler=editor, reviewer=reviewer)
    received, _ = letter_submit(office, subject="尚未答复的来信")

    response = client.get("/mailbox/letters/")
    assert response.status_code == 200
    body = main_part(response)
    assert f'href="/mailbox/letters/{published.number}/"' in body
    assert published.public_subject in body and office.name in body and "咨询" in body
    assert "2026年3月10日" in body
    for letter in (private, pending, received):
        assert letter.number not in body
    assert "尚未答复的来信" not in body
    for value in PRIVATE:
        assert value not in body

    for letter in (private, pending, received):
        assert client.get(f"/mailbox/letters/{letter.number}/").status_code == 404
    assert client.get("/mailbox/letters/XJ2026999999/").status_code == 404


def test_a_published_letter_shows_what_was_published_with_the_name_masked(
    client, office, editor, reviewer, written
):
    letter, _ = letter_submit(office, text="我是张三丰，电话13912345678，请问补贴标准是多少？")
    letter = answer(letter, editor, reviewer, reply="张三丰您好：补贴标准为每台10万元。")
    response = client.get(f"/mailbox/letters/{letter.number}/")
    assert response.status_code == 200
    body = main_part(response)
    assert f"<h1>{letter.public_subject}</h1>" in body
    assert 'id="writer">张××<' in body
    assert "我是张××" in body and "张××您好：补贴标准为每台10万元。" in body
    assert letter.public_text in body and letter.public_reply in body
    assert office.name in body and "领导信箱" in body and "咨询" in body
    assert "2026年3月10日" in body
    for value in PRIVATE:
        assert value not in body
    assert "139" not in body


def test_the_published_letters_are_filtered_by_body_category_year_and_month(
    client, office, city, editor, reviewer, other_body_editor, other_body_reviewer, time_machine
):
    time_machine.move_to(WRITTEN, tick=False)
    march = answer(letter_submit(office)[0], editor, reviewer)
    complaint = answer(
        letter_submit(office, category="complaint", subject="噪声扰民投诉")[0], editor, reviewer
    )
    time_machine.move_to(datetime(2026, 4, 14, 10, 0, tzinfo=TZ), tick=False)
    april = answer(
        letter_submit(city, subject="城市道路维修建议", category="suggestion")[0],
        other_body_editor,
        other_body_reviewer,
    )

    def listed(query: str) -> set[str]:
        body = main_part(client.get(f"/mailbox/letters/?{query}"))
        return set(re.findall(r'href="/mailbox/letters/(XJ\d+)/"', body))

    assert listed("") == {march.number, complaint.number, april.number}
    assert listed(f"body={city.code}") == {april.number}
    assert listed(f"body={office.code}") == {march.number, complaint.number}
    assert listed("category=complaint") == {complaint.number}
    assert listed("year=2026&month=3") == {march.number, complaint.number}
    assert listed("year=2026&month=4") == {april.number}
    assert listed("year=2026") == {march.number, complaint.number, april.number}
    # What cannot be read is said, and not applied.
    response = client.get("/mailbox/letters/?body=nowhere&month=4")
    body = page_text(response)
    assert response.status_code == 200
    assert "没有这个机关" in body and "选择月份时，请同时选择年度" in body
    assert "没有符合条件的公开来信" in page_text(client.get("/mailbox/letters/?year=2026&month=5"))


def test_the_published_letters_come_twenty_a_page(client, office, editor, reviewer, written):
    for n in range(21):
        answer(letter_submit(office, subject=f"第{n + 1}封来信")[0], editor, reviewer)
    first = main_part(client.get("/mailbox/letters/"))
    assert len(re.findall(r'href="/mailbox/letters/XJ', first)) == 20
    assert "共 21 条" in first and "下一页" in first
    second = main_part(client.get("/mailbox/letters/?page=2"))
    assert len(re.findall(r'href="/mailbox/letters/XJ', second)) == 1


def test_no_published_letters_say_so(client):
    assert "暂无公开来信" in page_text(client.get("/mailbox/letters/"))


# --- Statistics --------------------------------------------------------------------------------


def _row(body: str, name: str) -> list[str]:
    row = re.search(rf"<tr><th scope=\"row\">{re.escape(name)}</th>(.*?)</tr>", body, re.S)
    assert row, name
    return re.findall(r"<td>(.*?)</td>", row[1])


def test_the_statistics_count_what_the_workflow_did(
    client, office, city, editor, reviewer, other_body_editor, other_body_reviewer, time_machine
):
    # Tuesday 10 March 2026: four letters to the office, one to the city; due on 17 March.
    time_machine.move_to(WRITTEN, tick=False)
    in_time, _ = letter_submit(office)
    late, _ = letter_submit(office)
    dismissed, _ = letter_submit(office)
    letter_submit(office)  # still waiting
    open_city, _ = letter_submit(city)
    flow.letter_dismiss(dismissed, user=reviewer, reason="duplicate")
    flow.letter_assign(open_city, user=other_body_reviewer, handler=other_body_editor)
    time_machine.move_to(datetime(2026, 3, 13, 10, 0, tzinfo=TZ), tick=False)
    answer(in_time, editor, reviewer)
    flow.letter_rate(in_time, satisfaction="satisfied")
    time_machine.move_to(datetime(2026, 3, 20, 10, 0, tzinfo=TZ), tick=False)
    answer(late, editor, reviewer, publish=False)
    flow.letter_rate(late, satisfaction="dissatisfied")

    response = client.get("/mailbox/statistics/?year=2026")
    assert response.status_code == 200
    body = main_part(response)
    assert "2026年来信办理情况" in body
    # received, replied, within the limit, %, average days, dismissed, open, 满意, 基本满意, 不满意
    assert _row(body, office.name) == ["4", "2", "1", "50.0%", "6.5", "1", "1", "1", "0", "1"]
    assert _row(body, city.name) == ["1", "0", "0", "—", "—", "0", "1", "0", "0", "0"]
    assert _row(body, "合计") == ["5", "2", "1", "50.0%", "6.5", "1", "2", "1", "0", "1"]
    # The same numbers as the selector's.
    stats = mailbox_statistics(office, year=2026)
    assert (stats.received, stats.replied, stats.within_limit, stats.dismissed, stats.open) == (
        4,
        2,
        1,
        1,
        1,
    )
    assert stats.average_days == 6.5 and stats.satisfaction["dissatisfied"] == 1
    assert Letter.objects.filter(answered_in_time=False).count() == 1
    # A body without letters in the period has no row; the page fits a phone in its own box.
    assert (
        'class="table-scroll report-table-scroll" role="region"' in body and 'tabindex="0"' in body
    )
    month = main_part(client.get("/mailbox/statistics/?year=2026&month=3"))
    assert _row(month, "合计")[0] == "5"


def test_the_statistics_have_an_empty_state(client, office, written):
    body = page_text(client.get("/mailbox/statistics/"))
    assert "目前没有收到来信" in body and "<table" not in body.split('id="main"', 1)[1]
    letter_submit(office)
    assert "2026年1月没有收到来信" in page_text(
        client.get("/mailbox/statistics/?year=2026&month=1")
    )
    assert _row(main_part(client.get("/mailbox/statistics/")), "合计")[0] == "1"
