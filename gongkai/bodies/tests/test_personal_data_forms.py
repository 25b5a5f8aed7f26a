"""The personal-data check on the staff-entered text of public pages, through Wagtail's editor:
an ID or phone number is a form error naming the kind and the field, the body's own public
contact number in its 政府信息公开指南 is not, an e-mail address is a warning after saving."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from gongkai.columns.models import ColumnPage
from gongkai.documents.models import PolicyDocumentPage
from gongkai.documents.tests.test_editor_readiness import add_url, admin_form
from gongkai.testing.personas import column

pytestmark = pytest.mark.django_db


def _column_form(client, page: ColumnPage, **overrides) -> dict:
    """What the editor's form holds now, with `overrides` typed in."""
    form = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).context["form"]
    data = {}
    for name in form.fields:
        if name == "comments":
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data["intro"] = rich_text(data.get("intro") or "")
    data.update(overrides, comments=inline_formset([]))
    return nested_form_data(data)


def _edit(client, page, intro: str):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        _column_form(client, page, intro=rich_text(f"<p>{intro}</p>")),
    )


@pytest.mark.parametrize(
    ("intro", "label"),
    [
        ("经办人身份证号 62010219900307123x", "身份证号码"),
        ("经办人手机 138-1234-5678", "手机号码"),
        ("咨询电话 0931 8765432", "固定电话号码"),
    ],
)
def test_a_column_with_an_id_or_phone_number_is_refused_naming_the_kind(
    client, office, editor, intro, label
):
    guide = column(office, "guide")
    client.force_login(editor)
    response = _edit(client, guide, intro)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["intro"]
    assert error.startswith(f"栏目说明中有{label}")
    assert intro.split()[-1] in response.content.decode()  # what was typed is kept
    assert label not in ColumnPage.objects.get(pk=guide.pk).intro


def test_the_bodys_own_contact_number_stays_and_an_email_is_a_warning(client, office, editor):
    office.phone, office.email = "0931-8123456", "gkb@gansu.gov.cn"
    office.save(update_fields=["phone", "email"])
    guide = column(office, "guide")
    client.force_login(editor)
    response = _edit(client, guide, "联系电话：（0931）8123456；邮箱：gkb@gansu.gov.cn")
    assert response.status_code == 302
    assert not [m for m in get_messages(response.wsgi_request) if "个人信息" in str(m)]
    response = _edit(client, guide, "来信请寄 wang.li@example.com")
    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request) if "个人信息" in str(m)]
    assert len(warnings) == 1
    assert warnings[0].startswith("栏目说明中可能有个人信息（电子邮箱“wan")
    assert warnings[0].endswith(".com”），请确认可以公开")


def test_a_document_with_an_id_number_in_its_text_is_refused(client, office, editor):
    client.force_login(editor)
    response = client.post(
        add_url(office), admin_form(body=rich_text("<p>申请人身份证号：620102199003071234</p>"))
    )
    assert response.status_code == 200
    assert "身份证号码" in response.context["form"].errors["body"][0]
    assert not PolicyDocumentPage.objects.filter(title="关于做好政务公开工作的通知").exists()
