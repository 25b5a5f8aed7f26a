"""The public site, as a citizen gets it: home, columns, lists, document page, print, downloads."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from gongkai.documents.models import (
    Attachment,
    Disclosure,
    DocType,
    DocumentAttachment,
    InterpretationForm,
)
from gongkai.documents.services import document_repeal
from gongkai.sites.services import body_set_hostname
from gongkai.testing.personas import column, publish_document


@pytest.fixture
def docs(office):
    v1 = publish_document(
        office,
        title="申请办理规定",
        slug="v1",
        doc_number="甘政办发〔2019〕101号",
        effective_on=date(2020, 1, 1),
        topic="综合政务\\政务公开",
    )
    v2 = publish_document(
        office,
        title="申请办理规定（2022年修订）",
        slug="v2",
        doc_number="甘政办发〔2022〕37号",
        effective_on=date(2022, 5, 1),
        previous_version=v1,
        topic="综合政务\\政务公开",
    )
    repealer = publish_document(
        office, title="关于废止部分文件的决定", slug="fz", effective_on=date(2021, 10, 1)
    )
    old = publish_document(office, title="暂行办法", slug="old", effective_on=date(2010, 1, 1))
    document_repeal(old, repealed_on=date(2021, 10, 1), repealing_document=repealer)
    interp = publish_document(
        office,
        title="《申请办理规定》解读",
        slug="jd",
        doc_type=DocType.INTERPRETATION,
        interprets=v2,
        interpretation_form=InterpretationForm.QA,
    )
    return {"v1": v1, "v2": v2, "old": old, "repealer": repealer, "interp": interp}


def text(response):
    return response.content.decode()


def test_the_portal_lists_the_bodies_and_the_latest_documents(client, docs, office, city):
    html = text(client.get("/"))
    assert office.name in html and city.name in html
    assert "申请办理规定（2022年修订）" in html


def test_a_body_home_shows_its_columns(client, office):
    response = client.get("/gs-bgt/")
    assert response.status_code == 200
    for title in ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]:
        assert title in text(response)


def test_the_document_page_shows_the_standard_information_block(client, docs):
    html = text(client.get(docs["v2"].url))
    for label in [
        "索引号",
        "主题分类",
        "发文机关",
        "成文日期",
        "标题",
        "发文字号",
        "发布日期",
        "有效性",
    ]:
        assert f">{label}<" in html
    assert docs["v2"].index_number_record.value in html
    assert "甘政办发〔2022〕37号" in html
    assert '<meta name="ArticleTitle" content="申请办理规定（2022年修订）">' in html
    assert '<meta name="ColumnName" content="行政法规、规章和规范性文件">' in html


def test_an_amended_document_shows_a_banner_linking_the_version_in_force(client, docs):
    html = text(client.get(docs["v1"].url))
    assert "本文件已修改" in html
    assert f'href="{docs["v2"].url}"' in html
    assert "历次版本" in html


def test_a_repealed_document_names_the_repealing_document(client, docs):
    html = text(client.get(docs["old"].url))
    assert "本文件已废止" in html
    assert "2021年10月1日废止" in html
    assert f'href="{docs["repealer"].url}"' in html


def test_a_document_in_force_has_no_banner(client, docs):
    assert "validity-banner" not in text(client.get(docs["v2"].url))


def test_interpretations_are_linked_both_ways(client, docs):
    assert f'href="{docs["interp"].url}"' in text(client.get(docs["v2"].url))
    assert f'href="{docs["v2"].url}"' in text(client.get(docs["interp"].url))


def test_the_print_view_has_the_document_without_the_site_chrome(client, docs):
    response = client.get(docs["v1"].url + "print/")
    html = text(response)
    assert response.status_code == 200
    assert "索引号" in html and "本文件已修改" in html
    assert "site-nav" not in html


def test_an_attachment_downloads(client, office):
    doc = publish_document(office, title="带附件的文件", slug="att")
    att = Attachment(title="附件一", collection=office.collection)
    att.file.save(
        "fj.pdf", ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), save=False
    )
    att.save()
    DocumentAttachment.objects.create(page=doc, attachment=att, title="附件一（PDF）")
    doc.save_revision().publish()
    html = text(client.get(doc.url))
    assert att.url in html
    download = client.get(att.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_withheld_document_shows_its_metadata_but_not_its_text(client, office):
    doc = publish_document(
        office,
        title="内部文件目录",
        slug="nb",
        disclosure=Disclosure.WITHHELD,
        withheld_reason="属于内部事务信息（条例第十六条）",
        body="<p>机密正文</p>",
    )
    html = text(client.get(doc.url))
    assert "内部文件目录" in html and "条例第十六条" in html
    assert "机密正文" not in html


def test_column_lists_filter_and_paginate(client, office):
    for i in range(25):
        publish_document(
            office,
            title=f"文件{i:02d}",
            slug=f"d{i}",
            doc_type=DocType.NORMATIVE if i % 2 else DocType.OTHER,
        )
    url = column(office, "art20-1").url
    first = text(client.get(url))
    assert "共 25 条" in first and "下一页" in first
    second = text(client.get(url, {"page": 2}))
    assert second.count("<tr>") == 1 + 5
    normative = text(client.get(url, {"doc_type": "normative"}))
    assert "共 12 条" in normative and normative.count("<tr>") == 1 + 12


def test_bad_filter_input_gets_a_chinese_message_and_keeps_the_choices(client, office):
    response = client.get("/library/", {"year": "abc", "doc_type": "normative"})
    html = text(response)
    assert response.status_code == 200
    assert "请输入四位年份" in html
    assert '<option value="normative" selected>' in html
    for bad in ({"page": "999"}, {"page": "x"}, {"validity": "nonsense"}, {"body": "<script>"}):
        assert client.get("/library/", bad).status_code == 200


def test_the_library_lists_every_body_and_filters_by_body_and_validity(client, docs, city):
    lz = publish_document(city, title="兰州文件", slug="lz")
    all_html = text(client.get("/library/"))
    assert "兰州文件" in all_html and "申请办理规定" in all_html
    only_city = text(client.get("/library/", {"body": "lanzhou"}))
    assert "兰州文件" in only_city and "申请办理规定" not in only_city
    amended = text(client.get("/library/", {"validity": "amended"}))
    assert "申请办理规定" in amended and "兰州文件" not in amended
    assert lz.live


def test_a_missing_page_is_a_chinese_404_without_a_trace(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in text(response)
    assert "Traceback" not in text(response)


def test_a_body_with_its_own_host_name_is_served_at_its_root(client, office):
    body_set_hostname(office, "bgt.example.gov.cn")
    response = client.get("/", HTTP_HOST="bgt.example.gov.cn")
    assert response.status_code == 200
    assert "<h1>甘肃省人民政府办公厅</h1>" in text(response)
    assert client.get("/gs-bgt/", HTTP_HOST="localhost").status_code == 200


def test_the_large_text_mode_works_without_javascript(client, db):
    response = client.get("/large-text/", {"next": "/library/"})
    assert response.status_code == 302 and response["Location"] == "/library/"
    assert 'class="large-text"' in text(client.get("/library/"))
    assert client.get("/large-text/", {"next": "https://evil.example/"})["Location"] == "/"


def test_a_column_list_does_not_query_per_document(client, office, django_assert_max_num_queries):
    for i in range(30):
        publish_document(office, title=f"文件{i:02d}", slug=f"q{i}")
    url = column(office, "art20-1").url
    client.get(url)  # warm caches (site root paths)
    with django_assert_max_num_queries(30):
        client.get(url)
