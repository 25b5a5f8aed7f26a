"""The public pages of 依申请公开 as the applicant uses them: apply, receipt, track, withdraw."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client

from gongkai.applications import workflow
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.forms_public import (
    MSG_CASE_NUMBER,
    MSG_CONSENT,
    MSG_EMAIL,
    MSG_EMAIL_NO_AT,
    MSG_HONEYPOT,
    MSG_PHONE_CHARACTER,
    MSG_PHONE_TOO_SHORT,
    MSG_POSTCODE_CHARACTER,
    MSG_POSTCODE_LENGTH,
    MSG_QUERY_CODE,
    MSG_REQUIRED,
    MSG_SUMMARY_APPLY,
    MSG_SUMMARY_TRACK,
    MSG_SUMMARY_WITHDRAW,
    MSG_TRACKING_FAILED,
    MSG_WITHDRAW_CODE_WRONG,
)
from gongkai.applications.models import (
    MSG_CONTACT_PERSON_REQUIRED,
    MSG_CONTACT_REQUIRED,
    MSG_CREDIT_CODE_CHECK,
    MSG_CREDIT_CODE_LETTER_NOT_USED,
    MSG_ID_NUMBER_BIRTH_DATE,
    MSG_ID_NUMBER_CHECK,
    MSG_ID_NUMBER_LENGTH,
    MSG_ORGANISATION_WITH_PERSONAL_ID,
    Action,
    Application,
    ApplicationStatus,
    Delivery,
    IdType,
    Notice,
    NoticeKind,
    ProvisionForm,
)
from gongkai.applications.selectors import application_deadline
from gongkai.applications.tests.factories import (
    applicant_data,
    credit_code,
    decide_and_approve,
    id_number,
    organisation_data,
)
from gongkai.applications.views import public
from gongkai.workdays.selectors import calendar_current

FORM = "/apply/gs-bgt/"
RECEIPT = "/apply/receipt/"
TRACK = "/apply/track/"


def wrong_check(number: str) -> str:
    """The number with another check character: one typing mistake in the last place."""
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def form_data(data: dict | None = None, **overrides) -> dict:
    """What the browser posts: the applicant's fields, the form choices and the consent box."""
    posted = {
        **(data if data is not None else applicant_data()),
        "provision_form": ProvisionForm.ELECTRONIC,
        "delivery": Delivery.EMAIL,
        "consent": "on",
    }
    posted.update(overrides)
    return {k: v for k, v in posted.items() if v is not None}


def html(response) -> str:
    return response.content.decode()


def submit(client: Client, data: dict | None = None, **overrides):
    return client.post(FORM, form_data(data, **overrides))


def receipt_code(page: str) -> str:
    match = re.search(r'id="query-code">([0-9A-Z]+)<', page)
    assert match, "the receipt shows no query code"
    return match[1]


def apply_and_read_receipt(client: Client, data: dict | None = None) -> tuple[Application, str]:
    response = submit(client, data)
    assert response.status_code == 302 and response["Location"] == RECEIPT
    code = receipt_code(html(client.get(RECEIPT)))
    return Application.objects.latest("pk"), code


def track(client: Client, case_number: str, code: str):
    return client.post(TRACK, {"case_number": case_number, "query_code": code})


def field_error(page: str, field: str) -> str:
    """The message shown beside a field (after its hidden "错误：" for screen readers)."""
    match = re.search(
        rf'<p class="field-error" id="id_{field}_error">'
        r'<span class="visually-hidden">错误：</span>([^<]*)</p>',
        page,
    )
    assert match, f"no message beside {field}"
    return match[1]


class FormPage(HTMLParser):
    """What a browser would show of a form page: each control's attributes and value, and the
    error summary's links (href, text)."""

    def __init__(self, page: str):
        super().__init__()
        self.controls: dict[str, dict] = {}  # id → attributes (+ "value" of a textarea)
        self.selected: dict[str, str] = {}  # select name → the selected option's value
        self.summary: dict[str, str] = {}  # the error summary box's attributes
        self.summary_title = ""
        self.summary_links: list[tuple[str, str]] = []
        self._select = self._textarea = self._link = None
        self._in_title = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v if v is not None else "" for k, v in attrs}
        if attrs.get("id") == "error-summary":
            self.summary = attrs
        if attrs.get("id") == "error-summary-title":
            self._in_title = True
        if tag in ("input", "select", "textarea") and "id" in attrs:
            self.controls[attrs["id"]] = attrs
        if tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.selected[self._select] = attrs["value"]
        elif tag == "textarea":
            self._textarea = attrs
            attrs["value"] = ""
        elif tag == "a" and self.summary and attrs.get("href", "").startswith("#"):
            self._link = [attrs["href"], ""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "a" and self._link:
            self.summary_links.append(tuple(self._link))
            self._link = None
        elif tag == "h2":
            self._in_title = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data
        if self._link:
            self._link[1] += data
        if self._in_title:
            self.summary_title += data


# --- The form ----------------------------------------------------------------------------------


def test_the_form_renders_with_labels_fieldsets_and_the_legal_wording(citizen, office):
    response = citizen.client.get(FORM)
    page = html(response)
    assert response.status_code == 200
    assert "政府信息公开申请表" in page and office.name in page
    assert "csrfmiddlewaretoken" in page
    assert "第二十九条" in page and "便于行政机关查询的其他特征性描述" in page
    for field in ("applicant_name", "id_number", "phone", "description", "consent"):
        assert f'for="id_{field}"' in page
    assert "<legend>申请人信息</legend>" in page and "<legend>法人或其他组织</legend>" in page
    for label in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"):
        assert f">{label}</label>" in page
    assert 'aria-describedby="id_id_number_helptext"' in page
    # The server's Chinese messages, not the browser's bubbles; the attributes stay for assistive
    # technology and phone keyboards.
    assert re.search(r'<form method="post"[^>]*class="apply-form" novalidate>', page)
    assert re.search(r'<input type="text" name="applicant_name"[^>]*required', page)
    assert re.search(r'<input type="email" name="email"', page)
    assert 'id="error-summary"' not in page  # no summary before a submission


def test_a_valid_application_creates_one_case_and_redirects_to_the_receipt(citizen, office):
    response = submit(citizen.client)
    assert response.status_code == 302
    assert response["Location"] == RECEIPT  # never the code (nor the number) in the URL
    app = Application.objects.get()
    assert app.body == office and app.status == ApplicationStatus.REGISTERED
    assert app.channel == "online" and app.delivery == Delivery.EMAIL
    assert list(app.events.values_list("action", flat=True)) == [Action.SUBMIT]

    page = html(citizen.client.get(RECEIPT))
    assert app.case_number in page
    code = receipt_code(page)
    assert app.query_code_check(code)
    assert f"{app.received_on.year}年{app.received_on.month}月{app.received_on.day}日" in page
    due = application_deadline(app, calendar_current(provisional=True)).due
    assert f"{due.year}年{due.month}月{due.day}日" in page
    assert "第三十一条" in page and "打印回执" in page and 'href="/apply/track/"' in page


def test_the_query_code_is_shown_once(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    again = citizen.client.get(RECEIPT)
    page = html(again)
    assert again.status_code == 200
    assert app.case_number in page
    assert code not in page
    assert "查询码已在提交后显示过一次" in page
    assert code not in str(citizen.client.session.items())  # not kept once shown


def test_the_receipt_and_the_case_pages_are_not_cached(citizen, office):
    response = submit(citizen.client)
    assert "no-store" in citizen.client.get(RECEIPT)["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_without_a_submission_there_is_no_receipt(citizen):
    response = citizen.client.get(RECEIPT)
    assert response.status_code == 404
    assert "没有可显示的回执" in html(response)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        pytest.param(
            applicant_data(id_number=wrong_check(id_number())),
            "id_number",
            MSG_ID_NUMBER_CHECK,
            id="wrong-id-check-digit",
        ),
        pytest.param(
            applicant_data(id_number=id_number()[:17]),
            "id_number",
            MSG_ID_NUMBER_LENGTH.format(length=17),
            id="id-number-with-17-digits",
        ),
        pytest.param(
            applicant_data(id_number=id_number(birth="19900230")),
            "id_number",
            MSG_ID_NUMBER_BIRTH_DATE.format(found="19900230", year="1990", month="2", day="30"),
            id="id-number-born-on-30-february",
        ),
        pytest.param(
            applicant_data(description=""),
            "description",
            "请填写所需政府信息的名称或内容描述",
            id="missing-description",
        ),
        pytest.param(
            organisation_data(id_type=IdType.RESIDENT_ID, id_number=id_number()),
            "id_type",
            MSG_ORGANISATION_WITH_PERSONAL_ID,
            id="organisation-without-credit-code",
        ),
        pytest.param(
            organisation_data(id_number=wrong_check(credit_code())),
            "id_number",
            MSG_CREDIT_CODE_CHECK,
            id="wrong-credit-code-check",
        ),
        pytest.param(
            organisation_data(id_number="916201OO000000007Y"),
            "id_number",
            MSG_CREDIT_CODE_LETTER_NOT_USED.format(position=7, found="“O”", lookalike="数字 0"),
            id="credit-code-with-letter-O",
        ),
        pytest.param(
            organisation_data(contact_person=""),
            "contact_person",
            MSG_CONTACT_PERSON_REQUIRED,
            id="organisation-without-contact-person",
        ),
        pytest.param(
            applicant_data(phone="", email="", address=""),
            "phone",
            MSG_CONTACT_REQUIRED,
            id="no-way-to-reach-the-applicant",
        ),
        pytest.param(
            applicant_data(email="zhangsan-at-example"),
            "email",
            MSG_EMAIL_NO_AT,
            id="e-mail-without-at",
        ),
        pytest.param(
            applicant_data(email="zhangsan@example"),
            "email",
            MSG_EMAIL,
            id="e-mail-without-domain",
        ),
        pytest.param(
            applicant_data(phone="139 1234 5678，0931"),
            "phone",
            MSG_PHONE_CHARACTER.format(found="“,”"),  # the full-width comma, read as ","
            id="two-phone-numbers",
        ),
        pytest.param(
            applicant_data(phone="8888"),
            "phone",
            MSG_PHONE_TOO_SHORT.format(count=4),
            id="phone-too-short",
        ),
        pytest.param(
            applicant_data(postcode="73003"),
            "postcode",
            MSG_POSTCODE_LENGTH.format(count=5),
            id="postcode-with-5-digits",
        ),
        pytest.param(
            applicant_data(postcode="73oo30"),
            "postcode",
            MSG_POSTCODE_CHARACTER.format(position=3, found="“o”"),
            id="postcode-with-letters",
        ),
    ],
)
def test_an_invalid_application_shows_chinese_messages_keeps_everything_and_creates_nothing(
    citizen, office, data, field, message
):
    response = submit(citizen.client, data, purpose="研究老旧小区改造", fee_waiver_requested="on")
    page = html(response)
    assert response.status_code == 200
    assert Application.objects.count() == 0
    # Beside the field, tied to it for screen readers, and in the summary at the top.
    assert field_error(page, field) == message
    form = FormPage(page)
    assert form.summary_title == MSG_SUMMARY_APPLY
    assert (f"#id_{field}", message) in form.summary_links
    assert re.search(rf'<(input|select|textarea)[^>]*aria-describedby="[^"]*id_{field}_error', page)
    assert form.controls[f"id_{field}"]["aria-invalid"] == "true"
    # Every value typed is still there.
    for name in ("applicant_name", "phone", "email", "address", "postcode", "contact_person"):
        if data.get(name):
            assert f'value="{data[name]}"' in page
    if data["description"]:
        assert data["description"] in page
    assert "研究老旧小区改造" in page
    assert re.search(r'<input[^>]*name="fee_waiver_requested"[^>]*checked', page)
    assert re.search(r'<input[^>]*name="consent"[^>]*checked', page)
    assert re.search(rf'<input[^>]*value="{data["applicant_type"]}"[^>]*checked', page)
    assert re.search(r'<input[^>]*name="delivery" value="email"[^>]*checked', page)
    assert "<title>错误：" in page


def test_without_the_consent_nothing_is_submitted(citizen, office):
    page = html(submit(citizen.client, consent=None))
    assert MSG_CONSENT in page and Application.objects.count() == 0


def test_a_robot_filling_the_hidden_field_submits_nothing(citizen, office):
    page = html(submit(citizen.client, website="http://spam.example"))
    assert MSG_HONEYPOT in page and Application.objects.count() == 0


def test_the_services_messages_land_beside_their_fields(citizen, office, monkeypatch):
    def refuse(body, data):
        raise ValidationError({"postcode": "邮政编码与通信地址不符", "channel": "其他问题"})

    monkeypatch.setattr(public, "application_submit_online", refuse)
    page = html(submit(citizen.client))
    assert field_error(page, "postcode") == "邮政编码与通信地址不符"
    assert "其他问题" in page  # a message without a field of the form: in the summary
    assert Application.objects.count() == 0


def test_a_wrong_submission_shows_the_summary_first_and_keeps_every_value(citizen, office):
    typed = {
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_type": IdType.RESIDENT_ID,
        "id_number": "62010219900307123",
        "contact_person": "王会计",
        "phone": "0931-88",
        "email": "zhangsan.example.com",
        "address": "兰州市城关区某路1号",
        "postcode": "73003",
        "description": "",
        "document_reference": "甘政办发〔2022〕37号",
        "purpose": "了解本小区改造计划\n第二行",
        "provision_form": ProvisionForm.PAPER,
        "delivery": Delivery.POST,
        "fee_waiver_requested": "on",
        "consent": "on",
    }
    response = citizen.client.post(FORM, typed)
    assert response.status_code == 200 and Application.objects.count() == 0
    form = FormPage(html(response))

    # The summary comes first, takes the focus when the page loads, and lists every problem, in
    # the order of the fields, each a link to its field.
    assert form.summary["tabindex"] == "-1" and "autofocus" in form.summary
    assert form.summary_title == MSG_SUMMARY_APPLY
    assert form.summary_links == [
        ("#id_id_number", MSG_ID_NUMBER_LENGTH.format(length=17)),
        ("#id_phone", MSG_PHONE_TOO_SHORT.format(count=6)),
        ("#id_email", MSG_EMAIL_NO_AT),
        ("#id_postcode", MSG_POSTCODE_LENGTH.format(count=5)),
        ("#id_description", MSG_REQUIRED.format(label="所需政府信息的名称或内容描述")),
    ]
    for href, _ in form.summary_links:
        control = form.controls[href[1:]]
        assert control["aria-invalid"] == "true"
        assert f"{href[1:]}_error" in control["aria-describedby"].split()
    assert "aria-invalid" not in form.controls["id_applicant_name"]

    # Everything typed is still there, the wrong values too.
    for name in ("applicant_name", "id_number", "contact_person", "phone", "email", "address"):
        assert form.controls[f"id_{name}"]["value"] == typed[name], name
    assert form.controls["id_postcode"]["value"] == "73003"
    assert form.controls["id_document_reference"]["value"] == "甘政办发〔2022〕37号"
    assert form.controls["id_purpose"]["value"].strip() == "了解本小区改造计划\n第二行"
    assert form.controls["id_description"]["value"].strip() == ""
    assert form.selected["id_type"] == IdType.RESIDENT_ID
    checked = {k for k, attrs in form.controls.items() if "checked" in attrs}
    assert checked == {
        "id_applicant_type_0",
        f"id_provision_form_{[v for v, _ in ProvisionForm.choices].index('paper')}",
        f"id_delivery_{[v for v, _ in Delivery.choices].index('post')}",
        "id_fee_waiver_requested",
        "id_consent",
    }
    # The browser's own checks are off; the attributes that describe the fields are not.
    assert "required" in form.controls["id_applicant_name"]
    assert form.controls["id_email"]["type"] == "email"


def test_full_width_digits_and_grouping_spaces_are_read_as_meant(citizen, office):
    # A Chinese input method types ６２０１… and Ｘ; people group long numbers with spaces.
    wide = "".join(chr(ord(c) + 0xFEE0) for c in id_number())  # ６２０１０２…Ｘ
    data = applicant_data(
        id_number=f"{wide[:6]} {wide[6:14]}　{wide[14:]}",
        phone="１３９－１２３４－５６７８",
        postcode="７３００３０",
        email="ｚｈａｎｇｓａｎ＠example.invalid",
    )
    assert submit(citizen.client, data).status_code == 302
    app = Application.objects.get()
    assert app.id_number == id_number()
    assert (app.phone, app.postcode, app.email) == (
        "139-1234-5678",
        "730030",
        "zhangsan@example.invalid",
    )


def test_an_unknown_body_has_no_form_and_gets_a_chinese_404(citizen, office):
    response = citizen.client.get("/apply/no-such-body/")
    assert response.status_code == 404
    assert "页面不存在" in html(response)
    assert citizen.client.post("/apply/no-such-body/", form_data()).status_code == 404
    assert Application.objects.count() == 0


def test_the_body_home_page_links_to_its_form(client, office, city):
    page = html(client.get(office.home_page.url))
    assert re.search(r'<a href="/apply/gs-bgt/">依申请公开</a>', page)
    assert 'href="/apply/lanzhou/"' not in page


def test_the_choice_of_bodies_lists_every_body_with_its_form(client, office, city):
    page = html(client.get("/apply/"))
    for body in (office, city):
        assert f'<a href="/apply/{body.code}/">{body.name}</a>' in page


# --- Tracking ----------------------------------------------------------------------------------


def test_tracking_with_the_right_pair_shows_the_case_masked(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    stranger = Client()
    response = track(stranger, app.case_number, code.lower())  # case does not matter
    assert response.status_code == 302
    assert code not in response["Location"]
    page = html(stranger.get(response["Location"]))
    assert app.case_number in page and "已登记" in page and office.name in page
    assert app.masked_id_number in page and app.masked_phone in page
    assert app.id_number not in page and app.phone not in page
    assert code not in page
    assert "答复期限" in page and "答复期限是怎样计算的" in page
    assert "在线提交申请" in page  # the public timeline
    assert "暂无文书" in page
    assert f'href="/apply/track/{app.pk}/withdraw/"' in page


def test_a_paused_clock_reads_timing_paused(citizen, office, clerk):
    app, code = apply_and_read_receipt(citizen.client)
    workflow.application_request_clarification(app, user=clerk, items="请写明文件的名称或文号")
    page = html(citizen.client.get(track(citizen.client, app.case_number, code)["Location"]))
    assert "补正中" in page and "计时暂停" in page
    assert "告知补正" in page  # the step in the timeline


def test_a_decided_case_shows_the_decision_and_no_deadline(citizen, office, clerk):
    app, code = apply_and_read_receipt(citizen.client)
    workflow.application_accept(app, user=clerk)
    decide_and_approve(app, user=clerk, decision=DecisionCode.DISCLOSED)
    page = html(citizen.client.get(track(citizen.client, app.case_number, code)["Location"]))
    assert "已决定" in page and '<h2 id="h-decision">办理结果</h2>' in page
    assert "予以公开" in page and "答复期限是怎样计算的" not in page
    assert "撤回申请" not in page


def test_tracking_is_a_post_and_ignores_a_code_in_the_url(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    stranger = Client()
    response = stranger.get(TRACK, {"case_number": app.case_number, "query_code": code})
    page = html(response)
    assert response.status_code == 200
    assert f'value="{app.case_number}"' not in page and "已登记" not in page
    assert stranger.get(f"/apply/track/{app.pk}/").status_code == 302


@pytest.mark.parametrize("wrong", ["wrong-code", "someone-elses-number", "unknown-number"])
def test_a_wrong_pair_gives_one_generic_message(citizen, office, wrong):
    mine, my_code = apply_and_read_receipt(citizen.client)
    theirs, _ = apply_and_read_receipt(Client(), applicant_data(applicant_name="李四"))
    number, code = {
        "wrong-code": (mine.case_number, "ABCDEFGHJK"),
        "someone-elses-number": (theirs.case_number, my_code),
        "unknown-number": (mine.case_number + "9", my_code),
    }[wrong]
    stranger = Client()
    response = track(stranger, number, code)
    page = html(response)
    assert response.status_code == 200
    assert MSG_TRACKING_FAILED in page
    assert "李四" not in page and "张三" not in page and "已登记" not in page
    assert stranger.get(f"/apply/track/{theirs.pk}/").status_code == 302


def test_an_empty_tracking_form_asks_for_both_values(client, db):
    page = html(client.post(TRACK, {}))
    form = FormPage(page)
    assert form.summary_title == MSG_SUMMARY_TRACK and "autofocus" in form.summary
    assert form.summary_links == [
        ("#id_case_number", MSG_CASE_NUMBER),
        ("#id_query_code", MSG_QUERY_CODE),
    ]
    assert field_error(page, "case_number") == MSG_CASE_NUMBER
    assert re.search(r'<form method="post"[^>]*novalidate>', page)


def test_a_failed_lookup_keeps_what_was_typed(client, db):
    page = html(track(client, "GK-2026-00001", "ABCDEFGHJK"))
    form = FormPage(page)
    assert MSG_TRACKING_FAILED in page and form.summary_title == MSG_SUMMARY_TRACK
    assert form.controls["id_case_number"]["value"] == "GK-2026-00001"


def test_too_many_failed_lookups_are_refused_for_a_while(citizen, office, settings):
    settings.GONGKAI_THROTTLES = {**settings.GONGKAI_THROTTLES, "track-address": "2/h"}
    app, code = apply_and_read_receipt(citizen.client)
    for _ in range(2):
        assert MSG_TRACKING_FAILED in html(track(Client(), app.case_number, "ABCDEFGHJK"))
    page = html(track(Client(), app.case_number, code))
    assert "查询失败次数过多" in page and "已登记" not in page


def test_ending_the_lookup_forgets_the_case(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    track(citizen.client, app.case_number, code)
    assert citizen.client.get(f"/apply/track/{app.pk}/").status_code == 200
    citizen.client.post("/apply/track/end/")
    assert citizen.client.get(f"/apply/track/{app.pk}/").status_code == 302


# --- Documents of the case -----------------------------------------------------------------------


def _notice(app, kind=NoticeKind.RECEIPT, **fields):
    fields.setdefault("title", "政府信息公开申请受理回执")
    fields.setdefault(
        "body_text", "张三：\n您的政府信息公开申请已收到。\n甘肃省人民政府办公厅\n2026年11月26日"
    )
    return Notice.objects.create(application=app, kind=kind, **fields)


def test_notice_downloads_need_a_lookup_of_that_case_in_this_session(citizen, office):
    mine, my_code = apply_and_read_receipt(citizen.client)
    theirs, _ = apply_and_read_receipt(Client(), applicant_data(applicant_name="李四"))
    my_notice, their_notice = _notice(mine), _notice(theirs)

    anonymous = Client()
    refused = anonymous.get(f"/apply/track/notice/{my_notice.pk}.docx")
    assert refused.status_code == 403 and "请先输入申请编号和查询码" in html(refused)

    track(citizen.client, mine.case_number, my_code)
    assert citizen.client.get(f"/apply/track/notice/{their_notice.pk}.docx").status_code == 403
    missing = citizen.client.get("/apply/track/notice/999999.docx")
    assert missing.status_code == 403  # the same answer: nothing told about other ids

    response = citizen.client.get(f"/apply/track/notice/{my_notice.pk}.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]


def test_the_case_page_lists_the_applicants_documents_only(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    _notice(app, number="甘办公开受〔2026〕1号")
    _notice(app, kind=NoticeKind.THIRD_PARTY, title="征求第三方意见书", body_text="某公司：\n…")
    third_party = Notice.objects.get(kind=NoticeKind.THIRD_PARTY)
    response = track(citizen.client, app.case_number, code)
    page = html(citizen.client.get(response["Location"]))
    assert "政府信息公开申请受理回执" in page and "甘办公开受〔2026〕1号" in page
    assert f"/apply/track/notice/{Notice.objects.get(kind='receipt').pk}.pdf" in page
    assert "征求第三方意见书" not in page
    assert citizen.client.get(f"/apply/track/notice/{third_party.pk}.pdf").status_code == 403


def test_a_stored_file_is_served_as_it_is(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    notice = _notice(app)
    notice.pdf.save("receipt.pdf", ContentFile(b"%PDF-1.4 stored"), save=True)
    track(citizen.client, app.case_number, code)
    response = citizen.client.get(f"/apply/track/notice/{notice.pk}.pdf")
    assert response.status_code == 200 and response.content == b"%PDF-1.4 stored"
    assert response["Content-Type"] == "application/pdf"


def test_a_notice_without_a_stored_file_is_rendered_as_pdf(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    notice = _notice(app)
    track(citizen.client, app.case_number, code)
    response = citizen.client.get(f"/apply/track/notice/{notice.pk}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_receipt_letter_issued_on_submission_can_be_downloaded(
    citizen, office, django_capture_on_commit_callbacks
):
    # The letters are issued by a workflow hook after the commit (notice_issue.py).
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(citizen.client)
    assert response.status_code == 302
    app = Application.objects.get()
    code = receipt_code(html(citizen.client.get(RECEIPT)))
    letter = Notice.objects.get(application=app, kind=NoticeKind.RECEIPT)
    page = html(citizen.client.get(track(citizen.client, app.case_number, code)["Location"]))
    assert letter.title in page
    response = citizen.client.get(f"/apply/track/notice/{letter.pk}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_an_unknown_download_type_is_a_chinese_404(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    notice = _notice(app)
    track(citizen.client, app.case_number, code)
    response = citizen.client.get(f"/apply/track/notice/{notice.pk}.exe")
    assert response.status_code == 404 and "页面不存在" in html(response)


# --- Withdrawal --------------------------------------------------------------------------------


def test_the_applicant_withdraws_from_the_tracking_page_after_confirming(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    track(citizen.client, app.case_number, code)
    withdraw = f"/apply/track/{app.pk}/withdraw/"
    confirm = html(citizen.client.get(withdraw))
    assert "撤回后受理机关将终止办理本申请" in confirm and "确认撤回" in confirm

    wrong = html(citizen.client.post(withdraw, {"query_code": "ABCDEFGHJK"}))
    assert field_error(wrong, "query_code") == MSG_WITHDRAW_CODE_WRONG
    assert FormPage(wrong).summary_links == [("#id_query_code", MSG_WITHDRAW_CODE_WRONG)]
    assert FormPage(wrong).summary_title == MSG_SUMMARY_WITHDRAW
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REGISTERED

    response = citizen.client.post(withdraw, {"query_code": code, "reason": "已从别处获得"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.WITHDRAWN
    event = app.events.get(action=Action.WITHDRAW)
    assert event.actor is None and event.data == {"by": "applicant"}
    page = html(citizen.client.get(response["Location"]))
    assert "您的申请已撤回" in page and "已撤回" in page
    assert "其他处理：其他" in page  # the decision, shown to the applicant
    assert withdraw not in page  # a closed case offers no withdrawal
    again = html(citizen.client.get(withdraw))
    assert "不能撤回" in again


def test_withdrawing_needs_a_lookup_first(citizen, office):
    app, code = apply_and_read_receipt(citizen.client)
    stranger = Client()
    response = stranger.post(f"/apply/track/{app.pk}/withdraw/", {"query_code": code})
    assert response.status_code == 302 and response["Location"] == TRACK
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REGISTERED
