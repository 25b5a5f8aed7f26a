"""The 政府信息公开专栏 of every body: an operator-editable catalogue template and column pages.

The catalogue (`CatalogueEntry`) is one tree kept by the platform operator. `catalogue_apply`
gives every body the columns that apply to its tier of government (条例 Art. 20 for all; Art. 21
items for city and county governments and their departments, and for townships).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from gongkai.bodies.personal_data_forms import PersonalDataFormMixin
from gongkai.documents.filters import filtered_list


class Listing(models.TextChoices):
    CHILDREN = "children", "本栏目下的文件"
    IN_FORCE = "in_force", "现行有效文件（按文种）"
    NOT_IN_FORCE = "not_in_force", "已废止、失效和已修改文件（按文种）"
    BY_TYPE = "by_type", "全部文件（按文种）"


class CatalogueEntry(models.Model):
    key = models.SlugField("代码", max_length=60, unique=True)
    title = models.CharField("栏目名称", max_length=100)
    slug = models.CharField(
        "栏目路径",
        max_length=40,
        validators=[RegexValidator(r"^[a-z0-9-]+$", "栏目路径只能包含小写字母、数字和连字符")],
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name="上级栏目",
    )
    position = models.PositiveIntegerField("排序", default=0)
    government_levels = models.CharField(
        "适用层级",
        max_length=100,
        blank=True,
        help_text="留空表示所有机关；否则为逗号分隔的政府层级：province, prefecture, county, township"
        "（部门按其所属政府的层级）",
    )
    required = models.BooleanField("必设栏目", default=True, help_text="必设栏目为空时提示机关补充")
    listing = models.CharField(
        "列表方式", max_length=16, choices=Listing.choices, default=Listing.CHILDREN
    )
    doc_types = models.CharField(
        "文种",
        max_length=200,
        blank=True,
        help_text="按文种列表时使用，逗号分隔，如 rule,normative",
    )
    legal_basis = models.CharField("依据", max_length=200, blank=True)
    # CHK19 counts a column "not updated" after a period that depends on its kind (政策文件类: six
    # months); the report 栏目完整性 flags a column with content older than this (docs/columns.md).
    update_period_days = models.PositiveIntegerField(
        "更新周期（天）",
        null=True,
        blank=True,
        help_text="栏目超过该天数没有新发布的内容时，在“栏目完整性”中列为未及时更新；留空表示不检查",
    )

    class Meta:
        verbose_name = "公开目录模板条目"
        verbose_name_plural = "公开目录模板"
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.title

    def applies_to(self, government_level: str) -> bool:
        levels = [v.strip() for v in self.government_levels.split(",") if v.strip()]
        return not levels or government_level in levels


MSG_SHARED_UNKNOWN = "没有找到该栏目：请填写平台上已公开栏目的网址，如 /gansu/fdzdgknr/wsxx/"
MSG_SHARED_SELF = "不能共享本栏目自己的内容"
MSG_SHARED_CHAIN = "该栏目本身共享了其他栏目的内容，请直接填写原栏目的网址"


class ColumnPageForm(PersonalDataFormMixin, WagtailAdminPageForm):
    """No ID or phone number of a person in a column's text (bodies.personal_data_forms); a shared
    column named by the public address of the column whose content it shows (A11)."""

    shared_source = forms.CharField(
        label="共享栏目",
        required=False,
        max_length=300,
        help_text="填写另一机关已公开栏目的网址（如卫生健康信息栏目）：本栏目显示该栏目的文件，"
        "内容由该机关维护。不填表示本栏目显示自己的文件",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = getattr(self.instance, "shared_from", None)
        if source is not None and "shared_source" in self.fields:
            self.initial.setdefault("shared_source", source.url_path_public())

    def clean(self):
        cleaned = super().clean()
        if "shared_source" not in self.fields:
            return cleaned
        typed = (cleaned.get("shared_source") or "").strip()
        if not typed:
            self.instance.shared_from = None
            return cleaned
        path = urlsplit(typed).path or typed
        path = path if path.endswith("/") else path + "/"
        found = [
            column
            for column in ColumnPage.objects.live().public().filter(url_path__endswith=path)
            if column.url_path_public() == path
        ]
        if len(found) != 1:
            self.add_error("shared_source", MSG_SHARED_UNKNOWN)
        elif self.instance.pk and found[0].pk == self.instance.pk:
            self.add_error("shared_source", MSG_SHARED_SELF)
        elif found[0].shared_from_id:
            self.add_error("shared_source", MSG_SHARED_CHAIN)
        else:
            self.instance.shared_from = found[0]
        return cleaned


class ColumnPage(Page):
    """栏目: a column of a body's site. Lists its own documents, or a body-wide selection by type."""

    catalogue_key = models.CharField("目录模板代码", max_length=60, blank=True, db_index=True)
    listing = models.CharField(
        "列表方式", max_length=16, choices=Listing.choices, default=Listing.CHILDREN
    )
    doc_types = models.CharField("文种", max_length=200, blank=True)
    required = models.BooleanField("必设栏目", default=False)
    intro = RichTextField("栏目说明", blank=True, features=["h2", "h3", "bold", "ol", "ul", "link"])
    shared_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_by",
        verbose_name="共享的栏目",
        editable=False,
    )  # set by the form from the typed address (ColumnPageForm.shared_source)

    parent_page_types = ["sites.BodyHomePage", "columns.ColumnPage"]
    subpage_types = [
        "columns.ColumnPage",
        "documents.PolicyDocumentPage",
        "reports.AnnualReportPage",
        "participation.ConsultationPage",
    ]
    template = "web/column_page.html"
    base_form_class = ColumnPageForm

    content_panels = [*Page.content_panels, "intro"]
    settings_panels = [
        *Page.settings_panels,
        "listing",
        "doc_types",
        "required",
        FieldPanel("shared_source"),  # a field of the form (ColumnPageForm), not of the model
    ]

    class Meta:
        verbose_name = "栏目"

    def url_path_public(self) -> str:
        """The column's address on the platform's own host ("/gansu/fdzdgknr/"): its path below
        the root page of the Site holding it."""
        root_depth = 2  # Root → the portal (the default Site's root)
        parts = self.url_path.strip("/").split("/")
        return "/" + "/".join(parts[root_depth - 1 :]) + "/"

    @property
    def doc_type_list(self) -> list[str]:
        return [v.strip() for v in self.doc_types.split(",") if v.strip()]

    def get_context(self, request, *args, **kwargs):
        # it imports this module
        from gongkai.columns.selectors import column_documents, column_other_pages

        context = super().get_context(request, *args, **kwargs)
        context.update(filtered_list(request, column_documents(self)))
        context["subcolumns"] = self.get_children().live().specific().type(ColumnPage)
        context["other_pages"] = column_other_pages(self)
        if self.shared_from_id:
            from gongkai.bodies.selectors import body_for_page

            context["shared_source_body"] = body_for_page(self.shared_from)
        return context
