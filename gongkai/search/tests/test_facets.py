"""Facet counts that add up: the count beside a facet value is the number of results its link
gives, for 发文机关 (a body exactly, or with its subordinate bodies), 文种, 主题分类, 年份 and
有效性; and what the search page shows when nothing is found."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse

from gongkai.core.dates import start_of_day
from gongkai.documents.models import DocType
from gongkai.search import index
from gongkai.search.tests.facets import facet_counts, facet_mismatches, page_search
from gongkai.testing.personas import publish_document


@pytest.fixture(autouse=True)
def _own_index(settings, tmp_path):
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"


@pytest.fixture
def docs(province, office, city):
    """征地 documents of the province (2), its General Office (3) and the city (1), both of the
    latter subordinate to the province; of several types, topics, years and validities."""

    def make(owner, slug, title, published, **fields):
        return publish_document(
            owner,
            slug=slug,
            title=title,
            first_published_at=start_of_day(published),
            body=f"<p>{title}。</p>",
            **fields,
        )

    made = {
        "gs-rule": make(
            province, "gs-rule", "甘肃省征地管理规定", date(2021, 3, 1), doc_type=DocType.RULE
        ),
        "gs-std": make(
            province,
            "gs-std",
            "甘肃省征地补偿标准",
            date(2023, 6, 1),
            topic="国土资源、能源\\土地",
        ),
        "bgt-1": make(office, "bgt-1", "关于做好征地信息公开的通知", date(2023, 2, 1)),
        "bgt-2": make(
            office,
            "bgt-2",
            "征地补偿款发放暂行办法",
            date(2020, 5, 1),
            expires_on=date(2022, 5, 1),
            topic="国土资源、能源\\土地",
        ),
        "bgt-3": make(office, "bgt-3", "征地听证程序规定", date(2024, 1, 10)),
        "lz": make(city, "lz", "兰州市征地补偿公示", date(2024, 8, 8)),
        "other": make(office, "other", "政务公开工作要点", date(2024, 1, 1)),
    }
    index.catch_up()
    return made


def test_the_issuing_body_facet_counts_a_body_exactly_or_with_its_subordinates(docs):
    result = page_search({"q": "征地"})
    assert result.total == 6
    assert facet_counts(result, "owner") == {"gansu": 2, "gs-bgt": 3, "lanzhou": 1}
    assert facet_counts(result, "body") == {"gansu": 6, "gs-bgt": 3, "lanzhou": 1}
    assert page_search({"q": "征地", "owner": "gansu"}).total == 2
    assert page_search({"q": "征地", "body": "gansu"}).total == 6


@pytest.mark.parametrize(
    "params",
    [
        {"q": "征地"},
        {"q": "征地 补偿"},
        {"q": "征地", "owner": "gansu"},
        {"q": "征地", "body": "gansu"},
        {"q": "征地", "body": "gansu", "owner": "gs-bgt"},  # a body's own box, then one body
        {"q": "征地", "body": "lanzhou"},
        {"q": "征地", "doc_type": DocType.RULE},
        {"q": "征地", "year": "2023", "topic": "国土资源、能源"},
        {"q": "征地", "valid_only": "1"},
        {"q": "征地", "validity": "expired", "owner": "gs-bgt"},
    ],
)
def test_every_facet_count_is_the_number_of_results_its_link_gives(docs, params):
    assert facet_mismatches(params) == []


def test_an_issuing_body_offers_its_subordinates_on_the_page_with_matching_counts(client, docs):
    html = client.get("/search/", {"q": "征地"}).content.decode()
    assert "共找到 6 条结果" in html
    link = re.search(r'<a href="(\?[^"]*owner=gansu[^"]*)">甘肃省人民政府（(\d+)）</a>', html)
    assert link and link.group(2) == "2"
    chosen = client.get("/search/" + link.group(1).replace("&amp;", "&")).content.decode()
    assert "共找到 2 条结果" in chosen
    assert '<strong aria-current="true">甘肃省人民政府（2）</strong>' in chosen
    subordinates = re.search(
        r'<a href="(\?[^"]*body=gansu[^"]*)"><span class="visually-hidden">甘肃省人民政府</span>'
        r"含下级机关（(\d+)）</a>",
        chosen,
    )
    assert subordinates and subordinates.group(2) == "6"
    assert "owner=" not in subordinates.group(1)
    scoped = client.get("/search/" + subordinates.group(1).replace("&amp;", "&")).content.decode()
    assert "共找到 6 条结果" in scoped
    assert '<strong aria-current="true">甘肃省人民政府 含下级机关（6）</strong>' in scoped


def test_no_results_are_not_a_numbered_item_and_offer_ways_on(client, docs):
    html = client.get("/search/", {"q": "不存在的检索词"}).content.decode()
    assert "共找到 0 条结果" in html
    assert 'class="results"' not in html and "<ol" not in html.split('id="h-results"')[1]
    assert f'href="{reverse("library")}"' in html and reverse("library") == "/library/"
    assert f'href="{reverse("apply:choose")}"' in html and reverse("apply:choose") == "/apply/"
    assert "检查检索词的写法" in html and "减少检索词" in html
    assert "去掉筛选条件" not in html  # nothing to take off
    filtered = client.get("/search/", {"q": "征地", "doc_type": DocType.PLAN}).content.decode()
    assert "共找到 0 条结果" in filtered
    assert "去掉筛选条件" in filtered and 'href="/search/?q=%E5%BE%81%E5%9C%B0"' in filtered


def test_a_page_past_the_last_says_so_instead_of_nothing_found(client, docs):
    html = client.get("/search/", {"q": "征地", "page": "3"}).content.decode()
    assert "第 3 页没有结果" in html and "没有找到" not in html


def test_result_dates_are_written_as_on_every_other_page(client, docs):
    html = client.get("/search/", {"q": "兰州市征地补偿公示"}).content.decode()
    day = Template("{% load gongkai_tags %}{{ day|cn_date }}").render(
        Context({"day": date(2024, 8, 8)})
    )
    assert day.startswith("2024年") and day in html
    assert "2024-08-08" not in html


def test_the_api_and_the_command_take_a_body_exactly_or_with_its_subordinates(client, docs, capsys):
    import json

    from django.core.management import call_command

    api = client.get("/api/v1/search", {"q": "征地", "owner": "gansu"}).json()
    assert api["total"] == 2
    everything = client.get("/api/v1/search", {"q": "征地"}).json()
    assert {f["key"]: f["count"] for f in everything["facets"]["body"]}["gansu"] == 6
    assert client.get("/api/v1/search", {"q": "征地", "body": "gansu"}).json()["total"] == 6
    call_command("search", "征地", "--owner", "gs-bgt", "--json")
    assert json.loads(capsys.readouterr().out)["total"] == 3
