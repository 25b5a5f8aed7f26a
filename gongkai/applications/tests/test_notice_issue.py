"""The letters each action sends: issued after the commit, numbered per body and year, worded for
the decision, stored with the case and downloadable only by the case's own staff."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time
from io import BytesIO
from zoneinfo import ZoneInfo

import docx
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from pypdf import PdfReader

from gongkai.applications import workflow
from gongkai.applications.decisions import REMEDY_NOTICE, DecisionCode
from gongkai.applications.models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    FeeMethod,
    Notice,
    NoticeKind,
    NoticeTemplate,
    OpinionKind,
)
from gongkai.applications.notice_issue import (
    MSG_NEW_DUE_UNKNOWN,
    events_missing_notice,
    notice_issue,
    notice_regenerate,
)
from gongkai.applications.notices import default_template
from gongkai.applications.services import application_submit_online
from gongkai.applications.tests.factories import decide_and_approve, register_case
from gongkai.testing.personas import PASSWORD

TZ = ZoneInfo("Asia/Shanghai")
NUMBER = re.compile(r"^甘肃省人民政府办公厅依申请〔(\d{4})〕(\d+)号$")


@pytest.fixture
def at(time_machine):
    def move(day: date, hour: int = 10) -> None:
        time_machine.move_to(datetime.combine(day, time(hour), tzinfo=TZ), tick=False)

    move(date(2024, 10, 8))  # a Tuesday
    return move


@pytest.fixture
def hooks(django_capture_on_commit_callbacks):
    """Run the after-commit hooks (letters) of what happens inside, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def last_event(app: Application) -> ApplicationEvent:
    return app.events.order_by("-at", "-pk").first()


def letter_of(event: ApplicationEvent) -> Notice:
    return Notice.objects.get(event=event)


def serial(notice: Notice) -> tuple[int, int]:
    match = NUMBER.match(notice.number)
    assert match, notice.number
    return int(match[1]), int(match[2])


def test_registering_issues_the_receipt(at, hooks, office, clerk):
    with hooks():
        app, _ = register_case(clerk, office)
    receipt = letter_of(last_event(app))
    assert receipt.kind == NoticeKind.RECEIPT
    assert receipt.title == "政府信息公开申请受理回执"
    assert serial(receipt) == (2024, 1)
    assert app.case_number in receipt.body_text
    assert "收到您通过当面递交方式提交的" in receipt.body_text
    # The due date stated is the one the deadline rules give: 20 working days after 8 October (Sat 12 October is a make-up working day).
    assert "2024年11月4日前答复" in receipt.body_text
    assert receipt.created_by == clerk


def test_an_online_submission_issues_the_receipt_too(at, hooks, office, citizen):
    with hooks():
        app, _ = application_submit_online(office, citizen.data)
    receipt = letter_of(last_event(app))
    assert receipt.kind == NoticeKind.RECEIPT
    assert "收到您通过互联网渠道提交的政府信息公开申请" in receipt.body_text
    assert receipt.created_by is None


def test_each_step_issues_its_letter(at, hooks, office, city, clerk, office_head):
    with hooks():
        app, _ = register_case(clerk, office)
    with hooks():
        workflow.application_request_clarification(
            app, user=clerk, items="1. 请写明文件的年度\n（二）请写明文号", correction_days=10
        )
    clarification = letter_of(last_event(app))
    assert clarification.kind == NoticeKind.CLARIFICATION
    assert "（一）请写明文件的年度；" in clarification.body_text
    assert "（二）请写明文号。" in clarification.body_text
    assert "2024年10月21日前提交补正后的申请" in clarification.body_text

    with hooks():
        workflow.application_receive_correction(app, user=clerk)
    assert not Notice.objects.filter(event=last_event(app)).exists()

    with hooks():
        workflow.application_consult(
            app, user=clerk, kind=OpinionKind.THIRD_PARTY, addressee="某某科技有限公司"
        )
    third = letter_of(last_event(app))
    assert third.kind == NoticeKind.THIRD_PARTY and third.title == "政府信息公开征求第三方意见书"
    assert third.body_text.startswith("某某科技有限公司：")
    with hooks():
        workflow.application_consult(
            app, user=clerk, kind=OpinionKind.OTHER_BODY, addressee="甘肃省财政厅"
        )
    other = letter_of(last_event(app))
    assert other.kind == NoticeKind.OTHER_BODY and other.title == "政府信息公开征求意见函"
    assert "逾期未提出意见的，视为同意公开" in other.body_text

    for opinion in app.opinions.all():
        workflow.application_record_opinion(app, opinion, user=clerk, reply="consent")
    with hooks():
        workflow.application_issue_fee_notice(
            app, user=clerk, method=FeeMethod.PER_VOLUME, units=250
        )
    fee = letter_of(last_event(app))
    assert fee.kind == NoticeKind.FEE
    assert "4,700.00元" in fee.body_text and "按量计收" in fee.body_text
    workflow.application_record_payment(app, user=clerk)

    with hooks():
        workflow.application_extend(app, user=office_head, days=10, reason="需要调取档案")
    extension = letter_of(last_event(app))
    assert extension.kind == NoticeKind.EXTENSION
    assert "答复期限延长10个工作日" in extension.body_text
    assert "需要调取档案" in extension.body_text

    with hooks():
        decide_and_approve(
            app, user=clerk, decision=DecisionCode.PARTIAL, reasons="第二项涉及商业秘密"
        )
    reply = letter_of(last_event(app))
    assert reply.kind == NoticeKind.REPLY

    numbers = [
        serial(n)[1] for n in Notice.objects.filter(application=app).order_by("created_at", "pk")
    ]
    assert numbers == list(range(1, 8))  # receipt … reply: unique, increasing

    for action in (Action.DELIVER_REPLY, Action.ARCHIVE):
        with hooks():
            getattr(workflow, f"application_{action}")(app, user=clerk)
        assert not Notice.objects.filter(event=last_event(app)).exists()
    assert events_missing_notice(app, list(app.events.all())) == set()


def test_the_reply_states_the_decision_its_legal_basis_and_the_remedies(at, hooks, office, clerk):
    app, _ = register_case(clerk, office)
    with hooks():
        decide_and_approve(
            app,
            user=clerk,
            decision=DecisionCode.PARTIAL,
            reasons="第二项涉及第三方商业秘密，依据条例第十五条不予公开",
        )
    reply = letter_of(last_event(app))
    assert reply.title == "政府信息公开申请答复书"
    assert "《中华人民共和国政府信息公开条例》第三十七条" in reply.body_text
    assert "第二项涉及第三方商业秘密，依据条例第十五条不予公开。" in reply.body_text
    assert REMEDY_NOTICE in reply.body_text
    assert reply.body_text.splitlines()[-2:] == ["甘肃省人民政府办公厅", "2024年10月8日"]


def test_what_staff_add_while_deciding_goes_into_the_reply(at, hooks, office, clerk):
    app, _ = register_case(clerk, office)
    # The view passes what staff wrote for the letter to its one workflow call; the event keeps it.
    letter = {"already_public": True, "where_to_obtain": "登录本机关门户网站政府信息公开专栏查阅"}
    with hooks():
        decide_and_approve(
            app, user=clerk, decision=DecisionCode.DISCLOSED, letter={**letter, "enclosures": []}
        )
    reply = letter_of(last_event(app))
    assert "第三十六条第（一）项" in reply.body_text
    assert "登录本机关门户网站政府信息公开专栏查阅。" in reply.body_text
    assert last_event(app).letter == letter  # empty values are not kept


def test_a_letter_can_be_issued_again_from_the_history_alone(at, hooks, office, clerk):
    app, _ = register_case(clerk, office)
    with hooks():
        decide_and_approve(
            app,
            user=clerk,
            decision=DecisionCode.NOT_PROCESSED_REPEAT,
            reasons="重复申请",
            letter={"previous_reply_on": date(2024, 9, 20), "previous_notice_number": ""},
        )
    event = last_event(app)
    assert event.letter == {"previous_reply_on": "2024-09-20"}
    first = letter_of(event)
    assert "本机关已于2024年9月20日" in first.body_text
    # Reworded from what the history holds (the same number, the same values)...
    again = notice_regenerate(
        app, ApplicationEvent.objects.get(pk=event.pk), user=clerk, extra_context={}
    )
    assert again.pk == first.pk and again.number == first.number
    assert again.body_text == first.body_text
    # ...and what staff type when regenerating comes on top of it.
    more = notice_regenerate(
        app, event, user=clerk, extra_context={"previous_notice_number": "甘办〔2024〕1号"}
    )
    assert "本机关已于2024年9月20日" in more.body_text and "甘办〔2024〕1号" in more.body_text


def test_lapses_and_the_spot_reply_send_their_replies(at, hooks, office, clerk):
    spot, _ = register_case(clerk, office, channel=Channel.IN_PERSON)
    with hooks():
        workflow.application_reply_on_the_spot(spot, user=clerk, decision=DecisionCode.DISCLOSED)
    assert letter_of(last_event(spot)).kind == NoticeKind.REPLY

    unclear, _ = register_case(clerk, office)
    with hooks():
        workflow.application_request_clarification(unclear, user=clerk, items="请写明文号")
    unpaid, _ = register_case(clerk, office)
    workflow.application_accept(unpaid, user=clerk)
    with hooks():
        workflow.application_issue_fee_notice(
            unpaid, user=clerk, method=FeeMethod.PER_VOLUME, units=40
        )
    at(date(2024, 12, 2))
    with hooks():
        workflow.application_clarification_lapse(unclear, user=clerk)
        workflow.application_fee_lapse(unpaid, user=clerk)
    lapse = letter_of(last_event(unclear))
    clarification_number = Notice.objects.get(
        application=unclear, kind=NoticeKind.CLARIFICATION
    ).number
    assert "视为您放弃申请" in lapse.body_text
    assert clarification_number in lapse.body_text  # the 补正告知书 it refers to
    unpaid_reply = letter_of(last_event(unpaid))
    assert "逾期" in unpaid_reply.body_text and "100.00元" in unpaid_reply.body_text


def test_a_transfer_tells_the_applicant_and_the_new_body_sends_a_receipt(
    at, hooks, office, city, clerk
):
    app, _ = register_case(clerk, office)
    with hooks():
        new = workflow.application_transfer(
            app, user=clerk, to_body=city, reasons="该信息由兰州市人民政府制作并保存"
        )
    reply = letter_of(last_event(app))
    assert reply.kind == NoticeKind.REPLY
    assert "负责公开该政府信息的行政机关为兰州市人民政府" in reply.body_text
    receipt = letter_of(last_event(new))
    assert receipt.kind == NoticeKind.RECEIPT
    assert receipt.number == "兰州市人民政府依申请〔2024〕1号"


def test_numbers_are_per_body_and_year_and_count_on(at, hooks, office, city, clerk):
    office.short_name = "甘政办"
    office.save(update_fields=["short_name"])
    with hooks():
        first, _ = register_case(clerk, office)
        second, _ = register_case(clerk, office)
    numbers = [n.number for n in Notice.objects.order_by("pk")]
    assert numbers == ["甘政办依申请〔2024〕1号", "甘政办依申请〔2024〕2号"]
    # A letter of another body does not take this body's numbers.
    with hooks():
        workflow.application_transfer(first, user=clerk, to_body=city, reasons="不属于本机关职责")
    assert set(Notice.objects.filter(application__body=city).values_list("number", flat=True)) == {
        "兰州市人民政府依申请〔2024〕1号"
    }
    assert Notice.objects.filter(application=first).last().number == "甘政办依申请〔2024〕3号"
    # A new year starts at 1.
    at(date(2025, 1, 6))
    with hooks():
        workflow.application_accept(second, user=clerk)
        decide_and_approve(second, user=clerk, decision=DecisionCode.DISCLOSED)
    assert letter_of(last_event(second)).number == "甘政办依申请〔2025〕1号"


def test_the_bodys_own_template_is_used(at, hooks, office, city, clerk, other_body_clerk):
    default = default_template(NoticeKind.RECEIPT)
    NoticeTemplate.objects.create(
        kind=NoticeKind.RECEIPT,
        body=office,
        title="受理回执（本机关格式）",
        text=default.text.replace("特此告知。", "特此告知，请保持电话畅通。"),
    )
    with hooks():
        mine, _ = register_case(clerk, office)
        theirs, _ = register_case(other_body_clerk, city)
    own = letter_of(last_event(mine))
    assert own.title == "受理回执（本机关格式）"
    assert "请保持电话畅通" in own.body_text
    assert "请保持电话畅通" not in letter_of(last_event(theirs)).body_text


def test_a_failed_letter_keeps_the_action_and_can_be_issued_again(
    at, hooks, office, clerk, client, caplog
):
    app, _ = register_case(clerk, office)
    # 重复申请: the reply must name the earlier reply's date, which the case does not record.
    with hooks():
        decide_and_approve(
            app, user=clerk, decision=DecisionCode.NOT_PROCESSED_REPEAT, reasons="重复申请"
        )
    event = last_event(app)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DECIDED  # the action stands
    assert not Notice.objects.filter(event=event).exists()
    assert events_missing_notice(app, [event]) == {event.pk}
    assert "notice for event" in caplog.text

    client.login(username="clerk", password=PASSWORD)
    page = client.get(f"/workbench/applications/{app.pk}/")
    assert "文书生成失败，可重新生成" in page.content.decode()
    url = f"/workbench/applications/{app.pk}/events/{event.pk}/notice/"
    refused = client.post(url, {})
    assert refused.status_code == 200
    (form,) = [i["form"] for i in refused.context["regenerate"] if i["event"] == event]
    assert list(form.errors) == ["previous_reply_on"]
    done = client.post(url, {"previous_reply_on": "2024-09-20"})
    assert done.status_code == 302
    reply = letter_of(event)
    assert "本机关已于2024年9月20日" in reply.body_text
    # Before delivery the reply may be worded again under the same number.
    again = client.post(
        url, {"previous_reply_on": "2024-09-20", "previous_notice_number": "甘办〔2024〕1号"}
    )
    assert again.status_code == 302
    assert letter_of(event).number == reply.number
    assert "甘办〔2024〕1号" in letter_of(event).body_text
    workflow.application_deliver_reply(app, user=clerk)
    late = client.post(url, {"previous_reply_on": "2024-09-21"})
    assert "答复书已送达申请人，不能再重新生成" in late.content.decode()
    assert "2024年9月21日" not in letter_of(event).body_text


def test_an_extension_into_a_year_without_holiday_data_is_not_guessed(
    at, hooks, office, clerk, office_head
):
    at(date(2026, 12, 1))
    app, _ = register_case(clerk, office)
    with hooks():
        workflow.application_extend(app, user=office_head, days=20, reason="数量较大")
    event = last_event(app)
    assert not Notice.objects.filter(event=event).exists()
    with pytest.raises(Exception) as failed:
        notice_issue(app, NoticeKind.EXTENSION, event=event, user=office_head)
    assert failed.value.message.startswith(MSG_NEW_DUE_UNKNOWN.split("：")[0])
    # Staff who know the date (the schedule published) can state it.
    letter = notice_issue(
        app,
        NoticeKind.EXTENSION,
        event=event,
        user=office_head,
        extra_context={"new_due": date(2027, 1, 28)},
    )
    assert "本机关将于2027年1月28日前作出答复" in letter.body_text


# --- Files and who may have them ---------------------------------------------------------------


@pytest.fixture
def decided(at, hooks, office, clerk):
    app, _ = register_case(clerk, office)
    with hooks():
        decide_and_approve(
            app, user=clerk, decision=DecisionCode.PARTIAL, reasons="第二项涉及商业秘密"
        )
    return app, letter_of(last_event(app))


def test_the_files_are_stored_with_the_case_and_read_back(decided, client, clerk):
    app, reply = decided
    assert reply.docx.name.endswith(".docx") and reply.pdf.name.endswith(".pdf")
    client.login(username="clerk", password=PASSWORD)
    base = f"/workbench/applications/{app.pk}/notices/{reply.pk}"
    word = client.get(f"{base}.docx")
    assert word.status_code == 200
    assert word["Content-Disposition"].startswith("attachment;")
    # The reply's file is named after the case and the decision.
    assert "%EF%BC%88%E9%83%A8%E5%88%86%E5%85%AC%E5%BC%80%EF%BC%89" in word["Content-Disposition"]
    document = docx.Document(BytesIO(b"".join(word.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert app.case_number in text and reply.number in text
    assert "第三十七条" in text and "第二项涉及商业秘密" in text
    pdf = client.get(f"{base}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(b"".join(pdf.streaming_content)))
    pdf_text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert app.case_number in pdf_text
    assert "政府信息公开申请答复书" in pdf_text


def test_missing_files_are_made_on_download(decided, client):
    app, reply = decided
    reply.docx.delete(save=False)
    reply.pdf.delete(save=False)
    Notice.objects.filter(pk=reply.pk).update(docx="", pdf="")
    client.login(username="clerk", password=PASSWORD)
    response = client.get(f"/workbench/applications/{app.pk}/notices/{reply.pk}.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    reply.refresh_from_db()
    assert reply.pdf and reply.docx


def test_downloads_are_only_for_the_cases_own_staff(decided, client, other_body_clerk, city):
    app, reply = decided
    base = f"/workbench/applications/{app.pk}/notices/{reply.pk}"
    anonymous = client.get(f"{base}.pdf")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    client.login(username="other_clerk", password=PASSWORD)
    assert client.get(f"{base}.pdf").status_code == 404
    assert client.get(f"{base}.docx").status_code == 404
    # Nor through a case of their own: the letter must belong to the case in the address.
    own, _ = register_case(other_body_clerk, city)
    assert client.get(f"/workbench/applications/{own.pk}/notices/{reply.pk}.pdf").status_code == 404


def test_the_workbench_docs_keep_up_with_the_letters_and_the_pages():
    from pathlib import Path

    from gongkai.applications import staff_urls
    from gongkai.applications.notice_issue import ACTION_KINDS
    from gongkai.applications.notices import TITLES

    doc = (Path(__file__).resolve().parents[3] / "docs" / "workbench.md").read_text("utf-8")
    for action, kind in ACTION_KINDS.items():
        assert f"`{action}`" in doc and TITLES[kind] in doc and f"(`{kind}`)" in doc
    for pattern in staff_urls.urlpatterns:
        name = pattern.name
        assert f"`workbench:{name}`" in doc or (name in staff_urls._ACTIONS and f"`{name}`" in doc)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: the in-memory SQLite test database cannot take concurrent writers",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_letters_issued_at_the_same_moment_never_share_a_number(office, clerk):
    app, _ = register_case(clerk, office)  # committed: its receipt is number 1
    workers = 8
    barrier = threading.Barrier(workers)

    def issue(_worker: int) -> str:
        try:
            barrier.wait(timeout=60)
            return notice_issue(app, NoticeKind.RECEIPT, user=clerk).number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        numbers = list(pool.map(issue, range(workers)))
    serials = sorted(int(NUMBER.match(n)[2]) for n in numbers)
    assert serials == list(range(2, workers + 2))
    # The next restore (serialized_rollback) needs the content types cached, as elsewhere.
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
