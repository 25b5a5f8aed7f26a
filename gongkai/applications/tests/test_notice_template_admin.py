"""Operators edit the wording of letters in the admin; a broken template is refused, never stored."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from gongkai.applications.models import NoticeKind, NoticeTemplate

pytestmark = pytest.mark.django_db
URL = "/django-admin/applications/noticetemplate/add/"


def test_a_template_with_a_syntax_error_is_refused_in_chinese(client, operator):
    from gongkai.applications.notices import notice_template_check

    client.force_login(operator)
    text = "{{ applicant_name }：收到"
    response = client.post(URL, {"kind": NoticeKind.RECEIPT, "title": "受理回执", "text": text})
    assert response.status_code == 200
    assert not NoticeTemplate.objects.exists()
    problems = notice_template_check(NoticeKind.RECEIPT, text, title="受理回执")
    assert problems
    page = response.content.decode()
    assert all(escape(problem) in page for problem in problems)


def test_a_template_using_an_unknown_variable_is_refused(client, operator):
    client.force_login(operator)
    client.post(
        URL,
        {"kind": NoticeKind.RECEIPT, "title": "受理回执", "text": "{{ applicant_nmae }}：收到"},
    )
    assert not NoticeTemplate.objects.exists()


def test_a_good_template_is_saved(client, operator):
    from gongkai.applications.notices import default_template

    client.force_login(operator)
    default = default_template("receipt")
    response = client.post(
        URL, {"kind": NoticeKind.RECEIPT, "title": default.title, "text": default.text}
    )
    assert response.status_code == 302
    assert NoticeTemplate.objects.get().kind == NoticeKind.RECEIPT
