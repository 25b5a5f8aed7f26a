"""Sites: a body provisioned with its site section, and the operator commands."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from gongkai.bodies.models import Body, BodyMembership
from gongkai.testing.personas import credit_code


def test_a_body_gets_its_home_page_collection_and_role_groups(office):
    assert office.home_page.slug == "gs-bgt"
    assert office.home_page.url == "/gs-bgt/"
    assert office.collection.name == office.name
    assert set(Group.objects.filter(name__startswith="gs-bgt·").values_list("name", flat=True)) == {
        "gs-bgt·信息员",
        "gs-bgt·审核",
        "gs-bgt·站点管理员",
    }


def test_the_add_body_and_grant_role_commands(province, django_user_model):
    out = StringIO()
    call_command(
        "add_body",
        code="gs-wsjkw",
        name="甘肃省卫生健康委员会",
        level="department",
        parent="gansu",
        index_code="WSJKW",
        credit_code=credit_code("620000", 42),
        stdout=out,
    )
    assert "已创建机关" in out.getvalue()
    body = Body.objects.get(code="gs-wsjkw")
    django_user_model.objects.create_user("nurse", password="x")
    call_command("grant_role", "nurse", "gs-wsjkw", "editor", stdout=out)
    assert BodyMembership.objects.filter(user__username="nurse", body=body, role="editor").exists()
    with pytest.raises(CommandError, match="上级机关不存在"):
        call_command(
            "add_body", code="x1", name="x", level="department", parent="nope", index_code="X1"
        )
    with pytest.raises(CommandError, match="统一社会信用代码无效"):
        call_command(
            "add_body", code="x2", name="x", level="department", index_code="X2", credit_code="123"
        )


def test_add_body_takes_the_openness_office_its_contact_details_and_its_order(province):
    call_command(
        "add_body",
        code="gs-wsjkw",
        name="甘肃省卫生健康委员会",
        level="department",
        parent="gansu",
        index_code="WSJKW",
        openness_office="甘肃省卫生健康委员会办公室",
        postcode="730030",
        phone="0931-0000123",
        email="xxgk@wsjkw.gansu.example",
        sort_order=12,
        stdout=StringIO(),
    )
    body = Body.objects.get(code="gs-wsjkw")
    assert body.sort_order == 12
    assert (body.openness_office, body.postcode, body.phone, body.fax) == (
        "甘肃省卫生健康委员会办公室",
        "730030",
        "0931-0000123",
        "",
    )
    with pytest.raises(CommandError, match="邮政编码应为6位数字"):
        call_command(
            "add_body", code="x3", name="x", level="department", index_code="X3", postcode="7300"
        )
