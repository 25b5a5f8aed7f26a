"""The site sections of the platform: the portal at the root of the shared host, and one home page
per body (本机关站点首页) at `/<code>/`, or at `/` of the body's own host name when one is set.

They live above `bodies`, `columns` and `documents` (docs/decisions.md, "Site pages and body
provisioning in their own app"): a home page lists the body's columns and latest documents, so the
app that holds it must be allowed to import those apps, and `bodies` must not.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import body_directory
from gongkai.columns.selectors import columns_of_body
from gongkai.documents.selectors import documents_latest, pinned_notices


class PortalHomePage(Page):
    """The province portal: the root of the shared host. Lists the bodies and the library."""

    intro = models.TextField("简介", blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["sites.BodyHomePage", "documents.LibraryPage"]
    max_count = 1
    template = "web/portal_home_page.html"

    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = "平台首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["body_groups"] = body_directory()
        context["latest_documents"] = documents_latest(limit=10)
        return context


class BodyHomePage(Page):
    """A body's site section (本机关站点首页)."""

    body = models.OneToOneField(Body, on_delete=models.PROTECT, related_name="+", null=True)
    intro = models.TextField("简介", blank=True)

    parent_page_types = ["sites.PortalHomePage"]
    subpage_types = ["columns.ColumnPage"]
    template = "web/body_home_page.html"

    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = "机关站点首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["columns"] = columns_of_body(self)
        context["latest_documents"] = documents_latest(under=self, limit=10)
        context["pinned"] = pinned_notices(self)
        return context


@register_setting(icon="list-ul")
class SiteFooterSettings(BaseSiteSetting):
    """What the footer of every page of a Wagtail Site shows about the website (《政府网站发展指引》,
    国办发〔2017〕47号): who runs it, how to reach them, its 网站标识码, its ICP and public-security
    filing numbers, and the 党政机关网站标识. Each Site has its own (a body's own host name is a
    Site); an empty field is not shown."""

    organiser = models.CharField(
        "主办单位", max_length=100, blank=True, help_text="本机关站点页面显示该机关名称"
    )
    phone = models.CharField("联系电话", max_length=60, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    site_id_code = models.CharField(
        "网站标识码",
        max_length=16,
        blank=True,
        validators=[RegexValidator(r"^(\d{10}|bm\d{8})$", "网站标识码应为10位数字，或bm加8位数字")],
        help_text="不属于某一机关站点的页面（平台首页、政策文件库、全文检索、依申请公开）使用；"
        "空着则使用最上级机关的网站标识码",
    )
    icp_number = models.CharField(
        "ICP备案号", max_length=60, blank=True, help_text="如：甘ICP备12345678号-1"
    )
    police_number = models.CharField(
        "公安机关备案号", max_length=60, blank=True, help_text="如：甘公网安备 62010202000000号"
    )
    party_gov_mark = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="党政机关网站标识",
        help_text="机构编制部门发放的标识图片",
    )
    party_gov_mark_url = models.URLField(
        "党政机关网站标识链接", blank=True, help_text="点击标识打开的网址（标识的查验页面）"
    )

    select_related = ["party_gov_mark"]

    panels = [
        MultiFieldPanel(["organiser", "phone", "email"], heading="主办单位和联系方式"),
        MultiFieldPanel(
            ["site_id_code", "icp_number", "police_number"], heading="网站标识码和备案号"
        ),
        MultiFieldPanel(
            [FieldPanel("party_gov_mark"), "party_gov_mark_url"], heading="党政机关网站标识"
        ),
    ]

    class Meta:
        verbose_name = "网站页脚"
        verbose_name_plural = "网站页脚"
