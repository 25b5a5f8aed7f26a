"""The consultation on a draft (意见征集, `ConsultationPage`) and the articles the public comments on
(`ConsultationArticle`).

A consultation is a Wagtail page under one of its body's columns, edited and reviewed like any
publication. Its articles are not typed in: they are rebuilt from the draft text of the live page
each time it is published (`services.consultation_articles_sync`). The feedback fields (意见采纳情况)
belong to the consultation as a whole, not to one revision: only
`services.consultation_feedback_publish` sets them, and a later publication of an older revision
keeps them (`with_content_json`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from gongkai.bodies.selectors import body_for_page
from gongkai.participation.page_form import ConsultationPageForm, kinds_split
from gongkai.participation.periods import ConsultationKind

MSG_WRONG_PLACE = "意见征集只能放在机关站点的栏目下"
MSG_MOVE_TO_OTHER_BODY = "意见征集不能移到其他机关的栏目下"
MSG_CLOSES_BEFORE_OPENS = "截止日期不能早于开始日期"

# Set by the services, never by an editor, and kept from one revision to the next.
SERVICE_FIELDS = ("body_id", "final_document_id", "feedback_summary", "feedback_published_at")


class ConsultationPage(Page):
    """意见征集: a draft put out for public comment by a body, and later its feedback report."""

    # Its public page is `template`, built by `page_context.consultation_public_context`; comments
    # come in through `views_public`, staff handle them in `views_staff`.

    # The body whose column holds the page (set by `clean` from the page's place in the tree):
    # staff are scoped by it, and the lists filter by it.
    body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="consultations",
        verbose_name="机关",
    )
    drafting_body = models.CharField(
        "起草单位", max_length=200, blank=True, help_text="留空则为本机关名称"
    )
    kinds = models.CharField(
        "文件类型",
        max_length=100,
        help_text="可多选；征求意见期限须符合所选各类文件的最低期限",
    )
    draft_text = models.TextField(
        "征求意见稿",
        help_text="粘贴征求意见稿全文，每段一行；发布后按“第X条”自动拆分为条文，公众可逐条提出意见",
    )
    explanatory_notes = RichTextField(
        "起草说明", blank=True, features=["h2", "h3", "bold", "ol", "ul", "link"]
    )
    opens_on = models.DateField("征求意见开始日期")
    closes_on = models.DateField("征求意见截止日期", help_text="截止日当天24时前提交的意见均予接收")
    shortened_reason = models.TextField(
        "缩短期限的理由",
        blank=True,
        help_text="征求意见期限少于法定最低期限时必须填写，理由将向公众公开",
    )
    # The offline channels (staff register what arrives by them).
    email = models.EmailField("接收意见的电子邮箱", blank=True)
    postal_address = models.CharField(
        "信函邮寄地址", max_length=300, blank=True, help_text="含邮政编码和收件单位"
    )
    fax = models.CharField("传真", max_length=60, blank=True)

    # 意见采纳情况: set only by services.consultation_feedback_publish.
    final_document = models.ForeignKey(
        "documents.PolicyDocumentPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="consultations",
        verbose_name="正式发布的文件",
    )
    feedback_summary = models.TextField("意见采纳情况说明", blank=True, editable=False)
    feedback_published_at = models.DateTimeField(
        "意见采纳情况公布时间", null=True, blank=True, editable=False
    )

    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []
    template = "participation/consultation_page.html"
    base_form_class = ConsultationPageForm
    exclude_fields_in_copy = ["final_document", "feedback_summary", "feedback_published_at"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("drafting_body"),
        FieldPanel("kinds"),
        MultiFieldPanel(
            [FieldPanel("opens_on"), FieldPanel("closes_on"), FieldPanel("shortened_reason")],
            heading="征求意见期限",
        ),
        FieldPanel("draft_docx"),
        FieldPanel("draft_text"),
        FieldPanel("explanatory_notes"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("postal_address"), FieldPanel("fax")],
            heading="其他提交意见的方式（网上提交之外）",
        ),
    ]

    class Meta:
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        indexes = [models.Index(fields=["body", "closes_on"], name="consultation_body_closes")]

    @property
    def kind_list(self) -> list[ConsultationKind]:
        return [ConsultationKind(kind) for kind in kinds_split(self.kinds)]

    @property
    def drafting_body_name(self) -> str:
        return self.drafting_body or (self.body.name if self.body_id else "")

    def get_context(self, request, *args, **kwargs):
        from gongkai.participation.page_context import consultation_public_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_public_context(self))
        return context

    def _place(self) -> None:
        """The body is the one whose site holds the page (a draft is saved with `minimal_clean`,
        a live page with `full_clean`: both come here)."""
        parent = self.get_parent() if self.path else None
        if parent is not None:
            owner = body_for_page(parent)
            if owner is None:
                raise ValidationError(MSG_WRONG_PLACE)
            self.body = owner

    def minimal_clean(self):
        super().minimal_clean()
        self._place()

    def clean(self):
        super().clean()
        self._place()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": MSG_CLOSES_BEFORE_OPENS})

    def can_move_to(self, parent) -> bool:
        # Its comments are handled by the body's staff: it stays in that body's columns.
        owner = body_for_page(parent)
        return owner is not None and owner.pk == self.body_id and super().can_move_to(parent)

    def with_content_json(self, content):
        # The body and the feedback are the consultation's, not a revision's: publishing an
        # older revision (or one made before the feedback) must not take them back.
        page = super().with_content_json(content)
        for name in SERVICE_FIELDS:
            setattr(page, name, getattr(self, name))
        return page


class ConsultationArticle(models.Model):
    """One article (条) of the live draft, as `articles.split_articles` found it.

    Rebuilt by `services.consultation_articles_sync`, keyed by its anchor. An article that has
    comments is never deleted: when a new draft no longer has its anchor it stays, `withdrawn`.
    A draft without any 第X条 is one part, anchor "art-full".
    """

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="articles", verbose_name="意见征集"
    )
    position = models.PositiveIntegerField("顺序")
    number = models.PositiveIntegerField("条号")  # 0: the whole text, without articles
    sub = models.PositiveSmallIntegerField("之X", default=0)  # 第一百二十条之一 → 1
    label = models.CharField("条文序号", max_length=40, blank=True)  # "第十二条"
    anchor = models.CharField("锚点", max_length=40)  # "art-12", "art-120-1", "art-full"
    chapter = models.CharField("章", max_length=200, blank=True)
    section = models.CharField("节", max_length=200, blank=True)
    text = models.TextField("条文")
    withdrawn = models.BooleanField(
        "已不在现行征求意见稿中",
        default=False,
        help_text="征求意见稿修改后该条已不存在；因已有意见，仍予保留",
    )

    class Meta:
        verbose_name = "征求意见稿条文"
        verbose_name_plural = "征求意见稿条文"
        ordering = ["consultation", "withdrawn", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "anchor"], name="unique_consultation_article_anchor"
            )
        ]

    def __str__(self) -> str:
        return self.label or "全文"
