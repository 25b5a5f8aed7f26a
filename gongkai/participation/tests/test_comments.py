"""Comments come in and are moderated: the public submits while the consultation is open, staff
register what came by post, e-mail or fax, each gets a receipt number, and what is published has
personal data masked."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.participation import comment_workflow as workflow
from gongkai.participation.comment_workflow import WorkflowError
from gongkai.participation.models import (
    WITHHELD_NOTICES,
    Comment,
    CommentChannel,
    CommentEvent,
    CommentStatus,
    WithheldReason,
)
from gongkai.participation.tests.factories import (
    CLOSED_DAY,
    CLOSES,
    CONTACT,
    OPEN_DAY,
    OPENS,
    TZ,
    article,
    comment_in,
    consultation_make,
)

pytestmark = pytest.mark.django_db


def _submit(page, **fields):
    values = {"text": "建议第三条写明工作机制的具体内容。", "contact": CONTACT, **fields}
    return workflow.comment_submit(page, **values)


# --- Submission --------------------------------------------------------------------------------


def test_a_citizen_comments_on_an_article_and_gets_a_number(office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    comment = _submit(page, article=article(page, 3), name="李女士")
    assert comment.number == "YJ2026000001"
    assert Comment.objects.get(number=comment.number).pk == comment.pk  # stored when returned
    assert (comment.status, comment.channel) == (CommentStatus.PENDING, CommentChannel.ONLINE)
    assert comment.received_on == date(2026, 3, 10)
    assert comment.article.label == "第三条" and comment.name == "李女士"
    (event,) = comment.events.all()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "submit",
        "",
        "pending",
        None,
    )


def test_a_submission_is_committed_before_its_number_is_returned(office, time_machine):
    # The submission opens its own outermost transaction (durable): nobody can call it inside a
    # transaction that could still roll the acknowledged comment back.
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        _submit(page)
    assert not Comment.objects.filter(consultation=page).exists()


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (datetime(2026, 3, 1, 23, 59, tzinfo=TZ), False),  # the day before it opens
        (datetime(2026, 3, 2, 0, 0, tzinfo=TZ), True),  # the opening day
        (datetime(2026, 4, 1, 23, 59, tzinfo=TZ), True),  # the closing day, to its end
        (datetime(2026, 4, 2, 0, 0, tzinfo=TZ), False),  # the day after
        # 16:30 UTC on 1 April is 00:30 on 2 April in Beijing: closed.
        (datetime(2026, 4, 1, 16, 30, tzinfo=ZoneInfo("UTC")), False),
    ],
)
def test_comments_are_accepted_only_while_the_consultation_is_open(
    office, time_machine, moment, accepted
):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    time_machine.move_to(moment, tick=False)
    if accepted:
        assert _submit(page).status == CommentStatus.PENDING
        return
    with pytest.raises(WorkflowError) as refused:
        _submit(page)
    assert refused.value.message.startswith("该意见征集")
    assert "2026年3月2日至2026年4月1日" in refused.value.message
    assert not Comment.objects.exists() and not CommentEvent.objects.exists()


def test_a_consultation_not_published_takes_no_comment(office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office, publish=False)
    with pytest.raises(WorkflowError, match=workflow.MSG_NOT_LIVE):
        _submit(page)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": "  "}, "text", workflow.MSG_TEXT_REQUIRED),
        ({"contact": ""}, "contact", workflow.MSG_CONTACT_REQUIRED),
        (
            {"contact": "随便"},
            "contact",
            "请填写有效的联系电话或电子邮箱（仅供工作人员联系，不会公开）",
        ),
        (
            {"contact": "a@b"},
            "contact",
            "请填写有效的联系电话或电子邮箱（仅供工作人员联系，不会公开）",
        ),
        (
            {"contact": "a" * 95 + "@example.cn"},
            "contact",
            "请填写有效的联系电话或电子邮箱（仅供工作人员联系，不会公开）",
        ),
        (
            {"text": "意" * 5001},
            "text",
            "意见内容不能超过5000字，请精简后提交，或通过电子邮件、信函提交",
        ),
    ],
)
def test_a_submission_with_a_wrong_field_says_which(office, time_machine, fields, field, message):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    with pytest.raises(ValidationError) as refused:
        _submit(page, **fields)
    assert refused.value.message_dict == {field: [message]}
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "contact", ["13912345678", "0931-8123456", "(0931) 812 3456", "li@example.cn"]
)
def test_a_phone_number_or_an_email_address_is_a_contact(office, time_machine, contact):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    assert _submit(page, contact=contact).contact == contact


def test_an_article_of_another_consultation_is_refused(office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    other = consultation_make(office, title="另一个征求意见稿")
    with pytest.raises(ValidationError) as refused:
        _submit(page, article=article(other, 1))
    assert refused.value.message_dict == {"article": [workflow.MSG_ARTICLE_OTHER]}


def test_numbers_run_on_through_the_year_without_a_gap(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    other = consultation_make(office, title="另一个征求意见稿")
    numbers = [_submit(page).number, _submit(other).number]
    numbers.append(comment_in(page, "pending", moderator=editor).number)
    numbers.append(_submit(page).number)
    assert numbers == ["YJ2026000001", "YJ2026000002", "YJ2026000003", "YJ2026000004"]
    assert len(set(Comment.objects.values_list("number", flat=True))) == 4


def test_a_refused_submission_takes_no_number(office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    with pytest.raises(ValidationError):
        _submit(page, contact="")
    assert _submit(page).number == "YJ2026000001"


# --- Registration of comments by e-mail, letter or fax -----------------------------------------


def test_a_letter_posted_by_the_closing_day_is_registered_after_it(office, editor, time_machine):
    time_machine.move_to(CLOSED_DAY, tick=False)
    page = consultation_make(office)
    comment = workflow.comment_register(
        page,
        user=editor,
        channel=CommentChannel.LETTER,
        received_on=CLOSES,  # the postmark
        text="建议删除第二条。",
        contact=CONTACT,
        article=article(page, 2),
        note="邮戳日期4月1日，4月3日收到",
    )
    assert (comment.channel, comment.received_on) == ("letter", CLOSES)
    (event,) = comment.events.all()
    assert (event.action, event.actor, event.note) == (
        "register",
        editor,
        "邮戳日期4月1日，4月3日收到",
    )


@pytest.mark.parametrize(
    ("channel", "received_on", "field", "message"),
    [
        ("online", OPENS, "channel", workflow.MSG_CHANNEL_OFFLINE),
        ("letter", None, "received_on", workflow.MSG_RECEIVED_ON_REQUIRED),
        ("letter", date(2026, 4, 2), "received_on", "收到日期须在征求意见期间内"),
        ("email", date(2026, 3, 1), "received_on", "收到日期须在征求意见期间内"),
        ("fax", date(2026, 4, 4), "received_on", workflow.MSG_RECEIVED_IN_FUTURE),
    ],
)
def test_a_registration_outside_the_rules_is_refused(
    office, editor, time_machine, channel, received_on, field, message
):
    time_machine.move_to(CLOSED_DAY, tick=False)
    page = consultation_make(office)
    with pytest.raises(ValidationError) as refused:
        workflow.comment_register(
            page,
            user=editor,
            channel=channel,
            received_on=received_on,
            text="意见",
            contact=CONTACT,
        )
    assert refused.value.message_dict[field][0].startswith(message)
    assert not Comment.objects.exists()


def test_the_clerk_of_applications_does_not_register_comments(office, clerk, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    with pytest.raises(WorkflowError, match=workflow.MSG_NOT_MODERATOR):
        workflow.comment_register(
            page, user=clerk, channel="email", received_on=OPENS, text="意见", contact=CONTACT
        )


# --- Moderation --------------------------------------------------------------------------------


def test_publishing_masks_an_id_number_a_phone_number_and_an_email_address(
    office, editor, time_machine
):
    office.phone = "0931-8123456"
    office.save(update_fields=["phone"])
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    text = (
        "我是本省居民，身份证号620102199003071234，手机138 1234 5678，邮箱wang@example.com；"
        "已按公告电话0931-8123456咨询过。建议第三条写明责任部门。"
    )
    comment = _submit(page, text=text)
    workflow.comment_publish(comment, user=editor)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.public_text == (
        "我是本省居民，身份证号×××，手机×××，邮箱×××；"
        "已按公告电话0931-8123456咨询过。建议第三条写明责任部门。"
    )
    assert comment.text == text  # what the person wrote is kept for the body
    assert comment.events.last().data == {"masked": 3, "edited": False}


def test_a_moderator_may_shorten_what_is_shown_and_it_is_masked_too(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    comment = _submit(page, text="很长的意见……建议写明责任部门。")
    workflow.comment_publish(comment, user=editor, public_text="建议写明责任部门，电话13812345678")
    comment.refresh_from_db()
    assert comment.public_text == "建议写明责任部门，电话×××"
    assert comment.events.last().data == {"masked": 1, "edited": True}


def test_withholding_a_published_comment_takes_it_down(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    comment = comment_in(page, "published", moderator=editor, disposition="adopted")
    workflow.comment_withhold(comment, user=editor, reason=WithheldReason.OFF_TOPIC, note="误公开")
    comment.refresh_from_db()
    assert (comment.status, comment.withheld_reason, comment.public_text) == (
        "withheld",
        "off_topic",
        "",
    )
    # Not an opinion on the draft: it leaves the feedback report with its disposition.
    assert comment.disposition == "" and not comment.counted
    assert comment.events.last().data == {"reason": "off_topic", "disposition_cleared": "adopted"}


def test_a_petition_is_withheld_with_the_way_to_the_petition_channel(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    comment = comment_in(page, "withheld:petition", moderator=editor)
    assert comment.get_withheld_reason_display() == "属于信访事项"
    assert "信访渠道" in comment.withheld_notice
    assert set(WITHHELD_NOTICES) == set(WithheldReason.values)


def test_a_comment_withheld_for_personal_data_keeps_counting(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    comment = comment_in(page, "published", moderator=editor, disposition="adopted")
    workflow.comment_withhold(comment, user=editor, reason=WithheldReason.PERSONAL_DATA)
    comment.refresh_from_db()
    assert comment.counted and comment.disposition == "adopted"


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", workflow.MSG_WITHHELD_REASON), ("spam", workflow.MSG_WITHHELD_REASON)],
)
def test_withholding_needs_a_reason_from_the_list(office, editor, time_machine, reason, message):
    time_machine.move_to(OPEN_DAY, tick=False)
    comment = comment_in(consultation_make(office), "pending", moderator=editor)
    with pytest.raises(WorkflowError, match=message):
        workflow.comment_withhold(comment, user=editor, reason=reason)


# --- Disposition -------------------------------------------------------------------------------


def test_an_off_topic_comment_gets_no_disposition(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    comment = comment_in(consultation_make(office), "withheld:off_topic", moderator=editor)
    with pytest.raises(WorkflowError) as refused:
        workflow.comment_dispose(comment, user=editor, disposition="adopted")
    assert (
        refused.value.message
        == "该意见因“与征求意见稿无关”不予公开，不属于对征求意见稿的意见，不填写采纳情况"
    )
    comment.refresh_from_db()
    assert comment.disposition == "" and comment.events.count() == 2


@pytest.mark.parametrize(
    ("disposition", "reason", "message"),
    [
        ("not_adopted", "", "不予采纳的，须说明理由（理由将在意见采纳情况中公开）"),
        ("partly", " ", "部分采纳的，须说明理由（理由将在意见采纳情况中公开）"),
        ("maybe", "", workflow.MSG_DISPOSITION_INVALID),
    ],
)
def test_a_disposition_other_than_adopted_needs_its_reason(
    office, editor, time_machine, disposition, reason, message
):
    time_machine.move_to(OPEN_DAY, tick=False)
    comment = comment_in(consultation_make(office), "published", moderator=editor)
    with pytest.raises(WorkflowError) as refused:
        workflow.comment_dispose(comment, user=editor, disposition=disposition, reason=reason)
    assert refused.value.message == message
