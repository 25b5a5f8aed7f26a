"""The public page of a consultation (意见征集): its facts and phase, the channels while it is
open, the draft with the published comments under each article, and once concluded the feedback
report (tally, reasons, the final document and the comparison). Never a comment's text as written,
its contact, or a pending or withheld comment's text."""

from __future__ import annotations

import re
from datetime import date

import pytest

from gongkai.participation import comment_workflow as workflow
from gongkai.participation.services import consultation_feedback_publish
from gongkai.participation.tests.factories import (
    CLOSED_DAY,
    CLOSES,
    CONTACT,
    OPEN_DAY,
    OPENS,
    article,
    comment_in,
    consultation_make,
    consultation_republish,
)
from gongkai.testing.personas import publish_document

pytestmark = pytest.mark.django_db

CHANNELS = dict(
    email="yjzj@gansu.gov.cn",
    postal_address="甘肃省兰州市城关区中央广场1号甘肃省人民政府办公厅（邮编730030）",
    fax="0931-8888888",
)
PHONE = "13812345678"
FINAL_BODY = (
    "<p>第一条　为了推进政务公开，提高行政透明度，制定本办法。</p>"
    "<p>第二条　本办法适用于本省各级行政机关。</p>"
    "<p>第三条　县级以上人民政府应当建立健全政务公开工作机制。</p>"
    "<p>第四条　本办法自2026年9月1日起施行。</p>"
)
SUMMARY = "共收到意见4条，采纳2条，部分采纳1条，不予采纳1条。"


def html_of(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, anchor: str) -> str:
    """The <section id="anchor"> of the page, to its end (articles' sections hold no other)."""
    start = html.index(f'<section id="{anchor}"')
    return html[start : html.index("</section>", start)]


def text_of(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize(
    ("moment", "status", "channels"),
    [
        ("2026-02-20T10:00+08:00", "未开始", True),
        (OPEN_DAY, "征集中", True),
        (CLOSES.isoformat() + "T23:30+08:00", "征集中", True),  # to the end of the closing day
        (CLOSED_DAY, "已截止", False),
    ],
)
def test_each_phase_shows_its_status_and_the_channels_only_before_closing(
    client, office, time_machine, moment, status, channels
):
    time_machine.move_to(moment, tick=False)
    page = consultation_make(office, **CHANNELS)
    html = html_of(client, page)
    text = text_of(html)
    assert html.count("<h1") == 1
    assert f'">{status}</strong>' in html
    assert "起草单位甘肃省人民政府办公厅" in text
    assert "文件类型规章草案" in text
    assert "征求意见期间2026年3月2日至2026年4月1日（截止日24时前提交的意见均予接收）" in text
    assert ("提交意见的方式" in html) is channels
    assert ('href="mailto:yjzj@gansu.gov.cn"' in html) is channels
    assert (CHANNELS["postal_address"] + "（以邮戳日期为准）" in html) is channels
    assert ("传真：0931-8888888" in html) is channels
    if channels:
        assert "意见人姓名可不填写；联系方式仅供工作人员联系，不予公开。" in text
    if status == "已截止":
        assert "已截止2天" in text


def test_without_offline_channels_the_channels_section_shows_only_the_form_while_open(
    client, office, time_machine
):
    time_machine.move_to("2026-02-20T10:00+08:00", tick=False)
    page = consultation_make(office)
    assert "提交意见的方式" not in html_of(client, page)  # upcoming: nothing to say yet
    time_machine.move_to(OPEN_DAY, tick=False)
    html = html_of(client, page)
    assert "征集中" in html
    assert "提交意见的方式" in html and "网上提交" in html
    assert "mailto:" not in html.split('id="main"')[1].split("site-footer")[0]


def test_the_reason_for_a_shortened_period_is_shown(client, office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(
        office, closes_on=date(2026, 3, 12), shortened_reason="为应对突发公共卫生事件，需尽快出台。"
    )
    text = text_of(html_of(client, page))
    assert "征求意见期限少于规定期限的理由：为应对突发公共卫生事件，需尽快出台。" in text


@pytest.fixture
def commented(office, editor, time_machine):
    """An open consultation with comments in every state."""
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office, explanatory_notes="<p>依据《条例》起草。</p>")
    c = dict(moderator=editor)
    page.shown = comment_in(
        page, "published", article=article(page, 3), text=f"建议增加监督条款，电话{PHONE}。", **c
    )
    page.other = comment_in(page, "published", article=article(page, 3), text="建议细化。", **c)
    page.whole = comment_in(page, "published", text="建议整体压缩篇幅。", **c)
    page.pending = comment_in(
        page, "pending", article=article(page, 1), text="待审核的意见内容", **c
    )
    page.withheld = comment_in(
        page, "withheld:personal_data", article=article(page, 1), text="身份证号不应公开的意见", **c
    )
    page.off_topic = comment_in(page, "withheld:off_topic", text="与本办法无关的内容", **c)
    return page


def test_published_comments_appear_under_their_article_and_nothing_private_does(client, commented):
    html = html_of(client, commented)
    art3 = section(html, "art-3")
    assert "已公开意见2条" in art3 and "查看意见（2）" in art3
    assert commented.shown.number in art3 and commented.other.number in art3
    assert "王先生" in art3 and "2026年3月2日" in art3
    assert "建议增加监督条款，电话" in art3 and "×××" in art3
    assert PHONE not in html  # the text as written is never shown, only its masked public text
    assert CONTACT not in html
    for hidden in (commented.pending, commented.withheld, commented.off_topic):
        assert hidden.text not in html and hidden.number not in html
    art1 = section(html, "art-1")
    assert "已公开意见0条" in art1 and "<details" not in art1
    assert "<h2" in html and html.count("<h1") == 1
    assert "起草说明" in html and "依据《条例》起草。" in html
    assert 'id="art-2"' in html and 'href="#art-3"' in html


def test_comments_on_the_whole_draft_come_first_in_their_own_section(client, commented):
    html = html_of(client, commented)
    whole = section(html, "whole-draft")
    assert "对征求意见稿整体的意见" in whole
    assert commented.whole.number in whole and "建议整体压缩篇幅。" in whole
    assert html.index('id="whole-draft"') < html.index('id="art-1"')
    assert commented.whole.number not in section(html, "art-3")


def test_a_withdrawn_article_with_comments_is_listed_after_the_current_ones(
    client, office, editor, time_machine
):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    kept = comment_in(
        page, "published", article=article(page, 4), text="施行日期过早。", moderator=editor
    )
    consultation_republish(
        page,
        draft_text="\n".join(line for line in page.draft_text.splitlines() if "第四条" not in line),
    )
    html = html_of(client, page)
    gone = section(html, "art-4")
    assert "（已从征求意见稿中删除）" in gone
    assert kept.number in gone and "施行日期过早。" in gone
    assert html.index('id="art-3"') < html.index('id="art-4"')


@pytest.fixture
def concluded(office, editor, reviewer, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office, **CHANNELS)
    c = dict(moderator=editor)
    page.adopted = comment_in(
        page, "published", article=article(page, 1), disposition="adopted", **c
    )
    comment_in(page, "published", article=article(page, 4), disposition="adopted", **c)
    page.partly = comment_in(
        page,
        "published",
        article=article(page, 4),
        disposition="partly",
        reason="施行日期已推迟",
        **c,
    )
    page.private = comment_in(
        page,
        "withheld:personal_data",
        article=article(page, 4),
        text=f"我叫张三，电话{PHONE}，建议推迟施行。",
        disposition="not_adopted",
        reason="已另有规定",
        **c,
    )
    comment_in(page, "withheld:off_topic", article=article(page, 1), **c)
    time_machine.move_to(CLOSED_DAY, tick=False)
    final = publish_document(
        office,
        title="甘肃省政务公开办法",
        doc_type="rule",
        doc_number="甘肃省人民政府令第9号",
        body=FINAL_BODY,
    )
    consultation_feedback_publish(page, user=reviewer, final_document=final, summary=SUMMARY)
    page.refresh_from_db()
    page.final = final
    return page


def test_the_concluded_page_shows_the_tally_reasons_link_and_comparison(client, concluded):
    html = html_of(client, concluded)
    assert '">已反馈</strong>' in html and 'href="#feedback"' in html
    assert "提交意见的方式" not in html
    feedback = html[html.index('id="feedback"') :]
    assert SUMMARY in feedback
    assert f'href="{concluded.final.url}"' in feedback and "甘肃省人民政府令第9号" in feedback
    rows = {
        text_of(row.split("</th>")[0]): re.findall(r"<td>(\d+)</td>", row)
        for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", feedback)
    }
    assert rows == {
        "第一条": ["1", "1", "0", "0"],
        "第四条": ["3", "1", "1", "1"],
        "合计": ["4", "2", "1", "1"],
    }
    assert "<caption>" in feedback and '<th scope="col">部分采纳</th>' in feedback

    art4 = section(html, "art-4")
    assert "已公开意见2条，另有1条因含有个人信息不予公开" in text_of(art4)
    assert "查看意见及采纳情况（3）" in art4
    assert "采纳情况：<strong>部分采纳</strong><br>理由：施行日期已推迟" in art4
    assert "（该意见含个人信息，内容不予公开）" in art4 and "理由：已另有规定" in art4
    assert concluded.private.number in art4
    assert PHONE not in html and "张三" not in html and CONTACT not in html
    assert "采纳情况：<strong>采纳</strong>" in section(html, "art-1")

    compare = feedback[feedback.index('id="h-compare"') :]
    assert "征求意见稿与正式文件对照" in compare
    assert "<ins>提高行政透明度，</ins>" in compare
    assert "<del>6</del>" in compare and "<ins>9</ins>" in compare
    assert "其余2条未作修改" in compare


def test_a_comment_is_escaped(client, office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    comment = workflow.comment_register(
        page,
        user=editor,
        channel="letter",
        received_on=OPENS,
        text="<script>alert(1)</script>建议<b>加粗</b>",
        contact=CONTACT,
        name="<i>李</i>",
        article=article(page, 2),
    )
    workflow.comment_publish(comment, user=editor)
    html = html_of(client, page)
    assert "<script>alert" not in html and "<b>加粗" not in html and "<i>李" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;建议&lt;b&gt;加粗&lt;/b&gt;" in section(
        html, "art-2"
    )
