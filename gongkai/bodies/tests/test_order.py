"""The official order of bodies (`bodies.selectors`): the explicit 排序 first, then the 行政区划代码,
then the level; and the directory the public sees, grouped as a government's portal lists them."""

from gongkai.bodies.models import BodyLevel
from gongkai.bodies.selectors import bodies_in_official_order, body_directory
from gongkai.testing.personas import bare_body


def labels_and_names(groups: list[dict]) -> list[tuple[str, list[str]]]:
    return [(g["label"], [n["body"].name for n in g["nodes"]]) for g in groups]


def test_the_explicit_sort_order_comes_before_the_code(province, office):
    bare_body(province, "gs-aaa", "乙厅", BodyLevel.DEPARTMENT, "620000", sort_order=20)
    bare_body(province, "gs-zzz", "甲厅", BodyLevel.DEPARTMENT, "620000", sort_order=10)
    departments = dict(labels_and_names(body_directory()))["省政府部门"]
    assert departments == [office.name, "甲厅", "乙厅"]


def test_without_a_sort_order_the_region_code_decides_not_the_pinyin(province, city):
    bare_body(province, "tianshui", "天水市人民政府", BodyLevel.PREFECTURE, "620500")
    bare_body(province, "baiyin", "白银市人民政府", BodyLevel.PREFECTURE, "620400")
    prefectures = dict(labels_and_names(body_directory()))["市州"]
    assert prefectures == [city.name, "白银市人民政府", "天水市人民政府"]


def test_the_directory_groups_the_province_its_departments_and_the_prefectures(
    province, office, city
):
    bare_body(city, "lz-czj", "兰州市财政局", BodyLevel.DEPARTMENT, "620100")
    bare_body(city, "chengguan", "兰州市城关区人民政府", BodyLevel.COUNTY, "620102")
    groups = body_directory()
    assert labels_and_names(groups) == [
        ("省政府", [province.name]),
        ("省政府部门", [office.name]),
        ("市州", [city.name]),
    ]
    # The province's groups follow it at the top, not under it; the city's are under the city.
    assert groups[0]["nodes"][0]["groups"] == []
    assert labels_and_names(groups[2]["nodes"][0]["groups"]) == [
        ("市（州）政府部门", ["兰州市财政局"]),
        ("县区", ["兰州市城关区人民政府"]),
    ]


def test_every_body_in_official_order_follows_its_parent(province, office, city):
    bare_body(city, "lz-czj", "兰州市财政局", BodyLevel.DEPARTMENT, "620100")
    names = [b.name for b in bodies_in_official_order()]
    assert names == [province.name, office.name, city.name, "兰州市财政局"]
