"""The mailbox's public pages, part one (docs/mailbox.md "Public pages"): choosing a body, the
letter form (Chinese errors, everything typed kept, the honeypot), the receipt with the number
and the query code shown once, and the throttles per address and per contact."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gongkai.core.dates import cn_date
from gongkai.core.models import Throttle
from gongkai.participation import letter_workflow as flow
from gongkai.participation import views_letters_public as views
from gongkai.participation.forms_letters_public import MSG_HONEYPOT, MSG_SUMMARY
from gongkai.participation.letter_throttles import LETTER_ADDRESS, LETTER_CONTACT
from gongkai.participation.models import Letter, LetterEvent, LetterStatus
from gongkai.participation.tests.letter_factories import WRITTEN

pytestmark = pytest.mark.django_db

SUBJECT = "关于老旧小区加装电梯补贴的咨询"
TEXT = "请问我市老旧小区加装电梯的补贴标准是多少？向哪个部门申请？"
PHONE = "13912345678"


def write_url(body) -> str:
    return f"/mailbox/{body.code}/write/"


def data(**overrides) -> dict:
    values = {
        "mailbox": "leader",
        "category": "inquiry",
        "subject": SUBJECT,
        "text": TEXT,
        "name": "张三丰",
        "phone": PHONE,
        "email": "zhang@example.com",
        "address": "兰州市城关区某某路1号",
        "consent_to_publish": "on",
        "website": "",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def page_text(response) -> str:
    return htmllib.unescape(response.content.decode())


def main_part(response) -> str:
    return page_text(response).split('id="main"', 1)[1]


def at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def limits(settings, **scopes: str) -> None:
    """Only the letter throttles, with these limits; every other one as configured."""
    settings.GONGKAI_THROTTLES = {
        **settings.GONGKAI_THROTTLES,
        LETTER_ADDRESS: scopes.get("address", "off"),
        LETTER_CONTACT: scopes.get("contact", "off"),
    }


@pytest.fixture
def written(time_machine):
    time_machine.move_to(WRITTEN, tick=False)


# --- Choosing a body ---------------------------------------------------------------------------


def test_the_index_lists_the_bodies_by_level_with_their_forms_and_the_other_pages(
    client, office, city
):
    response = client.get("/mailbox/")
    assert response.status_code == 200
    body = page_text(response)
    assert "<h1>领导信箱</h1>" in body
    assert f'href="{write_url(office)}"' in body and f'href="{write_url(city)}"' in body
    assert 'class="body-group-label"' in body
    for url in ("/mailbox/track/", "/mailbox/letters/", "/mailbox/statistics/"):
        assert f'href="{url}"' in body
    assert "信访工作条例" in body and "行政复议" in body
    # The site's navigation leads here, beside 意见征集.
    nav = body.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav.index("意见征集") < nav.index('href="/mailbox/">领导信箱')


def test_an_unknown_body_has_no_form(client):
    assert client.get("/mailbox/no-such-body/write/").status_code == 404
    assert client.post("/mailbox/no-such-body/write/", data()).status_code == 404
    assert Letter.objects.count() == 0


def test_the_form_shows_every_field_uncached_with_the_statutory_channels(client, office):
    response = client.get(write_url(office))
    assert response.status_code == 200
    body = page_text(response)
    assert "<h1>写信</h1>" in body and office.name in body
    for label in ("信箱", "领导信箱", "部门信箱", "来信类别", "咨询", "建议", "投诉", "求助"):
        assert label in body
    for label in ("标题", "来信内容", "姓名", "联系电话", "电子邮箱（选填）", "通信地址（选填）"):
        assert f">{label}<" in body
    assert "同意公开" in body and "姓名只显示第一个字" in body
    assert "信访工作条例" in body and "诉讼、仲裁、行政复议" in body
    assert 'name="csrfmiddlewaretoken"' in body and 'name="website"' in body
    assert re.search(r'value="leader"[^>]*checked', body)  # 领导信箱 unless chosen otherwise
    assert "max-age=0" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "<script>" not in body  # CSP: no inline script


# --- Wrongly filled ----------------------------------------------------------------------------


def test_a_wrongly_filled_letter_comes_back_with_chinese_errors_and_everything_typed(
    client, office
):
    typed = data(
        mailbox="department",
        category=None,
        subject="",
        phone="找我就行",
        email="zhang@",
        address="兰州市七里河区某某街2号",
    )
    response = client.post(write_url(office), typed)

    assert response.status_code == 200
    body = page_text(response)
    assert "<title>错误：写信" in body
    assert 'id="error-summary" tabindex="-1" autofocus' in body
    assert MSG_SUMMARY in body and "您已填写的内容都已保留" in body
    for message in (
        flow.MSG_CATEGORY_INVALID,
        flow.MSG_SUBJECT_REQUIRED,
        flow.MSG_PHONE_INVALID,
        flow.MSG_EMAIL_INVALID,
    ):
        assert message in body
    # The summary links to the fields (a radio group: its first button).
    assert 'href="#id_category_0"' in body and 'href="#id_subject"' in body
    # Everything typed is kept.
    assert TEXT in body
    for value in ("张三丰", "找我就行", "zhang@", "兰州市七里河区某某街2号"):
        assert f'value="{value}"' in body
    assert re.search(r'value="department"[^>]*checked', body)
    assert re.search(r'name="consent_to_publish"[^>]*checked', body)
    assert Letter.objects.count() == 0


def test_a_text_too_long_says_how_long_it_is(client, office):
    response = client.post(write_url(office), data(text="字" * (flow.TEXT_MAX_LENGTH + 3)))
    body = page_text(response)
    assert (
        f"来信内容不能超过{flow.TEXT_MAX_LENGTH}字（您输入了{flow.TEXT_MAX_LENGTH + 3}字）" in body
    )
    assert Letter.objects.count() == 0


def test_the_honeypot_stores_nothing(client, office):
    response = client.post(write_url(office), data(website="http://spam.example"))
    assert response.status_code == 200 and MSG_HONEYPOT in page_text(response)
    assert Letter.objects.count() == 0


def test_the_workflows_field_errors_land_beside_their_fields(client, office, monkeypatch):
    def refuse(body, **fields):
        raise ValidationError({"phone": "电话号码不对", "elsewhere": "另一个问题"})

    monkeypatch.setattr(views, "letter_submit", refuse)
    response = client.post(write_url(office), data())
    body = page_text(response)
    assert response.status_code == 200
    assert 'id="id_phone_error"' in body and "电话号码不对" in body and "另一个问题" in body
    assert f'value="{PHONE}"' in body


# --- Submitting and the receipt ----------------------------------------------------------------


def test_a_letter_is_stored_and_the_receipt_shows_the_number_and_the_code_once(
    client, office, written
):
    response = client.post(write_url(office), data(phone="１３９１２３４５６７８"))
    assert response.status_code == 302 and response["Location"] == "/mailbox/receipt/"

    letter = Letter.objects.get()
    assert (letter.body, letter.first_body, letter.status) == (
        office,
        office,
        LetterStatus.RECEIVED,
    )
    assert (letter.mailbox, letter.category, letter.subject, letter.text) == (
        "leader",
        "inquiry",
        SUBJECT,
        TEXT,
    )
    assert (letter.name, letter.phone, letter.email) == ("张三丰", PHONE, "zhang@example.com")
    assert letter.consent_to_publish is True
    assert LetterEvent.objects.filter(letter=letter).count() == 1

    receipt = client.get("/mailbox/receipt/")
    assert receipt.status_code == 200
    body = page_text(receipt)
    code = re.search(r'id="query-code">([A-Z0-9]+)<', body)[1]
    assert letter.query_code_check(code)
    assert f'id="letter-number">{letter.number}<' in body
    assert "查询码只在本页显示这一次" in body
    assert cn_date(letter.due_on) == "2026年3月17日" and "2026年3月17日" in body
    assert "2026年3月10日" in body and 'href="/mailbox/track/"' in body
    assert "max-age=0" in receipt["Cache-Control"] or "no-cache" in receipt["Cache-Control"]

    # A reload keeps the number; the code is not shown again, nor kept in the session.
    again = page_text(client.get("/mailbox/receipt/"))
    assert f'id="letter-number">{letter.number}<' in again
    assert code not in again and "不再显示" in again
    assert client.session[views.RECEIPT_KEY] == {"letter": letter.pk, "code": None}


def test_without_consent_the_receipt_says_it_will_not_be_published(client, office):
    client.post(write_url(office), data(consent_to_publish=None, email="", address=""))
    letter = Letter.objects.get()
    assert letter.consent_to_publish is False and letter.email == "" and letter.address == ""
    assert "不同意：来信和答复不公开" in page_text(client.get("/mailbox/receipt/"))


def test_another_browser_has_no_receipt(client, office):
    client.post(write_url(office), data())
    response = Client().get("/mailbox/receipt/")
    assert response.status_code == 404
    assert "没有可显示的来信回执" in page_text(response)
    assert Letter.objects.get().number not in page_text(response)


# --- Throttles ---------------------------------------------------------------------------------


def test_too_many_letters_from_one_address_keep_everything_typed_and_store_nothing(
    office, settings
):
    limits(settings, address="2/h")
    browser = at("203.0.113.10")
    for n in range(2):
        assert browser.post(write_url(office), data(phone=f"1391234{n:04d}")).status_code == 302
    held = browser.session.get(views.RECEIPT_KEY)

    typed = data(subject="路灯不亮", text="某某路的路灯已经一个月不亮了。", phone="13900000009")
    response = browser.post(write_url(office), typed)

    assert response.status_code == 429
    body = page_text(response)
    assert "来信未提交：" in body and "本次来信未提交" in body
    assert "您填写的内容都已保留" in body and "修改后重新提交即可" not in body
    assert "某某路的路灯已经一个月不亮了。" in body
    for value in ("路灯不亮", "13900000009", "张三丰", "zhang@example.com"):
        assert f'value="{value}"' in body
    assert re.search(r'value="inquiry"[^>]*checked', body)
    assert Letter.objects.count() == 2
    assert browser.session.get(views.RECEIPT_KEY) == held
    # Another address is not affected.
    assert at("203.0.113.11").post(write_url(office), data()).status_code == 302


def test_too_many_letters_with_one_contact_are_refused_from_any_address(office, settings):
    limits(settings, contact="1/h")
    assert at("203.0.113.20").post(write_url(office), data(email="")).status_code == 302
    response = at("203.0.113.21").post(write_url(office), data(phone="+86 139-1234-5678", email=""))
    assert response.status_code == 429 and TEXT in page_text(response)
    # The e-mail address counts as a contact of its own.
    first = data(phone="13800000001", email="li@example.invalid")
    assert at("203.0.113.22").post(write_url(office), first).status_code == 302
    second = data(phone="13800000002", email="LI@example.invalid")
    assert at("203.0.113.23").post(write_url(office), second).status_code == 429
    assert Letter.objects.count() == 2
    assert Throttle.objects.filter(scope=LETTER_CONTACT).exists()


def test_a_wrong_letter_is_not_counted(office, settings):
    limits(settings, address="1/h")
    browser = at("203.0.113.30")
    assert browser.post(write_url(office), data(subject="")).status_code == 200
    assert browser.post(write_url(office), data()).status_code == 302
