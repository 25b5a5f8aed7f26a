"""Search kept in step with the database (outbox), query semantics, facets and scoping."""

from datetime import date

import pytest
from django.db import transaction

from gongkai.bodies.models import BodyLevel
from gongkai.documents.models import DocType
from gongkai.documents.services import document_repeal
from gongkai.search import index, query
from gongkai.search.models import SearchOutbox
from gongkai.search.selectors import MSG_INDEX_MISSING, MSG_INDEX_STALE, Filters, search
from gongkai.testing.personas import make_body, publish_document


@pytest.fixture(autouse=True)
def _own_index(settings, tmp_path):
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"


def titles(result):
    return {h.title for h in result.hits}


@pytest.fixture
def docs(office, city):
    county = make_body("chengguan", "城关区人民政府", BodyLevel.COUNTY, parent=city, serial=8)
    made = {
        "land": publish_document(
            office,
            title="关于征地信息公开的通知",
            slug="land",
            topic="国土资源、能源\\土地",
            body="<p>做好征地信息公开工作，公开征收土地补偿标准。</p>",
        ),
        "split": publish_document(
            office,
            title="土地管理办法",
            slug="split",
            body="<p>依法征收集体土地，征地补偿信息应当公开。</p>",
            doc_type=DocType.RULE,
        ),
        "city": publish_document(
            city, title="兰州市政务公开实施细则", slug="lz", body="<p>政务公开工作要点。</p>"
        ),
        "county": publish_document(
            county, title="城关区征地补偿公示", slug="cg", body="<p>征地补偿费用公示。</p>"
        ),
        "old": publish_document(
            office,
            title="征地补偿暂行规定",
            slug="old",
            effective_on=date(2010, 1, 1),
            body="<p>征地补偿按本规定执行。</p>",
        ),
    }
    index.catch_up()
    return made


def test_a_phrase_matches_only_where_it_stands(docs):
    assert titles(search('"征地信息"')) == {"关于征地信息公开的通知"}
    # unquoted, the words need only both occur
    assert titles(search("征地 信息")) == {"关于征地信息公开的通知", "土地管理办法"}


def test_a_phrase_matches_across_word_boundaries(docs):
    # 地补偿 stands across the words 征地/土地 and 补偿 in every one of these texts
    assert titles(search('"地补偿"')) == {
        "土地管理办法",
        "城关区征地补偿公示",
        "征地补偿暂行规定",
        "关于征地信息公开的通知",
    }


def test_minus_excludes_and_one_character_queries_work(docs):
    assert "征地补偿暂行规定" not in titles(search('征地 -"暂行"'))
    assert search("征").total == 4
    assert search("兰").total == 1


def test_the_title_ranks_above_the_body(docs):
    hits = search("征地补偿").hits
    assert hits[0].title in {"城关区征地补偿公示", "征地补偿暂行规定"}


def test_a_body_filter_takes_its_subtree(docs, city):
    assert titles(search("征地", Filters(body="lanzhou"))) == {"城关区征地补偿公示"}
    assert titles(search("征地", Filters(body="chengguan"))) == {"城关区征地补偿公示"}
    assert search("征地", Filters(body="gs-bgt")).total == 3


def test_facets_count_with_the_other_filters_applied(docs):
    result = search("征地", Filters(doc_type=DocType.RULE))
    assert result.total == 1
    doc_types = {k: c for k, _label, c in result.facets["doc_type"]}
    assert doc_types == {"normative": 3, "rule": 1}  # the type facet ignores its own filter
    owners = {k: c for k, _label, c in result.facets["owner"]}
    assert owners == {"gs-bgt": 1}
    bodies = {k: c for k, _label, c in result.facets["body"]}
    assert bodies == {"gs-bgt": 1, "gansu": 1}  # a body with its subordinates
    topics = {k: c for k, _label, c in search("征地").facets["topic"]}
    assert topics == {"国土资源、能源": 1}


def test_the_validity_filter_follows_repeals_and_versions(docs, office):
    effective = titles(search('"征地补偿"', Filters(validity="effective")))
    assert "征地补偿暂行规定" in effective
    document_repeal(docs["old"], repealed_on=date(2020, 1, 1))
    newer = publish_document(
        office,
        title="城关区征地补偿公示（修订）",
        slug="cg2",
        previous_version=docs["county"],
        effective_on=date(2021, 1, 1),
    )
    index.catch_up()
    after = titles(search('"征地补偿"', Filters(validity="effective")))
    assert after == effective - {"征地补偿暂行规定", "城关区征地补偿公示"} | {newer.title}
    assert titles(search('"征地补偿"', Filters(validity="repealed"))) == {"征地补偿暂行规定"}
    assert titles(search('"征地补偿"', Filters(validity="amended"))) == {"城关区征地补偿公示"}


def test_publish_unpublish_and_delete_reach_the_index_through_the_outbox(docs, office):
    doc = publish_document(office, title="新发布的征地文件", slug="fresh")
    assert "新发布的征地文件" not in titles(search("征地"))  # not yet applied
    assert search("征地").notice == MSG_INDEX_STALE
    index.catch_up()
    assert "新发布的征地文件" in titles(search("征地"))
    assert search("征地").notice is None
    doc.unpublish()
    index.catch_up()
    assert "新发布的征地文件" not in titles(search("征地"))
    docs["land"].delete()
    index.catch_up()
    assert "关于征地信息公开的通知" not in titles(search("征地"))


def test_a_rolled_back_transaction_leaves_no_trace(docs, office):
    before = SearchOutbox.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_document(office, title="回滚的文件", slug="rb")
        raise RuntimeError
    assert SearchOutbox.objects.count() == before
    index.catch_up()
    assert search("回滚").total == 0


def test_rebuild_gives_the_same_results_and_a_missing_index_is_said(docs, settings, tmp_path):
    expected = titles(search("征地"))
    assert index.rebuild() == 5
    assert titles(search("征地")) == expected
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "nowhere"
    missing = search("征地")
    assert missing.notice == MSG_INDEX_MISSING and missing.total == 0
    index.catch_up()  # the worker builds a missing index
    assert titles(search("征地")) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('"征地', query.MSG_UNBALANCED_QUOTES),
        ("，。！？", query.MSG_NO_SEARCHABLE_TEXT),
        ("x" * 10_000, query.MSG_TOO_LONG),
        ("\x00\x01\x02", query.MSG_EMPTY),
        ("", query.MSG_EMPTY),
        ("-征地", query.MSG_ONLY_EXCLUSIONS),
        (None, query.MSG_EMPTY),
    ],
)
def test_a_malformed_query_gets_a_clear_message(db, raw, message):
    result = search(raw)
    assert result.query.error == message
    assert result.total == 0


def test_the_search_page_and_api_answer_bad_queries_without_errors(client, docs):
    for q in ['"征地', "x" * 10_000, "\x00", "，，", "-a"]:
        page = client.get("/search/", {"q": q})
        assert page.status_code == 200
        api = client.get("/api/v1/search", {"q": q[:1000]})
        assert api.status_code in (200, 422)
    html = client.get("/search/", {"q": '"征地', "body": "gs-bgt"}).content.decode()
    assert query.MSG_UNBALANCED_QUOTES in html


def test_the_search_page_shows_hits_snippets_and_facets(client, docs):
    html = client.get("/search/", {"q": "征地信息", "valid_only": "1"}).content.decode()
    assert "关于征地信息公开的通知" in html
    assert "<mark>征地</mark>" in html
    assert "发文机关" in html and "有效性" in html
    api = client.get("/api/v1/search", {"q": "征地", "body": "lanzhou"}).json()
    assert api["total"] == 1 and api["hits"][0]["title"] == "城关区征地补偿公示"
    assert set(api["hits"][0]) >= {"id", "title", "url", "body", "date", "validity", "snippet"}


def test_the_search_command_prints_the_same_json(docs, capsys):
    import json

    from django.core.management import call_command

    call_command("search", "征地", "--body", "lanzhou", "--valid-only", "--limit", "5", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1 and data["hits"][0]["title"] == "城关区征地补偿公示"


def test_two_app_servers_each_follow_the_same_outbox(docs, office, settings, tmp_path):
    server_a, server_b = tmp_path / "a", tmp_path / "b"
    index.catch_up(server_a)
    doc = publish_document(office, title="两台服务器都要看到的征地文件", slug="both")
    index.catch_up(server_b)  # b is built after the change and sees it
    settings.GONGKAI_SEARCH_INDEX_DIR = server_a
    assert search("两台服务器").total == 0 and search("两台服务器").notice == MSG_INDEX_STALE
    index.catch_up(server_a)
    assert search("两台服务器").total == 1
    settings.GONGKAI_SEARCH_INDEX_DIR = server_b
    assert search("两台服务器").total == 1
    assert index.read_cursor(server_a).last_outbox_id == index.read_cursor(server_b).last_outbox_id
    assert doc.live


@pytest.mark.parametrize(
    ("raw", "required"),
    [
        ("人民政府", ["人民政府"]),  # jieba's parts 人民, 政府 … stand inside the word
        ('管理 "土地管理"', ["土地管理"]),
        ('"征地补偿" 补偿', ["征地补偿"]),
        ("征地 补偿", ["征地", "补偿"]),  # two words, each on its own
    ],
)
def test_a_required_string_inside_another_is_not_asked_twice(raw, required):
    assert query.parse(raw).required == required


def test_dropping_implied_strings_changes_no_result(docs):
    implied = search('"征地补偿" 征地 补偿')
    assert implied.query.required == ["征地补偿"]
    assert titles(implied) == titles(search('"征地补偿"'))
    assert implied.total == search('"征地补偿"').total


@pytest.mark.django_db
def test_an_index_whose_every_document_left_answers_with_nothing_found(office):
    """Tantivy answers the validity aggregation of an index with only deleted documents with no
    buckets at all: the search says nothing was found (it once failed with a KeyError)."""
    only = publish_document(office, title="唯一的文件", slug="only")
    index.catch_up()
    assert titles(search("唯一")) == {"唯一的文件"}
    only.unpublish()
    index.catch_up()
    result = search("唯一")
    assert result.total == 0 and result.hits == []
    assert all(count == 0 for _value, _label, count in result.facets["validity"])
