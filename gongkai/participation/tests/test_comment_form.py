"""The public comment form of a consultation (意见征集): shown only while the consultation is open,
every typed value kept on a mistake, one pending comment and its number on the receipt, the
throttles per address and per contact, and the contact never on the public page."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.test import Client

from gongkai.core.models import Throttle
from gongkai.participation import comment_workflow as workflow
from gongkai.participation.forms_public import MSG_CONSENT, MSG_SUMMARY_THROTTLED
from gongkai.participation.models import Comment, CommentChannel, CommentEvent, CommentStatus
from gongkai.participation.tests.factories import (
    CLOSED_DAY,
    OPEN_DAY,
    article,
    consultation_make,
)
from gongkai.participation.views_public import RECEIPT_KEY

pytestmark = pytest.mark.django_db

TEXT = "建议第四条的施行日期推迟至2026年9月1日，给各级行政机关留出准备时间。"
PHONE = "13912345678"


def form_url(page) -> str:
    return f"/participation/consultations/{page.pk}/comment/"


def receipt_url(page) -> str:
    return f"/participation/consultations/{page.pk}/comment/receipt/"


def data(**overrides) -> dict:
    values = {
        "article": "",
        "text": TEXT,
        "name": "李女士",
        "contact": PHONE,
        "consent": "on",
        "website": "",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def page_text(response) -> str:
    return htmllib.unescape(response.content.decode())


def at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def limits(settings, **scopes: str) -> None:
    """Only the comment throttles, with these limits; every other one as configured."""
    settings.GONGKAI_THROTTLES = {
        **settings.GONGKAI_THROTTLES,
        "comment-address": scopes.get("address", "off"),
        "comment-contact": scopes.get("contact", "off"),
    }


@pytest.fixture
def open_page(office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    return consultation_make(office)


# --- Open, upcoming, closed, not live ----------------------------------------------------------------


def test_an_open_consultation_shows_the_form_uncached(client, open_page):
    response = client.get(form_url(open_page))
    assert response.status_code == 200
    body = page_text(response)
    assert "<h1>提出意见</h1>" in body and open_page.title in body
    assert "意见所针对的条文" in body and "对征求意见稿整体" in body
    assert "第四条　本办法自2026年6月1日起施行。" in body  # label and the start of the text
    assert "仅供工作人员联系，不予公开" in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # The help text and the errors are tied to the controls.
    assert 'aria-describedby="id_text_helptext"' in body


@pytest.mark.parametrize(
    ("moment", "heading"),
    [("2026-02-20T10:00+08:00", "征求意见尚未开始"), (CLOSED_DAY, "征求意见已截止")],
)
def test_a_consultation_not_open_says_so_with_its_dates_and_no_form(
    client, office, time_machine, moment, heading
):
    time_machine.move_to(moment, tick=False)
    page = consultation_make(office)
    for response in (client.get(form_url(page)), client.post(form_url(page), data())):
        assert response.status_code == 200
        body = page_text(response)
        assert f"<h1>{heading}</h1>" in body
        assert "2026年3月2日" in body and "2026年4月1日" in body
        assert "<form" not in body.split('id="main"')[1]
    assert Comment.objects.count() == 0


def test_a_consultation_not_published_is_not_found(client, office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office, publish=False)
    for response in (client.get(form_url(page)), client.post(form_url(page), data())):
        assert response.status_code == 404
        assert "没有找到这项意见征集" in page_text(response)
    assert client.get("/participation/consultations/999999/comment/").status_code == 404
    assert Comment.objects.count() == 0


# --- Submitting -------------------------------------------------------------------------------------


def test_a_wrong_submission_keeps_every_value_and_says_what_is_wrong(client, open_page):
    art = article(open_page, 3)
    typed = data(text="   ", contact="找我就行", name="王先生", article=str(art.pk))
    response = client.post(form_url(open_page), typed)
    assert response.status_code == 200
    body = page_text(response)
    assert "提交未成功，请修改以下问题：" in body
    assert workflow.MSG_TEXT_REQUIRED in body
    assert "请填写有效的联系电话或电子邮箱" in body
    assert 'value="找我就行"' in body and 'value="王先生"' in body
    assert f'<option value="{art.pk}" selected>' in body
    assert re.search(r'<input[^>]*id="id_consent"[^>]*checked', body)
    assert 'aria-invalid="true"' in body
    assert "您已填写的内容都已保留" in body
    assert Comment.objects.count() == 0

    # A text typed, no consent: the text comes back as typed.
    response = client.post(form_url(open_page), data(consent=None))
    body = page_text(response)
    assert MSG_CONSENT in body and TEXT in body
    assert Comment.objects.count() == 0


def test_a_good_submission_creates_one_pending_comment_and_shows_its_number(client, open_page):
    art = article(open_page, 4)
    response = client.post(form_url(open_page), data(article=str(art.pk)))
    assert response.status_code == 302 and response["Location"] == receipt_url(open_page)
    comment = Comment.objects.get()
    assert (comment.status, comment.channel) == (CommentStatus.PENDING, CommentChannel.ONLINE)
    assert (comment.article, comment.text, comment.contact, comment.name) == (
        art,
        TEXT,
        PHONE,
        "李女士",
    )
    assert CommentEvent.objects.filter(comment=comment).count() == 1
    for _ in range(2):  # a reload shows it again
        receipt = client.get(receipt_url(open_page))
        assert receipt.status_code == 200
        body = page_text(receipt)
        assert re.fullmatch(r"YJ2026\d{6}", comment.number)
        assert comment.number in body and "意见编号" in body
        assert "隐去身份证号码、电话号码和电子邮箱" in body and "意见采纳情况" in body
        assert PHONE not in body
    assert "no-cache" in receipt["Cache-Control"] or "max-age=0" in receipt["Cache-Control"]
    # Another browser has no receipt.
    assert Client().get(receipt_url(open_page)).status_code == 404


def test_a_comment_on_the_whole_draft_has_no_article(client, open_page):
    assert client.post(form_url(open_page), data(contact="li@example.invalid")).status_code == 302
    assert Comment.objects.get().article is None


def test_the_article_in_the_address_is_preselected(client, open_page):
    art = article(open_page, 4)
    body = page_text(client.get(form_url(open_page) + "?article=art-4"))
    assert f'<option value="{art.pk}" selected>' in body
    body = page_text(client.get(form_url(open_page) + "?article=art-99"))
    assert 'value="" selected' in body


def test_an_article_of_another_consultation_is_refused(client, office, open_page):
    other = consultation_make(office, title="另一征求意见稿", key="art20-2")
    response = client.post(form_url(open_page), data(article=str(article(other, 2).pk)))
    assert response.status_code == 200
    assert workflow.MSG_ARTICLE_OTHER in page_text(response)
    assert Comment.objects.count() == 0


def test_the_honeypot_stores_nothing(client, open_page):
    response = client.post(form_url(open_page), data(website="http://spam.example"))
    assert response.status_code == 200 and "请勿填写" in page_text(response)
    assert Comment.objects.count() == 0


# --- Throttles --------------------------------------------------------------------------------------


def test_too_many_comments_from_one_address_keep_the_text_and_store_nothing(open_page, settings):
    limits(settings, address="2/h")
    browser = at("203.0.113.10")
    for n in range(2):
        contact = f"1391234{n:04d}"
        assert browser.post(form_url(open_page), data(contact=contact)).status_code == 302
    held = browser.session.get(RECEIPT_KEY)

    typed = data(text="第三条应当写明工作机制。", contact="13900000009", name="赵先生")
    response = browser.post(form_url(open_page), typed)

    assert response.status_code == 429
    body = page_text(response)
    assert MSG_SUMMARY_THROTTLED in body and "本次意见未提交" in body
    assert "您填写的内容都已保留" in body and "修改后重新提交即可" not in body
    assert "第三条应当写明工作机制。" in body and 'value="13900000009"' in body
    assert 'value="赵先生"' in body
    assert Comment.objects.count() == 2
    assert browser.session.get(RECEIPT_KEY) == held
    # Another address is not affected.
    assert at("203.0.113.11").post(form_url(open_page), data()).status_code == 302


def test_too_many_comments_with_one_contact_are_refused_from_any_address(open_page, settings):
    limits(settings, contact="1/h")
    assert at("203.0.113.20").post(form_url(open_page), data()).status_code == 302
    same = data(contact="+86 139-1234-5678")
    response = at("203.0.113.21").post(form_url(open_page), same)
    assert response.status_code == 429 and TEXT in page_text(response)
    email = data(contact="li@example.invalid")
    assert at("203.0.113.22").post(form_url(open_page), email).status_code == 302
    assert (
        at("203.0.113.23").post(form_url(open_page), data(contact="LI@example.invalid")).status_code
        == 429
    )
    assert Comment.objects.count() == 2
    assert Throttle.objects.filter(scope="comment-contact").exists()


def test_a_wrong_submission_is_not_counted(open_page, settings):
    limits(settings, address="1/h")
    browser = at("203.0.113.30")
    for _ in range(3):
        assert browser.post(form_url(open_page), data(text="")).status_code == 200
    assert browser.post(form_url(open_page), data()).status_code == 302


# --- The public page ----------------------------------------------------------------------------------


def test_the_page_links_to_the_form_and_never_shows_the_contact(client, open_page, editor):
    art = article(open_page, 4)
    assert client.post(form_url(open_page), data(article=str(art.pk))).status_code == 302
    html = page_text(client.get(open_page.url))
    assert f'href="{form_url(open_page)}"' in html and ">提出意见</a>" in html
    assert f'href="{form_url(open_page)}?article=art-4"' in html and "对本条提出意见" in html
    assert PHONE not in html and TEXT not in html  # pending: nothing shown
    workflow.comment_publish(Comment.objects.get(), user=editor)
    html = page_text(client.get(open_page.url))
    assert TEXT in html and "李女士" in html
    assert PHONE not in html


def test_a_closed_consultation_page_has_no_link_to_the_form(client, office, time_machine):
    time_machine.move_to(CLOSED_DAY, tick=False)
    page = consultation_make(office)
    html = page_text(client.get(page.url))
    assert form_url(page) not in html and "对本条提出意见" not in html
