"""政策文件库 (/library/) as people use gov.cn's: its columns, orders, 成文日期 range, 有效于某日,
发文字号 as cited, and filter values it cannot read ignored with a Chinese message."""

import re
from datetime import date
from html import unescape

import pytest

from gongkai.documents.filters import MSG_IGNORED, MSG_IGNORED_BECAUSE, MSG_RANGE_SWAPPED
from gongkai.documents.models import DocType
from gongkai.documents.services import document_repeal
from gongkai.testing.personas import publish_document

LIBRARY = "/library/"


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def listed(response) -> list[str]:
    """The titles in the result list, in order."""
    found = re.findall(r'<td class="col-title"[^>]*><a [^>]*>([^<]*)</a>', html_of(response))
    return [unescape(title) for title in found]


def ignored(response) -> list[str]:
    """The messages of the 已忽略的条件 box."""
    box = re.search(r'<div class="ignored".*?</div>', html_of(response), re.S)
    return [unescape(m) for m in re.findall(r"<li>([^<]*)</li>", box.group(0))] if box else []


@pytest.fixture
def dated(office, city):
    """Published in this order (so 发布日期 ascending), written on other dates."""
    return [
        publish_document(office, title="甲", slug="a", written_on=date(2021, 3, 5)),
        publish_document(city, title="乙", slug="b", written_on=date(2019, 7, 1)),
        publish_document(office, title="丙", slug="c", written_on=date(2023, 1, 31)),
        publish_document(city, title="丁", slug="d", written_on=None),
    ]


def test_the_list_shows_issuer_number_and_both_dates(client, office):
    publish_document(
        office,
        title="关于印发政务公开工作要点的通知",
        issuer_names="甘肃省人民政府办公厅、甘肃省财政厅",
        doc_number="甘政办发〔2021〕48号",
        written_on=date(2021, 3, 5),
    )
    html = html_of(client.get(LIBRARY))
    for header in ["标题", "发文机关", "发文字号", "成文日期", "发布日期", "有效性"]:
        assert f'<th scope="col">{header}</th>' in html
    assert ">甘肃省人民政府办公厅、甘肃省财政厅</td>" in html
    assert ">甘政办发〔2021〕48号</td>" in html
    assert '<time datetime="2021-03-05">2021年3月5日</time>' in html


@pytest.mark.parametrize(
    "sort, order",
    [
        ("", ["丁", "丙", "乙", "甲"]),  # 发布日期, newest first
        ("published_desc", ["丁", "丙", "乙", "甲"]),
        ("published_asc", ["甲", "乙", "丙", "丁"]),
        ("written_desc", ["丙", "甲", "乙", "丁"]),  # no 成文日期: last
        ("written_asc", ["乙", "甲", "丙", "丁"]),
    ],
)
def test_it_sorts_by_either_date_newest_or_oldest_first(client, dated, sort, order):
    assert listed(client.get(LIBRARY, {"sort": sort})) == order


def test_a_date_range_on_the_written_date_includes_both_ends(client, dated):
    def between(start, end):
        return set(listed(client.get(LIBRARY, {"written_from": start, "written_to": end})))

    assert between("2019-07-01", "2021-03-05") == {"乙", "甲"}
    assert between("2019-07-02", "2021-03-04") == set()
    assert between("2021-01-01", "") == {"甲", "丙"}
    assert between("", "2020-12-31") == {"乙"}
    assert between("2021年3月5日", "2023/01/31") == {"甲", "丙"}  # as people write dates


def test_a_range_written_backwards_is_turned_round_and_said_so(client, dated):
    response = client.get(LIBRARY, {"written_from": "2023-12-31", "written_to": "2021-01-01"})
    assert set(listed(response)) == {"甲", "丙"}
    assert ignored(response) == [
        MSG_RANGE_SWAPPED.format(start="2021年1月1日", end="2023年12月31日")
    ]


def test_it_lists_the_documents_in_force_on_a_date(client, office):
    publish_document(
        office,
        title="有效期至2021年底的办法",
        slug="t",
        effective_on=date(2019, 1, 1),
        expires_on=date(2022, 1, 1),
    )
    v1 = publish_document(office, title="规定", slug="v1", effective_on=date(2018, 6, 1))
    publish_document(
        office, title="规定（修订）", slug="v2", effective_on=date(2022, 5, 1), previous_version=v1
    )
    old = publish_document(
        office, title="已废止的暂行办法", slug="old", effective_on=date(2010, 1, 1)
    )
    document_repeal(old, repealed_on=date(2020, 10, 1))

    def in_force_on(day):
        return set(listed(client.get(LIBRARY, {"in_force_on": day})))

    assert in_force_on("2019-06-01") == {"有效期至2021年底的办法", "规定", "已废止的暂行办法"}
    assert in_force_on("2021-12-31") == {"有效期至2021年底的办法", "规定"}
    assert in_force_on("2022-01-01") == {"规定"}
    assert in_force_on("2022-05-01") == {"规定（修订）"}
    assert in_force_on("2017-01-01") == {"已废止的暂行办法"}
    # The validity column stays today's, and the page says so.
    html = html_of(client.get(LIBRARY, {"in_force_on": "2019-06-01"}))
    assert "以下是2019年6月1日有效的文件" in html
    assert '<span class="validity validity-repealed">已废止</span>' in html


def test_in_force_on_a_date_combines_with_todays_validity(client, office):
    publish_document(
        office,
        title="当时有效现已失效",
        slug="x",
        effective_on=date(2019, 1, 1),
        expires_on=date(2022, 1, 1),
    )
    publish_document(office, title="一直有效", slug="y", effective_on=date(2019, 1, 1))
    response = client.get(LIBRARY, {"in_force_on": "2020-01-01", "validity": "expired"})
    assert listed(response) == ["当时有效现已失效"]


@pytest.mark.parametrize(
    "typed",
    [
        "甘政办发〔2021〕48号",
        "甘政办发[2021]48号",
        "甘政办发（2021）48号",
        "甘政办发2021年48号",
        "甘政办发〔2021〕第48号",
        " 甘政办发 [2021] 048号 ",
    ],
)
def test_the_doc_number_field_finds_a_document_as_people_cite_it(client, office, typed):
    publish_document(office, title="工作要点", slug="a", doc_number="甘政办发〔2021〕48号")
    publish_document(office, title="另一份", slug="b", doc_number="甘政办发〔2021〕49号")
    publish_document(office, title="去年的", slug="c", doc_number="甘政办发〔2020〕48号")
    assert listed(client.get(LIBRARY, {"doc_number": typed})) == ["工作要点"]


@pytest.mark.parametrize(
    "typed, found",
    [
        ("国务院令第798号", {"国务院条例", "国务院决定"}),
        ("中华人民共和国国务院令第798号", {"国务院条例", "国务院决定"}),
        ("第798号令", {"国务院条例", "国务院决定", "省政府规章"}),
        ("甘肃省政府令第798号", {"省政府规章"}),
        ("国务院令第799号", set()),
    ],
)
def test_an_order_is_found_without_the_organs_full_name(client, office, typed, found):
    publish_document(
        office, title="国务院条例", slug="a", doc_number="中华人民共和国国务院令第798号"
    )
    publish_document(office, title="国务院决定", slug="b", doc_number="国务院令 第798号")
    publish_document(office, title="省政府规章", slug="c", doc_number="甘肃省人民政府令第798号")
    publish_document(office, title="另一令", slug="d", doc_number="中华人民共和国国务院令第797号")
    assert set(listed(client.get(LIBRARY, {"doc_number": typed}))) == found


def test_the_doc_number_combines_with_the_other_filters(client, office, city):
    publish_document(office, title="省里的", slug="a", doc_number="甘政办发〔2021〕48号")
    publish_document(city, title="市里的", slug="b", doc_number="甘政办发〔2021〕48号")
    response = client.get(LIBRARY, {"doc_number": "甘政办发[2021]48号", "body": "lanzhou"})
    assert listed(response) == ["市里的"]


@pytest.mark.parametrize(
    "name, value, label",
    [
        ("written_from", "2021-13-45", "成文日期起"),
        ("written_to", "昨天", "成文日期止"),
        ("in_force_on", "2021-02-30", "有效于某日"),
        ("validity", "foo", "有效性"),
        ("doc_type", "<script>", "文种"),
        ("year", "abc", "发布年份"),
        ("sort", "random", "排序"),
        ("body", "no-such-body", "发文机关"),
        ("page", "abc", "页码"),
        ("page", "0", "页码"),
        ("page", "99", "页码"),
    ],
)
def test_a_bad_value_is_ignored_and_the_page_says_so(client, dated, name, value, label):
    response = client.get(LIBRARY, {"written_from": "2021-01-01", name: value})
    assert ignored(response) == [MSG_IGNORED.format(label=label, value=value)]
    # Every other filter still applies.
    expected = {"甲", "丙"} if name != "written_from" else {"甲", "乙", "丙", "丁"}
    assert set(listed(response)) == expected


def test_the_ignored_message_reads_as_issue_11_asks(client, db):
    response = client.get(LIBRARY, {"written_from": "2021-13-45"})
    assert "“成文日期起”的值“2021-13-45”无效，已忽略" in ignored(response)


def test_a_value_that_is_no_doc_number_is_ignored_with_the_reason(client, dated):
    response = client.get(LIBRARY, {"doc_number": "甘政办发"})
    assert ignored(response) == [
        MSG_IGNORED_BECAUSE.format(
            label="发文字号", value="甘政办发", reason="无法识别的发文字号格式"
        )
    ]
    assert len(listed(response)) == 4


def test_several_bad_values_are_each_said_and_none_is_a_server_error(client, dated):
    response = client.get(
        LIBRARY,
        {"written_from": "2021-13-45", "validity": "foo", "page": "abc", "in_force_on": "x" * 500},
    )
    messages = ignored(response)
    assert len(messages) == 4
    assert MSG_IGNORED.format(label="有效于某日", value="x" * 40 + "…") in messages
    assert len(listed(response)) == 4


def test_a_good_page_number_is_not_mentioned(client, office):
    for i in range(21):
        publish_document(office, title=f"文件{i:02d}", slug=f"p{i}")
    response = client.get(LIBRARY, {"page": "2"})
    assert listed(response) == ["文件00"]
    assert ignored(response) == []
    assert "共 21 条，第 2 / 2 页" in html_of(response)


def test_the_library_has_breadcrumbs_from_the_one_root(client, db):
    html = html_of(client.get(LIBRARY))
    crumbs = re.search(r'<nav aria-label="当前位置" class="breadcrumbs wrap">.*?</nav>', html, re.S)
    assert re.findall(r"<li[^>]*>(.*?)</li>", crumbs.group(0)) == [
        '<a href="/">首页</a>',
        "政策文件库",
    ]
    assert '<li aria-current="page">政策文件库</li>' in crumbs.group(0)


def test_a_page_of_the_site_has_breadcrumbs_from_the_same_root(client, office):
    doc = publish_document(office, title="某文件", slug="x")
    html = html_of(client.get(doc.url))
    crumbs = re.search(r'<nav aria-label="当前位置" class="breadcrumbs wrap">.*?</nav>', html, re.S)
    items = re.findall(r"<li[^>]*>(.*?)</li>", crumbs.group(0))
    assert items[0] == '<a href="/">首页</a>'
    assert office.name in items[1] and items[-1] == "某文件"


def test_the_library_does_not_query_per_document(client, office, django_assert_max_num_queries):
    for i in range(30):
        publish_document(
            office, title=f"文件{i:02d}", slug=f"q{i}", doc_number=f"甘肃省人民政府令第{i + 1}号"
        )
    client.get(LIBRARY)  # warm caches (site root paths)
    params = {"doc_number": "甘肃省政府令第3号", "in_force_on": "2030-01-01", "sort": "written_asc"}
    with django_assert_max_num_queries(8):
        assert listed(client.get(LIBRARY, params)) == ["文件02"]
    with django_assert_max_num_queries(8):
        assert len(listed(client.get(LIBRARY, {"doc_type": DocType.NORMATIVE}))) == 20
