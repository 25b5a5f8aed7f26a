"""The demo `make run` shows (`manage.py load_demo`, gongkai/web/demo/).

SLOW: `test_load_demo_makes_every_page_type_and_a_second_run_changes_nothing` builds the whole
demo — 29 bodies with their sites, ~80 documents, 43 laws, cases and 28 annual reports — about
30 s on one core, then loads it again. It is the only test that builds the whole demo; keep it
that way (one module, one test), and put any new check of the demo in it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from gongkai.applications.models import Application, TypicalCase
from gongkai.bodies.models import Body
from gongkai.bodies.selectors import body_directory
from gongkai.columns.models import ColumnPage
from gongkai.core.dates import today
from gongkai.documents.models import DocType, LibraryPage, PolicyDocumentPage, ValidityStatus
from gongkai.documents.selectors import annotate_validity
from gongkai.reports.pages import AnnualReportPage
from gongkai.sites.models import SiteFooterSettings
from gongkai.web.demo import SEED_FILE
from gongkai.web.demo.base import BODIES, KEY_POINTS_ANNEX, seed_body_html

PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd\ufffd]")
SHARED_SEED = Path(__file__).resolve().parents[3].parent / "shared/seed/000_1a7aff5cb3f06ed9.txt"


def _paragraphs(html: str) -> list[str]:
    return re.findall(r"<(?:p|h2|h3)>(.*?)</(?:p|h2|h3)>", html)


def test_the_seed_ships_with_the_demo_as_the_source_gives_it():
    text = SEED_FILE.read_text(encoding="utf-8")
    assert PRIVATE_USE.search(text) and "２０２１" in text  # the raw text, for the cleaner to clean
    if SHARED_SEED.exists():
        assert text == SHARED_SEED.read_text(encoding="utf-8")


def test_the_seed_as_the_demo_loads_it_has_no_private_use_glyph_and_proper_paragraphs():
    html = seed_body_html(SEED_FILE.read_text(encoding="utf-8"))
    assert not PRIVATE_USE.search(html)
    assert not re.search("[０-９]", html)
    paragraphs = _paragraphs(html)
    # The red header, the 发文字号 under it and the title (the page shows them) are not text.
    assert paragraphs[0] == "各市、自治州人民政府，兰州新区管委会，省政府各部门，中央在甘有关单位："
    assert not any("办公厅文件" in p or p.startswith("甘政办发") for p in paragraphs)
    assert f"<h2>{KEY_POINTS_ANNEX}</h2>" in html
    assert "<h3>一、加强重点领域信息公开</h3>" in html
    assert any("“中国·甘肃”门户网站" in p for p in paragraphs)
    assert any(p.startswith("1．强化政府网站建设管理。") for p in paragraphs)
    # One paragraph per item of the key points (（一）…（二十一）), each whole: its 责任单位 at its end.
    items = [p for p in paragraphs if re.match(r"（[一二三四五六七八九十]+）", p)]
    assert len(items) == 21
    assert all(p.endswith("）") and "（责任单位：" in p for p in items if p != items[10])
    # A paragraph ends a sentence, or is short (a heading, the signature, a date).
    assert all(p[-1] in "。：；）" or len(p) <= 28 for p in paragraphs), paragraphs
    assert paragraphs[-1] == "甘肃省人民政府办公厅 2021年6月16日印发"


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_load_demo_makes_every_page_type_and_a_second_run_changes_nothing(client):
    call_command("load_demo", stdout=io.StringIO())
    year = today().year - 1
    codes = [code for code, *_ in BODIES]
    bodies = {b.code: b for b in Body.objects.filter(code__in=codes)}
    assert len(bodies) == 29

    # Every body: its openness office and contact details, and its 政府信息公开指南.
    for body in bodies.values():
        assert body.openness_office and body.office_address and body.postcode
        assert body.phone and body.fax and body.email and body.office_hours
        guide_column = ColumnPage.objects.descendant_of(body.home_page).get(catalogue_key="guide")
        guide = PolicyDocumentPage.objects.child_of(guide_column).live().get()
        for detail in (body.openness_office, body.office_address, body.phone, body.fax, body.email):
            assert detail in guide.body
        assert f"/apply/{body.code}/" in guide.body
    office = bodies["gs-bgt"]
    response = client.get("/gs-bgt/zhinan/gkzn/")
    assert response.status_code == 200 and office.phone in response.content.decode()

    # Documents of many bodies, in every validity state, interpretations linked.
    demo = annotate_validity(
        PolicyDocumentPage.objects.filter(source_key__startswith="demo:").exclude(
            source_key__startswith="demo:guide-"
        )
    )
    by_state: dict[str, set[str]] = {}
    for page in demo:
        owner = Body.objects.get(home_page__in=page.get_ancestors())
        by_state.setdefault(page.validity, set()).add(owner.code)
    assert set(by_state) == {s.value for s in ValidityStatus}
    assert len(set().union(*by_state.values()) - {"gs-bgt"}) >= 10
    assert all(len(owners - {"gs-bgt"}) >= 1 for owners in by_state.values()), by_state
    interpretations = demo.filter(doc_type=DocType.INTERPRETATION)
    assert interpretations.count() >= 7
    assert not interpretations.filter(interprets__isnull=True).exists()

    # 工作制度 in the 制度 columns, in several validity states.
    rules = annotate_validity(
        PolicyDocumentPage.objects.filter(
            pk__in=[
                page.pk
                for column in ColumnPage.objects.filter(catalogue_key="rules")
                for page in PolicyDocumentPage.objects.child_of(column)
            ]
        )
    )
    assert {r.validity for r in rules} == {s.value for s in ValidityStatus}
    assert client.get("/gs-bgt/zhidu/").status_code == 200

    # The founding notice, as loaded: clean paragraphs.
    key_points = PolicyDocumentPage.objects.get(source_key="demo:gzyd-2021")
    assert not PRIVATE_USE.search(key_points.body)
    assert len(_paragraphs(key_points.body)) > 30

    # The national law library: levels, version chains, laws no longer in force.
    library = LibraryPage.objects.get(slug="flfg")
    laws = annotate_validity(PolicyDocumentPage.objects.descendant_of(library))
    assert laws.count() == 43
    assert laws.filter(previous_version__isnull=False).count() == 7
    assert {law.validity for law in laws} == {"effective", "amended", "repealed"}
    assert client.get("/flfg/").status_code == 200
    assert client.get("/flfg/xzfg/").status_code == 200
    regulation = laws.get(title="政府信息公开条例")
    assert client.get(regulation.url).status_code == 200

    # Last year's cases, typical cases, and the published annual reports computed from them.
    county = bodies["chengguan"]
    assert Application.objects.filter(body=county, received_on__year=year).count() == 13
    assert TypicalCase.objects.filter(status="published").count() == 3
    assert all(case.letter_pdf for case in TypicalCase.objects.all())
    assert client.get("/apply/cases/").status_code == 200
    report = AnnualReportPage.objects.get(body=county, year=year)
    assert report.live and report.frozen_tables
    assert "【" not in report.general + report.problems + report.other_matters
    page = client.get(report.url).content.decode()
    assert "收到和处理政府信息公开申请情况" in page
    assert AnnualReportPage.objects.filter(year=year, live=True).count() == 28
    assert not AnnualReportPage.objects.get(body=office, year=year).live  # the editor's draft

    # The bodies in the official order (BODIES), grouped; the default site's footer, demo values.
    groups = {g["label"]: [n["body"].code for n in g["nodes"]] for g in body_directory()}
    assert groups["省政府部门"][0] == "gs-bgt"
    assert groups["市州"][0] == "lanzhou" and groups["市州"][-1] == "lzxq"
    footer = SiteFooterSettings.objects.get(site__is_default_site=True)
    assert footer.icp_number and footer.police_number and footer.party_gov_mark
    portal = client.get("/").content.decode()
    assert footer.icp_number in portal and '<meta name="SiteIDCode" content="6200000001">' in portal

    # Idempotent: a second run adds, changes and publishes nothing.
    before = _row_counts()
    revisions = set(PolicyDocumentPage.objects.values_list("pk", "latest_revision_id"))
    call_command("load_demo", stdout=io.StringIO())
    assert _row_counts() == before
    assert set(PolicyDocumentPage.objects.values_list("pk", "latest_revision_id")) == revisions
