"""The public lists of consultations: open ones soonest-closing first with the days left, closed
ones awaiting feedback with the days since closing, concluded ones with their feedback; the
province-wide list and a body's (with the bodies under it); the open ones as Atom and JSON."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from gongkai.core.dates import today
from gongkai.participation.services import consultation_feedback_publish
from gongkai.participation.tests.factories import consultation_make
from gongkai.testing.personas import publish_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultations(office, city, reviewer):
    day = today()
    soon = consultation_make(
        office,
        title="即将截止的办法",
        slug="soon",
        opens_on=day - timedelta(days=25),
        closes_on=day + timedelta(days=5),
    )
    later = consultation_make(
        city,
        title="兰州市的规定",
        slug="later",
        opens_on=day - timedelta(days=2),
        closes_on=day + timedelta(days=30),
    )
    closed = consultation_make(
        office,
        title="已截止的办法",
        slug="closed",
        opens_on=day - timedelta(days=40),
        closes_on=day - timedelta(days=3),
    )
    done = consultation_make(
        office,
        title="已反馈的办法",
        slug="done",
        opens_on=day - timedelta(days=60),
        closes_on=day - timedelta(days=20),
    )
    final = publish_document(office, title="正式发布的办法", slug="final")
    consultation_feedback_publish(done, user=reviewer, final_document=final, summary="未收到意见。")
    draft = consultation_make(office, title="未发布的办法", slug="draft", publish=False)
    return {"soon": soon, "later": later, "closed": closed, "done": done, "draft": draft}


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    end = html.find("<section", start)
    return html[start : end if end > 0 else len(html)]


def test_the_province_wide_list_sorts_each_phase(client, consultations):
    html = client.get(reverse("participation:consultations")).content.decode()
    opened = _section(html, "h-open")
    assert opened.index("即将截止的办法") < opened.index("兰州市的规定")  # soonest to close first
    assert "还剩5天" in opened and "还剩30天" in opened
    awaiting = _section(html, "h-awaiting")
    assert "已截止的办法" in awaiting and "已截止3天" in awaiting
    assert "即将截止的办法" not in awaiting
    concluded = _section(html, "h-concluded")
    assert "已反馈的办法" in concluded and "#feedback" in concluded
    assert "未发布的办法" not in html  # never a draft


def test_a_bodys_list_holds_it_and_the_bodies_under_it(client, consultations, province, city):
    html = client.get(reverse("participation:consultations"), {"body": city.code}).content.decode()
    assert "兰州市的规定" in html and "即将截止的办法" not in html
    html = client.get(reverse("participation:consultations"), {"body": province.code})
    assert "兰州市的规定" in html.content.decode()  # the city is under the province
    assert (
        client.get(reverse("participation:consultations"), {"body": "nowhere"}).status_code == 404
    )


def test_the_open_ones_as_json_and_atom(client, consultations, city):
    data = json.loads(client.get(reverse("participation:open_json")).content)
    assert [c["title"] for c in data["consultations"]] == ["即将截止的办法", "兰州市的规定"]
    first = data["consultations"][0]
    assert (
        first["days_left"] == 5 and first["kinds"] == ["rule"] and first["url"].startswith("http")
    )
    data = json.loads(client.get(reverse("participation:open_json"), {"body": city.code}).content)
    assert [c["title"] for c in data["consultations"]] == ["兰州市的规定"]

    response = client.get(reverse("participation:open_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    atom = response.content.decode()
    assert atom.count("<entry>") == 2 and "即将截止的办法" in atom and "已截止的办法" not in atom


def test_the_empty_lists_say_so(client):
    html = client.get(reverse("participation:consultations")).content.decode()
    assert "目前没有正在征求意见的事项。" in html and html.count("暂无。") == 2


def test_the_column_holding_a_consultation_lists_it(client, office, time_machine):
    from gongkai.participation.tests.factories import OPEN_DAY, consultation_make
    from gongkai.testing.personas import column

    time_machine.move_to(OPEN_DAY, tick=False)
    draft = consultation_make(office, title="未发布的征求意见稿", publish=False)
    page = consultation_make(office, title="关于政务公开的办法（征求意见稿）")
    html = client.get(column(office, "art20-1").url).content.decode()
    assert "<h2" in html and "意见征集</h2>" in html and page.url in html
    assert draft.title not in html
