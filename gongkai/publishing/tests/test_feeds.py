"""The Atom feeds read by a real client (feedparser: no bozo), with RFC 6721 tombstones for the
documents that left and none once they are back; the sitemaps and robots.txt read by a real
sitemap crawler (ultimate-sitemap-parser)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from gongkai.documents.models import DocType
from gongkai.publishing.feeds import TOMBSTONES_NS, entry_id
from gongkai.publishing.models import Tombstone
from gongkai.testing.personas import column, publish_document

AT = "{http://www.w3.org/2005/Atom}"
DELETED = f"{{{TOMBSTONES_NS}}}deleted-entry"


def _feed(client, url: str, **params):
    response = client.get(url, params)
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/atom+xml"
    )
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    stones = {e.get("ref"): e.get("when") for e in ET.fromstring(response.content).iter(DELETED)}
    return parsed, {entry.id: entry for entry in parsed.entries}, stones


@pytest.fixture
def documents(office, city):
    return {
        "rule": publish_document(
            office, title="甘肃省政务公开办法", slug="rule", doc_type=DocType.RULE
        ),
        "notice": publish_document(office, title="关于做好政务公开工作的通知", slug="notice"),
        "city": publish_document(city, title="兰州市政务公开实施细则", slug="lz"),
    }


@pytest.mark.django_db
def test_feeds_of_the_platform_a_body_its_subtree_and_a_column(client, documents, province, office):
    parsed, entries, stones = _feed(client, reverse("feed"))
    ids = {entry_id(d.pk) for d in documents.values()}
    assert ids <= set(entries) and stones == {}
    assert parsed.feed.title == "甘肃省政务公开平台"
    assert b'xml:lang="zh-CN"' in client.get(reverse("feed")).content
    rule = entries[entry_id(documents["rule"].pk)]
    assert rule.title == "甘肃省政务公开办法" and rule.link.endswith(documents["rule"].url)
    assert "规章" in rule.summary and rule.updated and rule.published

    _, office_entries, _ = _feed(client, reverse("feed_body", args=[office.code]))
    assert set(office_entries) == {entry_id(documents["rule"].pk), entry_id(documents["notice"].pk)}
    _, mine, _ = _feed(client, reverse("feed_body", args=[province.code]))
    assert entry_id(documents["city"].pk) not in mine
    _, subtree, _ = _feed(client, reverse("feed_body", args=[province.code]), subtree="1")
    assert ids <= set(subtree)

    pinned = publish_document(province, title="权威发布的通告", slug="pinned", pinned_subtree=True)
    _, with_pinned, _ = _feed(client, reverse("feed_body", args=[office.code]))
    assert entry_id(pinned.pk) in with_pinned
    own = column(office, "art20-1")
    _, in_column, _ = _feed(client, reverse("feed_column", args=[own.pk]))
    assert set(in_column) == {entry_id(documents["rule"].pk), entry_id(documents["notice"].pk)}
    _, rules, _ = _feed(client, reverse("feed_library"), doc_type=DocType.RULE)
    assert set(rules) == {entry_id(documents["rule"].pk)}
    assert client.get(reverse("feed_body", args=["nobody"])).status_code == 404


@pytest.mark.django_db
def test_a_document_that_leaves_is_a_tombstone_until_it_comes_back(client, documents, office):
    notice = documents["notice"]
    url = notice.url
    notice.unpublish()
    assert Tombstone.objects.get(page_id=notice.pk).url == url
    for url in (reverse("feed"), reverse("feed_body", args=[office.code])):
        _, entries, stones = _feed(client, url)
        assert entry_id(notice.pk) not in entries and entry_id(notice.pk) in stones
    _, _, stones = _feed(client, reverse("feed_column", args=[column(office, "art20-1").pk]))
    assert entry_id(notice.pk) in stones
    notice.get_latest_revision().publish()
    assert not Tombstone.objects.filter(page_id=notice.pk).exists()
    _, entries, stones = _feed(client, reverse("feed"))
    assert entry_id(notice.pk) in entries and stones == {}


@pytest.mark.django_db
def test_the_search_feed_holds_the_hits(client, documents, settings, tmp_path):
    from gongkai.search import index

    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"
    index.catch_up()
    _, entries, _ = _feed(client, reverse("feed_search"), q="实施细则")
    assert set(entries) == {entry_id(documents["city"].pk)}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_robots_names_the_sitemaps_which_a_crawler_reads(live_server, office, city):
    from usp.tree import sitemap_tree_for_homepage

    rule = publish_document(office, title="甘肃省政务公开办法", slug="rule")
    robots = __import__("urllib.request").request.urlopen(live_server.url + "/robots.txt").read()
    assert b"Sitemap: " + live_server.url.encode() + b"/sitemap.xml" in robots
    assert b"Disallow: /admin/" in robots
    tree = sitemap_tree_for_homepage(live_server.url + "/", use_known_paths=False)
    pages = {page.url: page for page in tree.all_pages()}
    assert live_server.url + rule.url in pages
    assert pages[live_server.url + rule.url].last_modified is not None
    assert live_server.url + office.home_page.url in pages
    sitemaps = {s.url for s in tree.all_sitemaps()}
    assert live_server.url + f"/sitemap-body-{office.code}.xml" in sitemaps
