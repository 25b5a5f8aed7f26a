"""The consultation editor (Wagtail's page form): the comment period checked against the minimum
of each kind of document on the official calendar (regulations.md §7.2), the draft's articles,
and the personal-data check of public pages."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from gongkai.participation.models import ConsultationPage
from gongkai.participation.periods import NO_KIND
from gongkai.participation.tests.factories import DRAFT
from gongkai.testing.personas import column

pytestmark = pytest.mark.django_db


TITLE = "关于进一步规范政务公开工作的通知（征求意见稿）"


def _form(**overrides) -> dict:
    data = {
        "title": TITLE,
        "slug": "zqyj",
        "drafting_body": "甘肃省人民政府办公厅",
        "kinds": ["normative"],
        # Monday 2 March → Monday 9 March 2026: five working days after the opening day.
        "opens_on": "2026-03-02",
        "closes_on": "2026-03-09",
        "shortened_reason": "",
        "draft_text": DRAFT,
        "explanatory_notes": rich_text("<p>起草说明</p>"),
        "email": "",
        "postal_address": "",
        "fax": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    kinds = data.pop("kinds")  # several values of one field, not a nested list
    return {**nested_form_data(data), "kinds": kinds}


def _add(client, office, **overrides):
    url = reverse(
        "wagtailadmin_pages:add",
        args=("participation", "consultationpage", column(office, "art20-1").pk),
    )
    return client.post(url, _form(**overrides))


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_editor_offers_the_kinds_and_names_the_body(client, office, editor):
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add",
        args=("participation", "consultationpage", column(office, "art20-1").pk),
    )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "规章草案",
        "重大行政决策",
        "行政规范性文件",
        "与市场主体生产经营活动密切相关的文件",
    ):
        assert label in html
    assert response.context["form"].initial["drafting_body"] == "甘肃省人民政府办公厅"


def test_a_normative_document_open_five_working_days_needs_a_reason(client, office, editor):
    client.force_login(editor)
    response = _add(client, office)
    assert response.status_code == 200  # the form again, with what was typed
    (error,) = response.context["form"].errors["closes_on"]
    assert error.startswith("征求意见期限为5个工作日，少于7个工作日（")
    assert "截止日不应早于2026年3月11日" in error
    assert TITLE in response.content.decode()
    assert not ConsultationPage.objects.filter(title=TITLE).exists()


def test_with_a_stated_reason_the_short_period_is_accepted_and_the_editor_told(
    client, office, editor
):
    client.force_login(editor)
    response = _add(client, office, shortened_reason="上级要求限期出台，情况紧急")
    assert response.status_code == 302
    page = ConsultationPage.objects.get(title=TITLE)
    assert page.kind_list == ["normative"] and page.body == office
    shown = _messages(response)
    assert any(
        m.startswith("征求意见期限为5个工作日") and m.endswith("上级要求限期出台，情况紧急")
        for m in shown
    )
    assert "征求意见稿已拆分为4条条文，发布后公众可逐条提出意见。" in shown


def test_a_rule_open_thirty_days_is_accepted(client, office, editor):
    client.force_login(editor)
    response = _add(client, office, kinds=["rule"], closes_on="2026-04-01")
    assert response.status_code == 302
    assert ConsultationPage.objects.get(title=TITLE).kinds == "rule"


def test_a_rule_that_is_also_normative_must_meet_both_minimums(client, office, editor):
    client.force_login(editor)
    response = _add(client, office, kinds=["normative", "rule"], closes_on="2026-03-31")
    (error,) = response.context["form"].errors["closes_on"]
    assert error.startswith("征求意见期限为29日，少于30日（")
    response = _add(client, office, kinds=["normative", "rule"], closes_on="2026-04-01")
    assert response.status_code == 302
    assert ConsultationPage.objects.get(title=TITLE).kinds == "rule,normative"


def test_submitting_for_review_needs_a_kind_and_a_text(client, office, editor):
    client.force_login(editor)
    response = _add(client, office, kinds=[], draft_text="", **{"action-submit": "1"})
    errors = response.context["form"].errors
    assert errors["kinds"] == [NO_KIND]
    assert errors["draft_text"]


def test_articles_out_of_sequence_are_a_warning(client, office, editor):
    client.force_login(editor)
    text = "第一条　总则。\n第三条　适用范围。"
    response = _add(client, office, kinds=["rule"], closes_on="2026-04-01", draft_text=text)
    assert response.status_code == 302
    assert "征求意见稿：条文编号不连续（跳号）：第一条之后是第三条。" in _messages(response)


def test_the_consultations_own_fax_is_not_personal_data_but_a_mobile_is(client, office, editor):
    client.force_login(editor)
    response = _add(
        client,
        office,
        kinds=["rule"],
        closes_on="2026-04-01",
        fax="0931-8881234",
        explanatory_notes=rich_text("<p>意见可传真至0931-8881234。</p>"),
    )
    assert response.status_code == 302
    response = _add(
        client,
        office,
        title="另一个征求意见稿",
        slug="zqyj-2",
        kinds=["rule"],
        closes_on="2026-04-01",
        explanatory_notes=rich_text("<p>联系人手机13812345678</p>"),
    )
    assert response.status_code == 200
    assert "手机号码" in response.context["form"].errors["explanatory_notes"][0]


def _docx(paragraphs: list[str]) -> bytes:
    import io

    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_draft_comes_from_an_uploaded_docx_split_into_its_articles(client, office, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    lines = [line for line in DRAFT.splitlines() if line.strip()]
    upload = SimpleUploadedFile("征求意见稿.docx", _docx(lines))
    response = _add(client, office, draft_text="", draft_docx=upload, closes_on="2026-03-11")
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ConsultationPage.objects.get(slug="zqyj")
    assert (
        "第三条　县级以上人民政府" in page.draft_text
        or "第三条 县级以上人民政府" in page.draft_text
    )
    shown = _messages(response)
    assert any("已从Word文件“征求意见稿.docx”导入征求意见稿" in m for m in shown)
    assert any("拆分为4条条文" in m for m in shown)


def test_a_file_that_is_not_a_docx_is_refused_and_the_typed_draft_kept(client, office, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    fake = SimpleUploadedFile("征求意见稿.docx", b"%PDF-1.4 not a word file")
    response = _add(client, office, draft_docx=fake, closes_on="2026-03-11")
    assert response.status_code == 200
    text = response.content.decode()
    assert "文件内容与扩展名不符：征求意见稿.docx 实际不是" in text
    assert "第三条" in text  # the pasted draft is still in the form
    assert not ConsultationPage.objects.filter(slug="zqyj").exists()
