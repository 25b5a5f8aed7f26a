"""The public library of typical cases (典型案例及答复文书, B6): only published, anonymised write-ups."""

from __future__ import annotations

import pytest

from gongkai.applications.models import ApplicationStatus
from gongkai.applications.services import (
    typical_case_approve,
    typical_case_propose,
    typical_case_unpublish,
)
from gongkai.applications.tests.factories import case_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(office, clerk, office_head):
    app = case_in(ApplicationStatus.REPLIED, clerk=clerk)
    case = typical_case_propose(
        user=clerk,
        application=app,
        title="关于申请公开内部会议纪要的答复",
        summary="申请人申请公开某次内部研究会议的纪要。",
        reply_text="属于条例第十六条第二款规定的过程性信息，不予公开。",
        letter_text="申请人某某：\n属于过程性信息，不予公开。\n特此答复。",
    )
    return typical_case_approve(case, user=office_head)


def test_the_library_lists_published_cases_and_shows_one_without_personal_data(client, published):
    listing = client.get("/apply/cases/").content.decode()
    assert "关于申请公开内部会议纪要的答复" in listing
    detail = client.get(f"/apply/cases/{published.pk}/")
    page = detail.content.decode()
    assert detail.status_code == 200
    assert "属于条例第十六条第二款规定的过程性信息" in page
    app = published.application
    assert f"办理结果：{app.get_decision_display()}" in page
    assert app.applicant_name not in page
    assert app.id_number not in page and app.phone not in page


def test_an_unpublished_case_is_not_shown(client, published, clerk):
    typical_case_unpublish(published, user=clerk)
    assert "关于申请公开内部会议纪要的答复" not in client.get("/apply/cases/").content.decode()
    response = client.get(f"/apply/cases/{published.pk}/")
    assert response.status_code == 404


def test_the_library_can_be_narrowed_to_a_body(client, published, office, city):
    assert "内部会议纪要" in client.get(f"/apply/cases/?body={office.code}").content.decode()
    other = client.get(f"/apply/cases/?body={city.code}").content.decode()
    assert "内部会议纪要" not in other
    assert "暂无已发布的典型案例" in other
