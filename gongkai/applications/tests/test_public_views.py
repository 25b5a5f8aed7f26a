"""The public pages of 依申请公开 as the applicant uses them: apply, receipt, track, withdraw."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import Client

from gongkai.applications import workflow
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.forms_public import MSG_CONSENT, MSG_HONEYPOT, MSG_TRACKING_FAILED
from gongkai.applications.models import (
    MSG_CONTACT_PERSON_REQUIRED,
    MSG_CONTACT_REQUIRED,
    MSG_CREDIT_CODE_INVALID,
    MSG_ID_NUMBER_INVALID,
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
    id_number,
    organisation_data,
)
from gongkai.applications.views import public
from gongkai.workdays.selectors import calendar_current

FORM = "/apply/gs-bgt/"
RECEIPT = "/apply/receipt/"
TRACK = "/apply/track/"


@pytest.fixture(autouse=True)
def _no_failed_lookups_left_over():
    # The brake on guessing counts per address in the process-wide cache.
    cache.clear()
    yield
    cache.clear()


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
    assert "novalidate" in page  # the server's Chinese messages, not the browser's bubbles


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
            MSG_ID_NUMBER_INVALID,
            id="wrong-id-check-digit",
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
            MSG_CREDIT_CODE_INVALID,
            id="wrong-credit-code-check",
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
            "电子邮箱格式不正确",
            id="bad-email",
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
    assert f'<p class="field-error" id="id_{field}_error">' in page
    error = re.search(rf'id="id_{field}_error">([^<]*)<', page)[1]
    assert message in error
    assert "申请未提交，请修改以下内容后重新提交" in page
    assert f'href="#id_{field}' in page
    assert re.search(rf'<(input|select|textarea)[^>]*aria-describedby="[^"]*id_{field}_error', page)
    assert page.count(message) >= 2  # summary + beside the field
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
    assert re.search(r'id="id_postcode_error">邮政编码与通信地址不符<', page)
    assert "其他问题" in page  # a message without a field of the form: in the summary
    assert Application.objects.count() == 0


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
    workflow.application_decide(app, user=clerk, decision=DecisionCode.DISCLOSED)
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
    assert "请填写申请编号" in page and "请填写查询码" in page


def test_too_many_failed_lookups_are_refused_for_a_while(citizen, office, monkeypatch):
    monkeypatch.setattr(public, "TRACKING_FAILURES_PER_HOUR", 2)
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
    assert MSG_TRACKING_FAILED in wrong
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
