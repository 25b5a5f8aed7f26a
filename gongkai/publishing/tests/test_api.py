"""The read API at /api/v1/: the document list and its filters, a document's relations, the
Chinese error responses, the OpenAPI documentation, and a bound on the list's queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from gongkai.documents.models import DocType, InterpretationForm
from gongkai.documents.services import document_create, document_repeal
from gongkai.testing.personas import column, publish_document

LIST = "/api/v1/documents"
IS_POSTGRES = connection.vendor == "postgresql"
IS_SQLITE = connection.vendor == "sqlite"


def detail_url(doc) -> str:
    return f"{LIST}/{doc.pk}"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.fixture
def api(db) -> Client:
    """An anonymous client that turns server errors into 500 responses instead of raising."""
    return Client(raise_request_exception=False)


# --- The list -----------------------------------------------------------------------------------

DOCUMENT_FIELDS = {
    "id",
    "title",
    "url",
    "index_number",
    "doc_type",
    "doc_type_label",
    "topic",
    "issuer_names",
    "body",
    "doc_number",
    "written_on",
    "published_on",
    "effective_on",
    "expires_on",
    "disclosure",
    "validity",
    "validity_label",
}


def test_it_lists_published_documents_with_their_metadata(api, office):
    doc = publish_document(
        office,
        title="甘肃省人民政府办公厅关于加强政务公开工作的通知",
        doc_number="甘政办发〔2021〕48号",
        written_on=date(2021, 6, 1),
        effective_on=date(2021, 7, 1),
        expires_on=date(2099, 7, 1),
    )

    response = api.get(LIST)

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert data["offset"] == 0
    assert data["limit"] == 50
    [item] = data["items"]
    assert set(item) == DOCUMENT_FIELDS
    assert item["id"] == doc.pk
    assert item["title"] == "甘肃省人民政府办公厅关于加强政务公开工作的通知"
    assert item["url"] == doc.get_url()
    assert item["index_number"] == doc.index_number_record.value
    assert item["index_number"].startswith("IDX-gs-bgt/")
    assert item["doc_type"] == "normative"
    assert item["doc_type_label"] == "行政规范性文件"
    assert item["issuer_names"] == "甘肃省人民政府办公厅"
    assert item["body"] == {"code": "gs-bgt", "name": "甘肃省人民政府办公厅"}
    assert item["doc_number"] == "甘政办发〔2021〕48号"
    assert item["written_on"] == "2021-06-01"
    assert item["published_on"] is not None
    assert item["effective_on"] == "2021-07-01"
    assert item["expires_on"] == "2099-07-01"
    assert item["disclosure"] == "proactive"
    assert item["validity"] == "effective"
    assert item["validity_label"] == "有效"


def test_it_does_not_list_drafts(api, office):
    published = publish_document(office, title="已发布")
    document_create(
        column(office, "art20-1"),
        title="草稿",
        doc_type=DocType.NORMATIVE,
        issuer_names=office.name,
        publish=False,
    )

    assert ids(api.get(LIST)) == {published.pk}


def test_it_filters_by_body_code_to_that_bodys_own_section(api, province, office, city):
    own = publish_document(office, title="办公厅文件")
    city_doc = publish_document(city, title="兰州市文件")
    province_doc = publish_document(province, title="省政府文件")

    assert ids(api.get(LIST, {"body": "gs-bgt"})) == {own.pk}
    assert ids(api.get(LIST, {"body": "lanzhou"})) == {city_doc.pk}
    # A parent body's section does not include its child bodies' sections.
    assert ids(api.get(LIST, {"body": "gansu"})) == {province_doc.pk}


def test_it_returns_an_empty_list_for_an_unknown_body(api, office):
    publish_document(office)

    response = api.get(LIST, {"body": "no-such-body"})

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["items"] == []


def test_it_filters_by_type(api, office):
    rule = publish_document(office, title="规章", doc_type=DocType.RULE)
    normative = publish_document(office, title="规范性文件", doc_type=DocType.NORMATIVE)

    assert ids(api.get(LIST, {"type": "rule"})) == {rule.pk}
    assert ids(api.get(LIST, {"type": "normative"})) == {normative.pk}
    assert ids(api.get(LIST, {"type": "plan"})) == set()


def test_it_filters_by_validity_today(api, office):
    old = publish_document(office, title="旧版", effective_on=date(2019, 1, 1))
    new = publish_document(
        office, title="新版", effective_on=date(2022, 5, 1), previous_version=old
    )
    repealed = publish_document(office, title="已废止", effective_on=date(2019, 1, 1))
    document_repeal(repealed, repealed_on=date(2023, 6, 1), repealing_document=new)
    expired = publish_document(
        office, title="已失效", effective_on=date(2019, 1, 1), expires_on=date(2020, 1, 1)
    )
    future = publish_document(office, title="尚未施行", effective_on=date(2099, 1, 1))

    assert ids(api.get(LIST, {"validity": "effective"})) == {new.pk}
    assert ids(api.get(LIST, {"validity": "amended"})) == {old.pk}
    assert ids(api.get(LIST, {"validity": "repealed"})) == {repealed.pk}
    assert ids(api.get(LIST, {"validity": "expired"})) == {expired.pk}
    assert ids(api.get(LIST, {"validity": "not_yet_effective"})) == {future.pk}


def test_it_filters_by_in_force_on_across_an_amendment(api, office):
    old = publish_document(office, title="2019年版", effective_on=date(2019, 3, 1))
    new = publish_document(
        office, title="2022年版", effective_on=date(2022, 5, 1), previous_version=old
    )

    assert ids(api.get(LIST, {"in_force_on": "2018-12-31"})) == set()
    assert ids(api.get(LIST, {"in_force_on": "2021-01-01"})) == {old.pk}
    assert ids(api.get(LIST, {"in_force_on": "2022-04-30"})) == {old.pk}
    assert ids(api.get(LIST, {"in_force_on": "2022-05-01"})) == {new.pk}
    assert ids(api.get(LIST, {"in_force_on": "2023-01-01"})) == {new.pk}


def test_it_filters_by_in_force_on_before_and_after_a_repeal(api, office):
    repealing = publish_document(office, title="废止决定", effective_on=date(2023, 6, 1))
    doc = publish_document(office, title="被废止的文件", effective_on=date(2020, 1, 1))
    document_repeal(doc, repealed_on=date(2023, 6, 1), repealing_document=repealing)

    assert doc.pk in ids(api.get(LIST, {"in_force_on": "2021-01-01"}))
    assert doc.pk in ids(api.get(LIST, {"in_force_on": "2023-05-31"}))
    assert doc.pk not in ids(api.get(LIST, {"in_force_on": "2023-06-01"}))
    assert doc.pk not in ids(api.get(LIST, {"in_force_on": "2024-01-01"}))


def test_it_filters_by_in_force_on_up_to_the_expiry_date(api, office):
    doc = publish_document(
        office, title="有期限的文件", effective_on=date(2020, 1, 1), expires_on=date(2022, 12, 31)
    )

    assert ids(api.get(LIST, {"in_force_on": "2022-12-30"})) == {doc.pk}
    assert ids(api.get(LIST, {"in_force_on": "2022-12-31"})) == set()
    assert ids(api.get(LIST, {"in_force_on": "2023-01-01"})) == set()


def test_it_filters_by_in_force_on_from_the_effective_date(api, office):
    doc = publish_document(office, title="将来施行的文件", effective_on=date(2099, 1, 1))

    assert ids(api.get(LIST, {"in_force_on": "2098-12-31"})) == set()
    assert ids(api.get(LIST, {"in_force_on": "2099-01-01"})) == {doc.pk}


def test_it_combines_in_force_on_with_other_filters(api, office, city):
    rule = publish_document(
        office, title="规章", doc_type=DocType.RULE, effective_on=date(2020, 1, 1)
    )
    publish_document(office, title="规范性文件", effective_on=date(2020, 1, 1))
    publish_document(city, title="市规章", doc_type=DocType.RULE, effective_on=date(2020, 1, 1))

    response = api.get(LIST, {"in_force_on": "2021-01-01", "type": "rule", "body": "gs-bgt"})

    assert ids(response) == {rule.pk}
    assert response.json()["items"][0]["validity"] == "effective"


def test_it_finds_a_canonical_doc_number_from_a_messy_query(api, office):
    doc = publish_document(office, title="有字号", doc_number="甘政办发[2021] 48 号")
    publish_document(office, title="另一个字号", doc_number="甘政办发〔2021〕49号")
    doc.refresh_from_db()
    assert doc.doc_number == "甘政办发〔2021〕48号"

    assert ids(api.get(LIST, {"doc_number": "甘政办发[2021] 48 号"})) == {doc.pk}
    assert ids(api.get(LIST, {"doc_number": "甘政办发（2021）048号"})) == {doc.pk}
    assert ids(api.get(LIST, {"doc_number": "甘政办发〔2021〕48号"})) == {doc.pk}
    assert ids(api.get(LIST, {"doc_number": "甘政办发〔2020〕48号"})) == set()


@pytest.mark.parametrize(
    "typed", ["甘政办发2021年48号", "甘政办发〔2021〕第48号", "甘政办发（2021）48号"]
)
def test_it_finds_a_doc_number_from_a_short_form(api, office, typed):
    doc = publish_document(office, title="有字号", doc_number="甘政办发〔2021〕48号")
    publish_document(office, title="另一个字号", doc_number="甘政办发〔2021〕49号")

    assert ids(api.get(LIST, {"doc_number": typed})) == {doc.pk}


def test_it_finds_an_order_cited_without_the_organs_full_name(api, office):
    state_council = publish_document(
        office, title="国务院令", doc_number="中华人民共和国国务院令第798号"
    )
    province = publish_document(office, title="省政府令", doc_number="甘肃省人民政府令第798号")

    assert ids(api.get(LIST, {"doc_number": "国务院令第798号"})) == {state_council.pk}
    assert ids(api.get(LIST, {"doc_number": "第798号令"})) == {state_council.pk, province.pk}
    assert ids(api.get(LIST, {"doc_number": "甘肃省政府令第798号"})) == {province.pk}


def test_it_filters_by_a_written_date_range_and_sorts(api, office):
    early = publish_document(office, title="早", written_on=date(2019, 7, 1))
    middle = publish_document(office, title="中", written_on=date(2021, 3, 5))
    late = publish_document(office, title="晚", written_on=date(2023, 1, 31))

    def titles(params):
        response = api.get(LIST, params)
        assert response.status_code == 200, response.content
        return [item["title"] for item in response.json()["items"]]

    assert titles({"written_from": "2019-07-01", "written_to": "2021-03-05"}) == ["中", "早"]
    assert titles({"sort": "written_asc"}) == ["早", "中", "晚"]
    assert titles({"sort": "written_desc"}) == ["晚", "中", "早"]
    assert titles({"sort": "published_asc"}) == ["早", "中", "晚"]
    assert titles({}) == ["晚", "中", "早"]  # 发布日期, newest first
    assert api.get(LIST, {"sort": "random"}).status_code == 422
    assert api.get(LIST, {"written_from": "2021-13-45"}).status_code == 422
    assert {early.pk, middle.pk, late.pk} == ids(api.get(LIST))


def test_its_sort_values_are_the_librarys():
    from typing import get_args

    from gongkai.documents.selectors import DOCUMENT_SORTS
    from gongkai.publishing.api import DocumentFilters

    assert set(get_args(DocumentFilters.model_fields["sort"].annotation)) == set(DOCUMENT_SORTS)


def test_it_searches_an_invalid_doc_number_literally_without_error(api, office):
    publish_document(office, title="有字号", doc_number="甘政办发〔2021〕48号")

    assert ids(api.get(LIST, {"doc_number": "不是字号"})) == set()


def test_it_filters_by_a_title_substring(api, office):
    match = publish_document(office, title="甘肃省人民政府办公厅关于加强政务公开工作的通知")
    publish_document(office, title="甘肃省人民政府办公厅关于印发工作要点的通知")

    assert ids(api.get(LIST, {"title": "加强政务公开"})) == {match.pk}
    assert ids(api.get(LIST, {"title": " 加强政务公开 "})) == {match.pk}
    assert len(ids(api.get(LIST, {"title": "办公厅关于"}))) == 2
    assert ids(api.get(LIST, {"title": "不存在的标题"})) == set()


def test_it_pages_with_limit_and_offset(api, office):
    docs = [publish_document(office, title=f"文件{i}") for i in range(5)]

    first = api.get(LIST, {"limit": 2, "offset": 0}).json()
    second = api.get(LIST, {"limit": 2, "offset": 2}).json()
    last = api.get(LIST, {"limit": 2, "offset": 4}).json()
    beyond = api.get(LIST, {"limit": 2, "offset": 10}).json()

    assert [first["count"], second["count"], last["count"], beyond["count"]] == [5, 5, 5, 5]
    assert (first["limit"], first["offset"]) == (2, 0)
    assert (second["limit"], second["offset"]) == (2, 2)
    assert [len(first["items"]), len(second["items"]), len(last["items"])] == [2, 2, 1]
    assert beyond["items"] == []
    paged = [item["id"] for page in (first, second, last) for item in page["items"]]
    assert len(set(paged)) == 5
    assert set(paged) == {d.pk for d in docs}
    # Newest first.
    assert paged == sorted(paged, reverse=True)


def test_it_clamps_limit_and_offset_to_their_allowed_range(api, office):
    publish_document(office)

    assert api.get(LIST, {"limit": 1000}).json()["limit"] == 200
    assert api.get(LIST, {"limit": 0}).json()["limit"] == 1
    negative = api.get(LIST, {"offset": -5}).json()
    assert negative["offset"] == 0
    assert len(negative["items"]) == 1


# --- A document ---------------------------------------------------------------------------------


def test_it_shows_a_documents_metadata_and_index_number(api, office):
    doc = publish_document(office, title="详情", doc_number="甘政办发〔2021〕48号", summary="概述")

    response = api.get(detail_url(doc))

    assert response.status_code == 200
    data = response.json()
    assert DOCUMENT_FIELDS <= set(data)
    assert data["id"] == doc.pk
    assert data["title"] == "详情"
    assert data["summary"] == "概述"
    assert data["index_number"] == doc.index_number_record.value
    assert data["doc_number"] == "甘政办发〔2021〕48号"
    assert data["body"] == {"code": "gs-bgt", "name": "甘肃省人民政府办公厅"}
    assert data["previous_version"] is None
    assert data["later_versions"] == []
    assert [v["id"] for v in data["versions"]] == [doc.pk]
    assert data["repeal"] is None
    assert data["interprets"] is None
    assert data["interpretations"] == []
    assert data["attachments"] == []


def test_it_shows_previous_and_later_versions_oldest_first(api, office):
    v1 = publish_document(office, title="2019年版", effective_on=date(2019, 3, 1))
    v2 = publish_document(
        office, title="2022年版", effective_on=date(2022, 5, 1), previous_version=v1
    )
    v3 = publish_document(
        office, title="2024年版", effective_on=date(2024, 3, 1), previous_version=v2
    )

    middle = api.get(detail_url(v2)).json()
    assert middle["previous_version"]["id"] == v1.pk
    assert middle["previous_version"]["title"] == "2019年版"
    assert middle["previous_version"]["validity"] == "amended"
    assert [d["id"] for d in middle["later_versions"]] == [v3.pk]
    assert [d["id"] for d in middle["versions"]] == [v1.pk, v2.pk, v3.pk]
    assert middle["validity"] == "amended"

    oldest = api.get(detail_url(v1)).json()
    assert oldest["previous_version"] is None
    assert [d["id"] for d in oldest["later_versions"]] == [v2.pk]
    assert [d["id"] for d in oldest["versions"]] == [v1.pk, v2.pk, v3.pk]

    newest = api.get(detail_url(v3)).json()
    assert newest["previous_version"]["id"] == v2.pk
    assert newest["later_versions"] == []
    assert [d["id"] for d in newest["versions"]] == [v1.pk, v2.pk, v3.pk]
    assert newest["validity"] == "effective"


def test_it_does_not_show_a_draft_later_version(api, office):
    v1 = publish_document(office, title="现行版", effective_on=date(2019, 3, 1))
    document_create(
        column(office, "art20-1"),
        title="修订草稿",
        doc_type=DocType.NORMATIVE,
        issuer_names=office.name,
        previous_version=v1,
        publish=False,
    )

    data = api.get(detail_url(v1)).json()

    assert data["later_versions"] == []
    assert [d["id"] for d in data["versions"]] == [v1.pk]
    assert data["validity"] == "effective"


def test_it_shows_a_repeal_with_the_repealing_document(api, office):
    repealing = publish_document(
        office, title="关于废止部分文件的决定", doc_number="甘政发〔2023〕1号"
    )
    doc = publish_document(office, title="被废止的文件", effective_on=date(2020, 1, 1))
    document_repeal(doc, repealed_on=date(2023, 6, 1), repealing_document=repealing)

    data = api.get(detail_url(doc)).json()

    assert data["validity"] == "repealed"
    assert data["validity_label"] == "已废止"
    assert data["repeal"]["repealed_on"] == "2023-06-01"
    assert data["repeal"]["repealing_document"]["id"] == repealing.pk
    assert data["repeal"]["repealing_document"]["doc_number"] == "甘政发〔2023〕1号"
    assert data["repeal"]["repealing_title"] == "关于废止部分文件的决定"


def test_it_shows_interpretations_both_ways(api, office):
    policy = publish_document(office, title="政策文件")
    interpretation = publish_document(
        office,
        title="政策文件解读",
        doc_type=DocType.INTERPRETATION,
        interprets=policy,
        interpretation_form=InterpretationForm.TEXT,
    )

    policy_data = api.get(detail_url(policy)).json()
    assert policy_data["interprets"] is None
    assert [d["id"] for d in policy_data["interpretations"]] == [interpretation.pk]
    assert policy_data["interpretations"][0]["title"] == "政策文件解读"

    interpretation_data = api.get(detail_url(interpretation)).json()
    assert interpretation_data["interprets"]["id"] == policy.pk
    assert interpretation_data["interprets"]["title"] == "政策文件"
    assert interpretation_data["interpretations"] == []
    assert interpretation_data["doc_type_label"] == "解读"


def test_it_answers_404_for_a_missing_document(api, office):
    doc = publish_document(office)

    assert api.get(f"{LIST}/{doc.pk + 1000}").status_code == 404
    assert api.get(f"{LIST}/0").status_code == 404
    assert api.get(f"{LIST}/-1").status_code == 404


def test_it_answers_404_for_a_draft(api, office):
    draft = document_create(
        column(office, "art20-1"),
        title="草稿",
        doc_type=DocType.NORMATIVE,
        issuer_names=office.name,
        publish=False,
    )

    assert api.get(detail_url(draft)).status_code == 404


def test_it_answers_404_for_a_view_restricted_document(api, office):
    doc = publish_document(office, title="受限文件")
    PageViewRestriction.objects.create(
        page=doc, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    assert api.get(detail_url(doc)).status_code == 404
    assert doc.pk not in ids(api.get(LIST))


def test_it_does_not_reveal_a_view_restricted_version_through_a_public_document(api, office):
    hidden = publish_document(office, title="受限的旧版", effective_on=date(2019, 1, 1))
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    public = publish_document(
        office, title="公开的新版", effective_on=date(2022, 1, 1), previous_version=hidden
    )

    data = api.get(detail_url(public)).json()

    assert data["previous_version"] is None
    assert [d["id"] for d in data["versions"]] == [public.pk]


# --- Bad input: Chinese messages, never a 500 ---------------------------------------------------


def test_it_rejects_an_impossible_date_with_a_chinese_message(api, office):
    response = api.get(LIST, {"in_force_on": "2021-13-01"})

    assert response.status_code == 422
    data = response.json()
    assert data["error"] == "请求参数有误"
    assert isinstance(data["details"], list)
    assert data["details"] == [{"参数": "in_force_on", "说明": "日期格式应为 YYYY-MM-DD"}]


def test_it_rejects_an_unknown_type_with_a_chinese_message(api, office):
    response = api.get(LIST, {"type": "bogus"})

    assert response.status_code == 422
    data = response.json()
    assert data["error"] == "请求参数有误"
    assert data["details"] == [{"参数": "type", "说明": "取值不在允许范围内"}]


def test_it_rejects_a_non_integer_id_with_a_chinese_message(api):
    response = api.get(f"{LIST}/abc")

    assert response.status_code == 422
    assert response.json() == {
        "error": "请求参数有误",
        "details": [{"参数": "doc_id", "说明": "应为整数"}],
    }


@pytest.mark.parametrize(
    "query",
    [
        "in_force_on=2021-13-01",
        "in_force_on=2021-02-30",
        "in_force_on=yesterday",
        "in_force_on=2021/01/01",
        "type=bogus",
        "validity=maybe",
        "limit=abc",
        "offset=1.5",
    ],
)
def test_it_answers_bad_list_parameters_with_422_in_chinese(api, office, query):
    publish_document(office)

    response = api.get(f"{LIST}?{query}")

    assert response.status_code == 422
    data = response.json()
    assert data["error"] == "请求参数有误"
    assert data["details"]
    for detail in data["details"]:
        assert set(detail) == {"参数", "说明"}
        assert detail["说明"] in {
            "日期格式应为 YYYY-MM-DD",
            "应为整数",
            "缺少此参数",
            "数值超出允许范围",
            "取值不在允许范围内",
            "取值无效",
        }


@pytest.mark.parametrize(
    "query",
    [
        "in_force_on=0001-01-01",
        "in_force_on=9999-12-30",
        "doc_number=%E7%94%98%E6%94%BF%E5%8A%9E%E5%8F%91%5B2021%5D",
        "doc_number=" + "x" * 500,
        "title=%25_%5C",
        "body=" + "x" * 500,
        "limit=-1",
        "limit=99999999999999999999999",
        "offset=9223372036854775807",
        "in_force_on=9999-12-31",
        "offset=9223372036854775808",
        "title=%00",
        "doc_number=%00x",
        "body=%00",
    ],
)
def test_it_never_answers_a_list_query_with_a_server_error(api, office, query):
    publish_document(office)

    response = api.get(f"{LIST}?{query}")

    assert response.status_code in (200, 422), response.status_code


@pytest.mark.parametrize(
    "doc_id",
    [
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999999",
    ],
)
def test_it_answers_a_huge_id_with_404_not_a_server_error(api, office, doc_id):
    publish_document(office)

    assert api.get(f"{LIST}/{doc_id}").status_code in (404, 422)


# --- Documentation ------------------------------------------------------------------------------


def test_it_serves_the_interactive_documentation(api):
    response = api.get("/api/v1/docs")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_it_describes_both_endpoints_in_openapi(api):
    response = api.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/documents" in schema["paths"]
    assert "/api/v1/documents/{doc_id}" in schema["paths"]
    assert schema["info"]["title"] == "公开平台接口 Gongkai API"
    parameters = {p["name"] for p in schema["paths"]["/api/v1/documents"]["get"]["parameters"]}
    assert {"body", "type", "validity", "in_force_on", "doc_number", "title"} <= parameters
    assert {"written_from", "written_to", "sort"} <= parameters
    assert {"limit", "offset"} <= parameters


# --- Query count --------------------------------------------------------------------------------

# The list's queries do not depend on how many documents it returns. Measured on SQLite and
# PostgreSQL: 4 (view restrictions for .public(), count, bodies, the page of documents) once
# Wagtail's site root paths are cached; one more is allowed for that cache being cold.
LIST_MAX_QUERIES = 5


def _publish_mixed(office, city, n: int, start: int = 0) -> None:
    """Documents with every relation the list item touches: bodies, versions, repeals."""
    for i in range(start, start + n):
        body = office if i % 2 else city
        doc = publish_document(
            body,
            title=f"文件{i}",
            doc_number=f"甘政办发〔2021〕{i + 1}号",
            effective_on=date(2020, 1, 1),
        )
        if i % 3 == 0:
            publish_document(body, title=f"文件{i}修订", previous_version=doc)
        elif i % 3 == 1:
            document_repeal(doc, repealed_on=date(2023, 1, 1))


def _list_queries(client) -> int:
    client.get(LIST)  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, {"limit": 200})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_it_lists_documents_in_a_fixed_number_of_queries(
    api, office, city, django_assert_max_num_queries
):
    _publish_mixed(office, city, 2)  # 3 documents: one with a later version
    assert api.get(LIST).json()["count"] == 3
    few = _list_queries(api)
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        api.get(LIST, {"limit": 200})

    _publish_mixed(office, city, 9, start=2)  # 15 documents in all
    assert api.get(LIST).json()["count"] == 15
    many = _list_queries(api)
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = api.get(LIST, {"limit": 200})
    assert len(response.json()["items"]) == 15

    assert few == many


def test_it_lists_with_all_filters_in_a_fixed_number_of_queries(
    api, office, city, django_assert_max_num_queries
):
    _publish_mixed(office, city, 10)
    query = {"body": "gs-bgt", "type": "normative", "in_force_on": "2021-01-01", "limit": 200}

    api.get(LIST, query)
    with django_assert_max_num_queries(LIST_MAX_QUERIES + 1):  # + the body lookup
        response = api.get(LIST, query)

    assert response.status_code == 200
    assert response.json()["count"] == 5
