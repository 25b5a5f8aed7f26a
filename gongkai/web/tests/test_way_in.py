"""Finding the way in: the 依申请公开 entry on the portal, the bodies in the official order and
grouped, each body's 政府信息公开工作机构, the SiteIDCode and the footer items of every page, 相关解读
under a policy's title, and the print view's button and attachments."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Site

from gongkai.bodies.models import BodyLevel
from gongkai.documents.models import Attachment, DocType, DocumentAttachment, InterpretationForm
from gongkai.sites.models import SiteFooterSettings
from gongkai.testing.personas import bare_body, publish_document

NO_BODY_PAGES = ["/", "/library/", "/search/", "/apply/"]


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def site_id_code(html: str) -> str:
    return re.search(r'<meta name="SiteIDCode" content="([^"]*)">', html).group(1)


def footer(html: str) -> str:
    return re.search(r'<footer class="site-footer".*?</footer>', html, re.S).group(0)


def contact_block(html: str) -> str:
    found = re.search(r'<section class="body-contact".*?</section>', html, re.S)
    return found.group(0) if found else ""


def group_headings(html: str) -> list[str]:
    return re.findall(r'<h3 class="body-group-label">(.*?)</h3>', html)


@pytest.fixture
def footer_settings(province):
    site = Site.objects.get(is_default_site=True)
    png = io.BytesIO()
    PillowImage.new("RGB", (12, 10), "#c8161d").save(png, format="PNG")
    mark = get_image_model().objects.create(
        title="标识", file=ImageFile(png, name="mark.png"), collection=province.collection
    )
    return SiteFooterSettings.objects.create(
        site=site,
        organiser="甘肃省人民政府办公厅（测试）",
        phone="0931-1234567",
        email="web@gansu.example",
        site_id_code="6200000099",
        icp_number="甘ICP备12345678号-1",
        police_number="甘公网安备 62010202000548号",
        party_gov_mark=mark,
        party_gov_mark_url="https://bszs.conac.cn/sitename?method=show&id=TEST",
    )


# --- 依申请公开 on the portal --------------------------------------------------------------------


def test_the_portal_leads_to_applying_and_to_tracking(client, province):
    html = html_of(client.get("/"))
    entry = re.search(r'<section aria-labelledby="h-apply".*?</section>', html, re.S).group(0)
    assert "依申请公开" in entry and "条例》第二十七条" in entry
    assert f'href="{reverse("apply:choose")}"' in entry
    assert f'href="{reverse("apply:track")}"' in entry
    # Before the latest documents: the first thing after the search box.
    assert html.index('id="h-apply"') < html.index('id="h-latest"')


# --- Bodies in the official order, grouped -------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/apply/"])
def test_the_bodies_are_grouped_in_the_official_order(client, province, office, city, url):
    bare_body(province, "gs-aaa", "甘肃省乙厅", BodyLevel.DEPARTMENT, "620000", sort_order=20)
    bare_body(province, "baiyin", "白银市人民政府", BodyLevel.PREFECTURE, "620400")
    bare_body(city, "chengguan", "兰州市城关区人民政府", BodyLevel.COUNTY, "620102")
    html = html_of(client.get(url))
    directory = re.search(r'<div class="body-directory">.*</ul>\s*</div>', html, re.S).group(0)
    assert group_headings(directory) == ["省政府", "省政府部门", "市州"]
    order = [
        province.name,
        "省政府部门",
        office.name,
        "甘肃省乙厅",
        "市州",
        city.name,
        "县区",
        "兰州市城关区人民政府",
        "白银市人民政府",
    ]
    positions = [directory.index(text) for text in order]
    assert positions == sorted(positions)


def test_the_choice_of_body_links_each_to_its_form_with_its_contact_folded(client, office):
    office.phone = "0931-8888001"
    office.save()
    html = html_of(client.get(reverse("apply:choose")))
    assert f'href="{reverse("apply:form", args=[office.code])}"' in html
    folded = re.search(r'<details class="body-contact-details">.*?</details>', html, re.S)
    assert "0931-8888001" in folded.group(0) and "联系方式" in folded.group(0)
    assert html.count("<details") == 1  # the bodies without contact details have none


# --- The 政府信息公开工作机构 of a body ------------------------------------------------------------


@pytest.mark.parametrize("where", ["home", "form"])
def test_a_body_shows_its_openness_office_without_the_empty_fields(client, office, where):
    office.openness_office = "甘肃省人民政府办公厅政务公开办公室"
    office.phone = "0931-8888001"
    office.email = "xxgk@gs-bgt.example"
    office.save()
    url = office.home_page.url if where == "home" else reverse("apply:form", args=[office.code])
    block = contact_block(html_of(client.get(url)))
    assert "政府信息公开工作机构" in block
    for shown in (
        "甘肃省人民政府办公厅政务公开办公室",
        "0931-8888001",
        "mailto:xxgk@gs-bgt.example",
    ):
        assert shown in block
    for hidden in ("办公地址", "邮政编码", "办公时间", "传真"):
        assert hidden not in block


@pytest.mark.parametrize("where", ["home", "form"])
def test_a_body_without_contact_details_shows_no_block(client, city, where):
    url = city.home_page.url if where == "home" else reverse("apply:form", args=[city.code])
    assert "body-contact" not in html_of(client.get(url))


# --- SiteIDCode and the footer -------------------------------------------------------------------


@pytest.mark.parametrize("url", NO_BODY_PAGES)
def test_the_pages_of_no_body_carry_the_top_bodys_site_id_code(client, province, url):
    province.site_id_code = "6200000001"
    province.save()
    html = html_of(client.get(url))
    assert site_id_code(html) == "6200000001"
    assert "网站标识码：6200000001" in footer(html)


@pytest.mark.parametrize("url", NO_BODY_PAGES)
def test_the_sites_own_site_id_code_comes_first(client, footer_settings, url):
    assert site_id_code(html_of(client.get(url))) == "6200000099"


def test_a_bodys_pages_carry_its_own_site_id_code(client, office, footer_settings):
    office.site_id_code = "6200000002"
    office.save()
    html = html_of(client.get(office.home_page.url))
    assert site_id_code(html) == "6200000002"
    assert "主办单位：甘肃省人民政府办公厅<" in footer(html)  # the body, not the site's organiser


def test_the_footer_shows_the_sites_items(client, footer_settings):
    html = footer(html_of(client.get("/library/")))
    assert "主办单位：甘肃省人民政府办公厅（测试）" in html
    assert "网站联系电话：0931-1234567" in html
    assert 'href="mailto:web@gansu.example"' in html
    assert "网站标识码：6200000099" in html
    assert '<a href="https://beian.miit.gov.cn/">甘ICP备12345678号-1</a>' in html
    assert "code=62010202000548" in html and "甘公网安备 62010202000548号" in html
    mark = re.search(r'<p class="party-gov-mark">.*?</p>', html, re.S).group(0)
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=TEST"' in mark
    assert 'alt="党政机关网站标识"' in mark and footer_settings.party_gov_mark.file.url in mark


def test_the_footer_leaves_out_what_is_not_configured(client, province):
    site = Site.objects.get(is_default_site=True)
    SiteFooterSettings.objects.create(site=site, icp_number="甘ICP备12345678号-1")
    html = footer(html_of(client.get("/")))
    assert "甘ICP备12345678号-1" in html
    for absent in (
        "主办单位",
        "网站联系电话",
        "网站联系邮箱",
        "公网安备",
        "party-gov-mark",
        "网站标识码",
    ):
        assert absent not in html


def test_a_page_view_writes_no_settings_row(client, province):
    client.get("/")
    assert not SiteFooterSettings.objects.exists()


def test_the_operator_edits_the_footer_in_the_admin(client, operator, province):
    site = Site.objects.get(is_default_site=True)
    client.force_login(operator)
    url = reverse("wagtailsettings:edit", args=["sites", "sitefootersettings", site.pk])
    html = html_of(client.get(url))
    assert "ICP备案号" in html and "党政机关网站标识" in html


# --- 相关解读 and the print view -----------------------------------------------------------------


def test_the_interpretations_are_listed_under_the_title_before_the_text(client, office):
    policy = publish_document(office, title="某规定", slug="gd", body="<p>正文第一段。</p>")
    interp = publish_document(
        office,
        title="《某规定》解读",
        slug="jd",
        doc_type=DocType.INTERPRETATION,
        interprets=policy,
        interpretation_form=InterpretationForm.QA,
    )
    html = html_of(client.get(policy.url))
    assert html.index("<h1>某规定</h1>") < html.index("相关解读") < html.index("正文第一段。")
    assert html.count(f'href="{interp.url}"') == 1  # once, not again at the bottom


def test_a_policy_without_interpretations_has_no_such_block(client, office):
    policy = publish_document(office, title="某规定", slug="gd")
    assert "相关解读" not in html_of(client.get(policy.url))


def test_the_print_view_has_a_print_button_and_lists_the_attachments(client, office):
    doc = publish_document(office, title="带附件的文件", slug="att", body="<p>正文。</p>")
    att = Attachment(title="附件一", collection=office.collection)
    att.file.save("fj.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 2000), save=False)
    att.save()
    DocumentAttachment.objects.create(page=doc, attachment=att, title="附件一：实施细则")
    doc.save_revision().publish()
    html = html_of(client.get(doc.url + "print/"))
    assert re.search(r"<button type=\"button\" data-print hidden>打印本页</button>", html)
    assert "web/print.js" in html
    attachments = re.search(r'<section class="print-attachments".*?</section>', html, re.S)
    assert "附件一：实施细则" in attachments.group(0)
    assert "（PDF，2.0" in attachments.group(0)  # its size, as filesizeformat gives it
