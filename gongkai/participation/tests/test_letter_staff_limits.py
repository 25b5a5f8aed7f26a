"""答复时限设置 (/workbench/letters/limits/): a body's reply limits per category, for its site
admins (their subtree) and the operator only; the default shown where the body set none; checked
by `MailboxLimit.clean` with Chinese errors and everything typed kept."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.bodies.models import BodyRole
from gongkai.participation.forms_letters_staff import AUDIT_MAILBOX_LIMITS
from gongkai.participation.mailbox_limits import EXTENDED_SHORTER, LIMIT_NOT_POSITIVE
from gongkai.participation.models import MailboxLimit
from gongkai.testing import personas

pytestmark = pytest.mark.django_db

LIMITS = reverse("letters:limits")


@pytest.fixture
def city_admin(city):
    return personas.staff("lz_admin", city, BodyRole.SITE_ADMIN)


@pytest.fixture
def province_admin(province):
    return personas.staff("gansu_admin", province, BodyRole.SITE_ADMIN)


def form(body, **changes) -> dict:
    """Every category on the default, but `changes` ({"complaint-days": "3", ...})."""
    data = {"body": body.code}
    for category in ("inquiry", "suggestion", "complaint", "request_for_help"):
        data |= {f"{category}-days": "5", f"{category}-extended_days": "15"}
        data[f"{category}-restart_on_transfer"] = "on"
    for name, value in changes.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value
    return data


def html(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("persona", ["editor", "reviewer", "clerk", "office_head"])
def test_only_site_admins_set_limits(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIMITS).status_code == 404
    assert client.post(LIMITS, form(request.getfixturevalue("office"))).status_code == 404
    assert not MailboxLimit.objects.exists()
    assert "答复时限设置" not in html(client.get(reverse("letters:list")))


def test_a_site_admin_sets_their_subtree_only(client, office, city, city_admin, province_admin):
    client.force_login(city_admin)
    text = html(client.get(LIMITS))
    assert "答复时限设置：兰州市人民政府" in text and "答复时限设置</a>" in text
    assert "甘肃省人民政府办公厅" not in text
    assert client.get(LIMITS + "?body=gs-bgt").status_code == 404
    response = client.post(LIMITS, form(office, **{"complaint-days": "3"}))
    assert response.status_code == 404 and not MailboxLimit.objects.exists()

    client.force_login(province_admin)
    text = html(client.get(LIMITS + "?body=gs-bgt"))
    assert "答复时限设置：甘肃省人民政府办公厅" in text
    assert 'value="lanzhou"' in text  # the province's subtree, to choose from


def test_the_default_is_shown_and_a_change_saved(client, city, city_admin):
    client.force_login(city_admin)
    text = html(client.get(LIMITS))
    assert text.count("（平台默认）") == 4 and "5个工作日，可延长一次至15个工作日" in text
    assert 'name="complaint-days" value="5"' in text

    data = form(
        city,
        **{
            "complaint-days": "3",
            "complaint-extended_days": "10",
            "complaint-restart_on_transfer": None,
        },
    )
    response = client.post(LIMITS, data, follow=True)
    assert "已保存兰州市人民政府的信箱答复时限。" in html(response)
    row = MailboxLimit.objects.get()  # only the category that differs from the default
    assert (row.body, row.category, row.days, row.extended_days, row.restart_on_transfer) == (
        city,
        "complaint",
        3,
        10,
        False,
    )
    text = html(response)
    assert text.count("（平台默认）") == 3 and "（本机关设置）" in text
    entry = ModelLogEntry.objects.get(action=AUDIT_MAILBOX_LIMITS)
    assert entry.user == city_admin and entry.data["limits"][0]["days"] == 3

    # Back to the default values: the row is kept, with them.
    response = client.post(LIMITS, form(city), follow=True)
    row.refresh_from_db()
    assert (row.days, row.extended_days, row.restart_on_transfer) == (5, 15, True)
    response = client.post(LIMITS, form(city), follow=True)
    assert "没有改动" in html(response)


def test_wrong_limits_are_refused_with_what_was_typed(client, city, city_admin):
    client.force_login(city_admin)
    data = form(
        city, **{"inquiry-days": "10", "inquiry-extended_days": "7", "suggestion-days": "0"}
    )
    response = client.post(LIMITS, data)
    assert response.status_code == 200
    text = html(response)
    assert EXTENDED_SHORTER.format(extended=7, days=10) in text
    assert LIMIT_NOT_POSITIVE.format(days=0) in text
    assert 'name="inquiry-days" value="10"' in text and 'name="suggestion-days" value="0"' in text
    assert not MailboxLimit.objects.exists()  # nothing saved while one is wrong
    response = client.post(LIMITS, form(city, **{"complaint-days": ""}))
    assert "请填写答复时限（工作日）" in html(response)


def test_the_operator_sets_any_body(client, office, operator):
    client.force_login(operator)
    response = client.post(LIMITS, form(office, **{"inquiry-days": "7"}))
    assert response.status_code == 302 and response["Location"] == LIMITS + "?body=gs-bgt"
    assert MailboxLimit.objects.get().body == office
