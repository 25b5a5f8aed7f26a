"""机关管理 in the Wagtail admin: operators and site admins add bodies, edit them and grant or
revoke roles, each inside its own subtree only (the views are in sites.admin_views)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry, Site

from gongkai.bodies.models import Body, BodyMembership, BodyRole
from gongkai.bodies.services import AUDIT_ROLE_GRANT, AUDIT_ROLE_REVOKE, body_grant_role
from gongkai.sites.admin_views import MSG_ROLE_NOT_YOURS
from gongkai.sites.forms import MSG_NEW_USER_NEEDS
from gongkai.sites.services import MSG_HOSTNAME_INVALID, MSG_HOSTNAME_TAKEN, hostname_check
from gongkai.testing import personas

LIST = reverse("sites_bodies:list")


def url(name, body, *more):
    return reverse(f"sites_bodies:{name}", args=(body.pk, *more))


def new_body(**overrides):
    data = {
        "code": "lz-jyj",
        "name": "兰州市教育局",
        "short_name": "市教育局",
        "level": "department",
        "index_code": "620100JYJ",
        "credit_code": "",
        "region_code": "620100",
        "region_name": "兰州市",
        "hostname": "",
        "site_id_code": "",
        "sort_order": "3",
        "openness_office": "",
        "office_address": "",
        "postcode": "",
        "office_hours": "",
        "phone": "0931-1234567",
        "fax": "",
        "email": "",
    }
    return data | overrides


def edit_data(body, **overrides):
    fields = (
        "name short_name credit_code region_code region_name hostname site_id_code sort_order "
        "openness_office office_address postcode office_hours phone fax email"
    ).split()
    return {name: getattr(body, name) for name in fields} | overrides


def test_the_list_shows_each_user_its_own_subtree(
    client, province, office, city, province_admin, city_admin, operator
):
    for user, shown, hidden in (
        (province_admin, [province, office, city], []),
        (city_admin, [city], [province, office]),
        (operator, [province, office, city], []),
    ):
        client.force_login(user)
        html = client.get(LIST).content.decode()
        assert "机关管理" in html
        for body in shown:
            assert url("edit", body) in html
        for body in hidden:
            assert url("edit", body) not in html


def test_the_menu_offers_body_management_to_site_admins_only(client, province_admin, editor):
    # the sidebar's menu is JSON in the page, its labels escaped: the item's name is plain
    client.force_login(province_admin)
    assert "body-admin" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor)
    assert "body-admin" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_staff_who_manage_no_body_get_no_list(client, office, editor, reviewer):
    for user in (editor, reviewer):
        client.force_login(user)
        assert client.get(LIST).status_code in (302, 403)  # Wagtail: back to the dashboard


def test_a_site_admin_adds_a_body_below_its_subtree(client, city, province_admin):
    client.force_login(province_admin)
    response = client.post(url("add", city), new_body())
    assert response.status_code == 302
    body = Body.objects.get(code="lz-jyj")
    assert body.get_parent() == city and body.phone == "0931-1234567"
    assert body.home_page.permissions_for_user(province_admin).can_publish()
    assert ModelLogEntry.objects.filter(action="gongkai.body.create", user=province_admin).exists()


def test_bad_input_for_a_new_body_gets_chinese_messages_and_keeps_the_values(
    client, province, city, city_admin
):
    client.force_login(city_admin)
    response = client.post(
        url("add", city),
        new_body(code="Bad Code", index_code=province.index_code, hostname="not a host"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "机关代码只能包含小写字母、数字和连字符" in html
    assert "索引号前缀" in html and "已存在" in html
    assert MSG_HOSTNAME_INVALID in html
    assert 'value="兰州市教育局"' in html and 'value="0931-1234567"' in html
    assert not Body.objects.filter(name="兰州市教育局").exists()


@pytest.mark.parametrize("name", ["add", "edit", "people"])
def test_a_site_admin_gets_404_outside_its_subtree(client, province, office, city_admin, name):
    client.force_login(city_admin)
    for body in (province, office):
        assert client.get(url(name, body)).status_code == 404
    assert client.post(url("add", province), new_body()).status_code == 404
    assert not Body.objects.filter(code="lz-jyj").exists()


def test_a_site_admin_edits_a_body_and_its_host_name(client, office, province_admin):
    client.force_login(province_admin)
    data = edit_data(office, hostname="bgt.example.gov.cn", sort_order=1, postcode="730030")
    assert client.post(url("edit", office), data).status_code == 302
    office.refresh_from_db()
    assert (office.hostname, office.sort_order, office.postcode) == (
        "bgt.example.gov.cn",
        1,
        "730030",
    )
    assert Site.objects.get(hostname="bgt.example.gov.cn").root_page_id == office.home_page_id
    assert ModelLogEntry.objects.filter(action="gongkai.body.change").exists()


@pytest.mark.parametrize(
    "hostname, ok",
    [
        ("xxgk.lanzhou.gov.cn", True),
        ("a-b.example.cn", True),
        ("localhost", False),
        ("http://xxgk.gov.cn", False),
        ("xxgk.gov.cn/path", False),
        ("-x.gov.cn", False),
        ("政务.gov.cn", False),
    ],
)
def test_host_names_are_checked(db, hostname, ok):
    try:
        hostname_check(hostname)
    except ValidationError as error:
        assert not ok and error.message_dict == {"hostname": [MSG_HOSTNAME_INVALID]}
    else:
        assert ok


def test_a_host_name_another_site_serves_is_refused_in_chinese(client, office, city, operator):
    client.force_login(operator)
    client.post(url("edit", city), edit_data(city, hostname="lz.example.gov.cn"))
    response = client.post(
        url("edit", office), edit_data(office, hostname="lz.example.gov.cn", phone="0931-8888")
    )
    html = response.content.decode()
    assert MSG_HOSTNAME_TAKEN in html and 'value="0931-8888"' in html
    office.refresh_from_db()
    assert office.hostname == "" and office.phone != "0931-8888"


def test_a_site_admin_grants_a_role_to_a_new_account_and_revokes_it(client, office, province_admin):
    client.force_login(province_admin)
    data = {
        "role": BodyRole.REVIEWER,
        "username": "bgt_new",
        "name": "王小明",
        "email": "wxm@example.invalid",
        "password": "a-long-pass-2026",
        "is_superuser": "on",  # not a field: never honoured
    }
    assert client.post(url("people", office), data).status_code == 302
    person = get_user_model().objects.get(username="bgt_new")
    assert not person.is_superuser and person.first_name == "王小明"
    assert person.check_password("a-long-pass-2026")
    membership = BodyMembership.objects.get(user=person, body=office)
    assert membership.role == BodyRole.REVIEWER
    assert office.home_page.permissions_for_user(person).can_publish()
    assert "王小明" in client.get(url("people", office)).content.decode()
    assert client.post(url("revoke", office, membership.pk)).status_code == 302
    assert not BodyMembership.objects.filter(user=person).exists()
    actions = ModelLogEntry.objects.filter(user=province_admin).values_list("action", flat=True)
    assert {AUDIT_ROLE_GRANT, AUDIT_ROLE_REVOKE} <= set(actions)


def test_a_role_for_an_existing_account_needs_only_its_username(client, office, province_admin):
    someone = personas.user("someone")
    client.force_login(province_admin)
    client.post(url("people", office), {"role": BodyRole.EDITOR, "username": "someone"})
    assert BodyMembership.objects.filter(user=someone, body=office, role="editor").exists()


def test_a_new_account_without_name_or_password_keeps_what_was_typed(
    client, office, province_admin
):
    client.force_login(province_admin)
    response = client.post(
        url("people", office), {"role": "editor", "username": "bgt_x", "email": "x@example.invalid"}
    )
    html = response.content.decode()
    assert MSG_NEW_USER_NEEDS.format(field="姓名") in html
    assert MSG_NEW_USER_NEEDS.format(field="初始密码") in html
    assert 'value="bgt_x"' in html and 'value="x@example.invalid"' in html
    short = client.post(
        url("people", office),
        {"role": "editor", "username": "bgt_x", "name": "李四", "password": "abc"},
    )
    assert "密码太短" in short.content.decode()
    assert not get_user_model().objects.filter(username="bgt_x").exists()


def test_a_site_admin_cannot_make_a_site_admin_of_its_own_body(
    client, city, province_admin, city_admin
):
    client.force_login(city_admin)
    response = client.post(
        url("people", city), {"role": BodyRole.SITE_ADMIN, "username": "gansu_admin"}
    )
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not BodyMembership.objects.filter(user=province_admin, body=city).exists()
    # … nor revoke one: that is for the province's site admin (or an operator)
    peer = personas.user("lz_admin2")
    body_grant_role(peer, city, BodyRole.SITE_ADMIN)
    membership = BodyMembership.objects.get(user=peer)
    response = client.post(url("revoke", city, membership.pk), follow=True)
    assert MSG_ROLE_NOT_YOURS in response.content.decode()
    assert BodyMembership.objects.filter(pk=membership.pk).exists()
    client.force_login(province_admin)
    client.post(url("revoke", city, membership.pk))
    assert not BodyMembership.objects.filter(pk=membership.pk).exists()
