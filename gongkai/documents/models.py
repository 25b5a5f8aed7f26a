"""Policy documents (政府信息 / 文件): pages with the full A3 metadata, their validity lifecycle
(A4), interpretations (A5), attachments, and platform-assigned 索引号.

What is decided by publishing (metadata, body text, the link to the previous version, the policy an
interpretation explains) lives on the page and its revisions. What happens *to* a published
document afterwards lives in plain rows beside it, so that a later edit of the page can never undo
it: its repeal (`DocumentRepeal`) and its 索引号 (`IndexNumber`). Validity is never stored: it is
computed for any date from these facts (see `validity.py`), so 施行日期 and 失效日期 take effect by
themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from gongkai.documents.choices import (  # noqa: F401 (re-exported: the app's names)
    Disclosure,
    DocType,
    InterpretationForm,
    ValidityStatus,
)
from gongkai.documents.docnumber import doc_number_key, parse_doc_number
from gongkai.documents.page_form import PolicyDocumentForm
from gongkai.documents.panels import ListingNotePanel
from gongkai.documents.topics import topic_choices

MSG_INTERPRETS_REQUIRED = "解读必须关联所解读的政策文件"
MSG_INTERPRETS_ONLY_FOR_INTERPRETATION = "只有文种为“解读”的文件才能关联被解读的政策文件"
MSG_WITHHELD_REASON_REQUIRED = "不予公开的文件必须写明法律依据和理由"
MSG_EXPIRES_BEFORE_EFFECTIVE = "失效日期不能早于施行日期"
MSG_PREVIOUS_VERSION_SELF = "修改前版本不能是本文件"
MSG_REPEAL_DATE_REQUIRED = "请填写废止日期"
MSG_REPEAL_BASIS_REQUIRED = "请选择废止依据文件，或填写废止决定的名称"
MSG_REPEALING_SELF = "废止依据文件不能是被废止的文件本身"
MSG_REPEAL_NOT_PUBLISHED = "只能废止已发布的文件"

# What the 立改废 tab tells the editor about where a document appears (docs/validity.md).
VALIDITY_HELP = (
    "<p>修改、废止和失效与其他修改一样，经本机关审核通过、发布后才生效；草稿不改变公开页面。</p>"
    "<p><b>废止</b>：填写废止日期，并选择废止依据文件（或填写废止决定的名称）。发布后，本文件自废止日期起"
    "显示为“已废止”，从“规章”“行政规范性文件”栏目移至“废止和失效文件”。</p>"
    "<p><b>修改</b>：在页面操作菜单中选择“发布修订版本”，平台复制本文件为新草稿并关联本文件；"
    "新版本发布并施行后，本文件显示为“已修改”，两者互相链接。</p>"
    "<p><b>失效日期</b>：自该日起本文件不再适用，到期自动显示为“失效”。</p>"
    "<p><b>尚未生效</b>：施行日期晚于今天的文件，在施行之日前不列入“规章”“行政规范性文件”栏目"
    "（这两个栏目只列现行有效的文件），施行之日起自动列入；在此之前，公众可在文件所在栏目和政策文件库中查到。</p>"
)


class Attachment(AbstractDocument):
    """An uploaded attachment (PDF, DOCX, XLSX, OFD), checked by content, with its text for search."""

    kind = models.CharField("文件类型", max_length=8, blank=True)
    extracted_text = models.TextField("提取的文本", blank=True)
    # The file_hash the text was extracted from: when the file is replaced, the text is stale.
    extracted_from_hash = models.CharField(max_length=40, blank=True)

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"


class LibraryPage(Page):
    """A reference library outside any body's section, e.g. the national laws and regulations."""

    index_code = models.CharField("索引号前缀", max_length=40, unique=True)
    intro = models.TextField("简介", blank=True)

    parent_page_types = ["sites.PortalHomePage", "documents.LibraryPage"]
    subpage_types = ["documents.LibraryPage", "documents.PolicyDocumentPage"]
    template = "web/library_page.html"

    content_panels = [*Page.content_panels, "intro"]
    settings_panels = [*Page.settings_panels, "index_code"]

    class Meta:
        verbose_name = "法规文件库"

    def get_context(self, request, *args, **kwargs):
        from gongkai.documents.filters import filtered_list
        from gongkai.documents.selectors import documents_under

        context = super().get_context(request, *args, **kwargs)
        context.update(filtered_list(request, documents_under(self)))
        context["subcolumns"] = self.get_children().live().specific().type(LibraryPage)
        return context


class PolicyDocumentPage(RoutablePageMixin, Page):
    """政府信息 / 文件 with every field of requirement A3."""

    doc_type = models.CharField("文种", max_length=32, choices=DocType.choices, db_index=True)
    topic = models.CharField(
        "主题分类", max_length=60, choices=topic_choices(), blank=True, db_index=True
    )
    issuer_names = models.CharField(
        "发文机关",
        max_length=300,
        help_text="联合发文时用顿号分隔，牵头机关在前，如：省财政厅、省教育厅",
    )
    issuing_bodies = ParentalManyToManyField(
        "bodies.Body",
        blank=True,
        related_name="issued_documents",
        verbose_name="发文机关（本平台机关）",
    )
    doc_number = models.CharField(
        "发文字号",
        max_length=100,
        blank=True,
        db_index=True,
        help_text="如 甘政办发〔2021〕48号；保存时自动规范化",
    )
    # What the library's 发文字号 field looks up (docnumber.doc_number_key), set with doc_number.
    doc_number_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    written_on = models.DateField("成文日期", null=True, blank=True, db_index=True)
    effective_on = models.DateField(
        "施行日期", null=True, blank=True, db_index=True, help_text="留空表示自发布之日起施行"
    )
    expires_on = models.DateField("失效日期", null=True, blank=True, db_index=True)
    disclosure = models.CharField(
        "公开属性", max_length=16, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    withheld_reason = models.CharField("不予公开的依据和理由", max_length=300, blank=True)
    summary = models.TextField("内容概述", blank=True)
    keywords = models.CharField("主题词", max_length=200, blank=True)
    body = RichTextField("正文", blank=True)
    previous_version = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later_versions",
        verbose_name="修改前版本",
        help_text="本文件修改了哪份文件：发布并施行后，原文件显示为“已修改”",
    )
    interprets = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        verbose_name="解读的政策文件",
    )
    interpretation_form = models.CharField(
        "解读形式", max_length=16, choices=InterpretationForm.choices, blank=True
    )
    # 废止, decided like any other change of the page: it takes effect when the revision that sets
    # it is published (services.document_on_publish records the DocumentRepeal row).
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    repealing_document = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="废止依据文件",
        help_text="废止本文件的文件（本平台已发布的文件）",
    )
    repealing_title = models.CharField(
        "废止决定名称",
        max_length=300,
        blank=True,
        help_text="废止依据不在本平台时，填写其名称和文号，如：甘肃省人民政府关于废止部分规章的决定",
    )
    # Identity of an imported row (e.g. "lawrefbook:<id>"), so that re-importing changes nothing.
    source_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    # 权威发布 (requirement A11, notice clause 5): shown pinned, with its source, on the home page of
    # the body and of every body under it, until the day given (documents/selectors.py).
    pinned_subtree = models.BooleanField(
        "在本机关及下级机关首页置顶",
        default=False,
        help_text="权威发布（如疫情防控信息）：在本机关和所有下级机关网站首页置顶显示，并注明来源",
    )
    pinned_until = models.DateField(
        "置顶截止日期", null=True, blank=True, help_text="不填表示一直置顶，直到取消勾选"
    )

    parent_page_types = ["columns.ColumnPage", "documents.LibraryPage"]
    subpage_types: list[str] = []
    template = "web/policy_document_page.html"

    base_form_class = PolicyDocumentForm

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("doc_type"),
                FieldPanel("topic"),
                FieldPanel("issuer_names"),
                FieldPanel("doc_number"),
                FieldPanel("written_on"),
                FieldPanel("effective_on"),
                FieldPanel("disclosure"),
                FieldPanel("withheld_reason"),
            ],
            heading="文件信息",
        ),
        ListingNotePanel(heading="栏目提示"),
        MultiFieldPanel(
            [FieldPanel("pinned_subtree"), FieldPanel("pinned_until")], heading="权威发布"
        ),
        FieldPanel("summary"),
        FieldPanel("keywords"),
        FieldPanel("body"),
        InlinePanel("attachments", heading="附件", label="附件"),
        MultiFieldPanel(
            [FieldPanel("interprets"), FieldPanel("interpretation_form")],
            heading="解读",
        ),
    ]
    validity_panels = [
        HelpPanel(VALIDITY_HELP, heading="说明"),
        ListingNotePanel(heading="栏目提示"),
        MultiFieldPanel(
            [
                FieldPanel("repealed_on"),
                FieldPanel("repealing_document"),
                FieldPanel("repealing_title"),
            ],
            heading="废止",
        ),
        MultiFieldPanel([FieldPanel("previous_version")], heading="修改"),
        MultiFieldPanel([FieldPanel("expires_on")], heading="失效"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=gettext_lazy("Content")),
            ObjectList(validity_panels, heading="立改废"),
            ObjectList(Page.promote_panels, heading=gettext_lazy("Promote")),
            ObjectList(Page.settings_panels, heading=gettext_lazy("Settings")),
        ]
    )

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"

    def review_blockers(self) -> list[str]:
        """What this version lacks before it may be approved (the editor's checks of
        `page_form.missing_before_review`); `BodyReviewTask` offers only 退回修改 while any remain,
        also to a reviewer who approves from the dashboard without opening the editor."""
        from django.utils.html import strip_tags

        from gongkai.documents.page_form import missing_before_review

        has_text = bool(strip_tags(self.body or "").replace("&nbsp;", "").strip())
        has_text = has_text or any(a.attachment_id for a in self.attachments.all())
        missing = missing_before_review(
            self.doc_type,
            has_text=has_text,
            doc_number=self.doc_number or "",
            written_on=self.written_on,
            effective_on=self.effective_on,
        )
        return list(missing.values())

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        if self.doc_number:
            parsed = parse_doc_number(self.doc_number)
            if parsed.valid:
                self.doc_number = parsed.normalized
            else:
                errors["doc_number"] = f"发文字号无效：{parsed.error}"
        self.doc_number_key = doc_number_key(self.doc_number)
        if self.doc_type == DocType.INTERPRETATION and not self.interprets_id:
            errors["interprets"] = MSG_INTERPRETS_REQUIRED
        if self.doc_type != DocType.INTERPRETATION and self.interprets_id:
            errors["interprets"] = MSG_INTERPRETS_ONLY_FOR_INTERPRETATION
        if self.disclosure == Disclosure.WITHHELD and not self.withheld_reason.strip():
            errors["withheld_reason"] = MSG_WITHHELD_REASON_REQUIRED
        if self.effective_on and self.expires_on and self.expires_on < self.effective_on:
            errors["expires_on"] = MSG_EXPIRES_BEFORE_EFFECTIVE
        if self.pk and self.previous_version_id == self.pk:
            errors["previous_version"] = MSG_PREVIOUS_VERSION_SELF
        errors.update(self._repeal_errors())
        if errors:
            raise ValidationError(errors)

    def _repeal_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        basis = self.repealing_document_id or self.repealing_title.strip()
        if basis and self.repealed_on is None:
            errors["repealed_on"] = MSG_REPEAL_DATE_REQUIRED
        if self.repealed_on is not None and not basis:
            errors["repealing_document"] = MSG_REPEAL_BASIS_REQUIRED
        if self.pk and self.repealing_document_id == self.pk:
            errors["repealing_document"] = MSG_REPEALING_SELF
        if (basis or self.repealed_on) and self.first_published_at is None:
            errors.setdefault("repealed_on", MSG_REPEAL_NOT_PUBLISHED)
        return errors

    def get_context(self, request, *args, **kwargs):
        from gongkai.documents.selectors import document_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(document_detail(self))
        return context

    @path("")
    def default(self, request):
        return self.render(request)

    @path("print/")
    def print_view(self, request):
        return self.render(request, template="web/policy_document_print.html")


class DocumentAttachment(Orderable):
    page = ParentalKey(PolicyDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    attachment = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, related_name="+", verbose_name="附件"
    )
    title = models.CharField("显示名称", max_length=200, blank=True)

    panels = ["attachment", "title"]

    def display_title(self) -> str:
        return self.title or self.attachment.title


class DocumentRepeal(models.Model):
    """废止: recorded against a published document, with the document that repealed it.

    `repealed_on` may be unknown for historical imports; such a document counts as repealed on
    every date (the conservative reading, docs/validity.md).
    """

    document = models.OneToOneField(
        PolicyDocumentPage, on_delete=models.CASCADE, related_name="repeal"
    )
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    repealing_document = models.ForeignKey(
        PolicyDocumentPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeals",
        verbose_name="废止依据文件",
    )
    repealing_title = models.CharField("废止依据", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "废止记录"
        verbose_name_plural = "废止记录"

    def __str__(self) -> str:
        return f"{self.document} 废止于 {self.repealed_on or '日期不详'}"


class IndexSerial(models.Model):
    """The last 索引号 serial used for one prefix and year; locked while a number is taken."""

    prefix = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="unique_index_serial")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}/{self.year}: {self.last_serial}"


class IndexNumber(models.Model):
    """索引号: assigned once on first publication; never reused, even if the document is deleted."""

    value = models.CharField("索引号", max_length=80, unique=True)
    prefix = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    serial = models.PositiveIntegerField()
    document = models.OneToOneField(
        PolicyDocumentPage, null=True, on_delete=models.SET_NULL, related_name="index_number_record"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "索引号"
        verbose_name_plural = "索引号"

    def __str__(self) -> str:
        return self.value
