"""The 政府信息公开专栏: every body gets the catalogue's columns for its tier, and sees empty ones."""

import pytest

from gongkai.bodies.models import BodyLevel
from gongkai.columns.catalogue import DEFAULT_CATALOGUE
from gongkai.columns.models import CatalogueEntry, ColumnPage
from gongkai.columns.selectors import column_documents, empty_required_columns
from gongkai.columns.services import catalogue_apply
from gongkai.documents.models import DocType
from gongkai.documents.services import document_repeal
from gongkai.testing.personas import column, make_body, publish_document

STANDARD_FIRST_LEVEL = [
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "政府信息公开年报",
]
ART21_CITY = {"市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助"}
ART21_TOWNSHIP = {
    "农业农村政策落实",
    "农田水利工程建设运营",
    "农村土地承包经营权流转",
    "宅基地使用情况审核",
    "土地征收",
    "房屋征收",
    "筹资筹劳",
    "社会救助",
}


def statutory_titles(body):
    statutory = column(body, "statutory")
    return {c.title for c in ColumnPage.objects.child_of(statutory)}


def test_every_body_gets_the_four_standard_first_level_columns(office):
    titles = [c.title for c in ColumnPage.objects.child_of(office.home_page).order_by("path")]
    assert titles == STANDARD_FIRST_LEVEL


def test_a_provincial_department_gets_the_art20_items_but_not_art21(office):
    titles = statutory_titles(office)
    assert len([e for e in DEFAULT_CATALOGUE if e[3] == "statutory" and e[4] == ""]) == 15
    assert not titles & (ART21_CITY | ART21_TOWNSHIP)


def test_a_city_and_its_departments_get_the_art21_city_items(city):
    assert ART21_CITY <= statutory_titles(city)
    department = make_body("lz-czj", "兰州市财政局", BodyLevel.DEPARTMENT, parent=city, serial=5)
    assert ART21_CITY <= statutory_titles(department)
    assert not (ART21_TOWNSHIP - ART21_CITY) & statutory_titles(department)


def test_a_township_gets_the_art21_township_items(city):
    county = make_body("chengguan", "城关区人民政府", BodyLevel.COUNTY, parent=city, serial=6)
    township = make_body("zyl", "张掖路街道办事处", BodyLevel.TOWNSHIP, parent=county, serial=7)
    assert ART21_TOWNSHIP <= statutory_titles(township)
    assert "治安管理" not in statutory_titles(township)


def test_applying_the_catalogue_again_changes_nothing(office):
    before = ColumnPage.objects.descendant_of(office.home_page).count()
    assert catalogue_apply(office) == []
    assert ColumnPage.objects.descendant_of(office.home_page).count() == before


def test_an_entry_the_operator_adds_reaches_every_body_on_the_next_apply(office, city):
    CatalogueEntry.objects.create(
        key="hot-topics",
        title="重点领域信息公开",
        slug="zdly",
        parent=CatalogueEntry.objects.get(key="statutory"),
        position=99,
    )
    for body in (office, city):
        created = catalogue_apply(body)
        assert [c.title for c in created] == ["重点领域信息公开"]


def test_staff_see_which_required_columns_are_empty(office):
    empty_before = {c.catalogue_key for c in empty_required_columns(office.home_page)}
    assert {"guide", "rules", "art20-2", "normative-in-force", "annual-reports"} <= empty_before
    assert "statutory" not in empty_before  # a parent column is judged by its sub-columns
    publish_document(office, "art20-2", title="机构职能", slug="jgzn", doc_type=DocType.OTHER)
    publish_document(office, title="规范性文件", slug="gf", doc_type=DocType.NORMATIVE)
    guide = column(office, "guide")
    guide.intro = "<p>本指南……</p>"
    guide.save_revision().publish()
    empty_after = {c.catalogue_key for c in empty_required_columns(office.home_page)}
    assert empty_before - empty_after == {"guide", "art20-2", "normative-in-force"}


def test_the_in_force_columns_list_exactly_the_documents_in_force_today(office):
    from datetime import date

    old = publish_document(
        office, title="旧版", slug="old", doc_type=DocType.NORMATIVE, effective_on=date(2019, 1, 1)
    )
    new = publish_document(
        office,
        title="新版",
        slug="new",
        doc_type=DocType.NORMATIVE,
        effective_on=date(2022, 1, 1),
        previous_version=old,
    )
    expired = publish_document(
        office,
        title="过期",
        slug="exp",
        doc_type=DocType.NORMATIVE,
        expires_on=date(2023, 1, 1),
        effective_on=date(2022, 1, 1),
    )
    future = publish_document(
        office, title="将来", slug="fut", doc_type=DocType.NORMATIVE, effective_on=date(2099, 1, 1)
    )
    rule = publish_document(
        office, title="规章", slug="rule1", doc_type=DocType.RULE, effective_on=date(2020, 1, 1)
    )
    repealed_rule = publish_document(
        office, title="废止的规章", slug="rule2", doc_type=DocType.RULE
    )
    document_repeal(repealed_rule, repealed_on=date(2024, 1, 1))
    other = publish_document(office, title="其他文件", slug="qt", doc_type=DocType.OTHER)

    assert set(column_documents(column(office, "normative-in-force"))) == {new}
    assert set(column_documents(column(office, "rules-in-force"))) == {rule}
    assert set(column_documents(column(office, "repealed"))) == {old, expired, repealed_rule}
    assert set(column_documents(column(office, "art20-1"))) == {
        old,
        new,
        expired,
        future,
        rule,
        repealed_rule,
        other,
    }


@pytest.mark.parametrize(
    "level", [BodyLevel.PROVINCE, BodyLevel.PREFECTURE, BodyLevel.COUNTY, BodyLevel.TOWNSHIP]
)
def test_every_government_level_gets_a_normative_documents_column(db, level):
    body = make_body(f"b-{level}", "某机关", level)
    assert column(body, "normative-in-force").listing == "in_force"


def test_the_staff_home_page_lists_my_bodys_empty_required_columns(client, office, city, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "栏目完整性" in html
    assert "政府信息公开指南" in html
    assert city.name not in html  # only the bodies the user acts for


def test_the_operator_edits_the_catalogue_template(client, operator):
    client.force_login(operator)
    response = client.get("/admin/snippets/columns/catalogueentry/")
    assert response.status_code == 200
    assert "法定主动公开内容" in response.content.decode()
