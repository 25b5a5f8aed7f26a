"""The annual report as a published page (政府信息公开工作年度报告; docs/annual_report.md, "年度报告页面").

One `AnnualReportPage` per body and year, under the body's 政府信息公开年报 column. Staff write the
narrative sections 一, 五 and 六; tables 二, 三 and 四 are never typed in: while the page is a draft
they are computed from the records on every view, and on publication they are frozen into the page
(`frozen_tables`, the JSON format of `ReportTables.as_json()`, with the checks of that moment) so
that a published report does not change when a record of its year is corrected later.

The narrative is plain text, one paragraph per line, not rich text: the report's official format
has no markup in its text sections, the same text goes into HTML, DOCX, PDF and XLSX without a
converter, and plain text escaped by the template engine cannot carry script or foreign markup.

This module is at the bottom of the app (`models.py` imports it so that Django finds the page):
it holds the page's data and imports nothing that computes, checks or renders a report. What the
page does with a report — its public context, the downloads, the editor's figures panel, the check
before publication — it asks of a `ReportPageDelegate`, which `ReportsConfig.ready` (apps.py)
connects once from the modules above (`page_views`, `services`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from gongkai.bodies.personal_data_forms import PersonalDataFormMixin
from gongkai.bodies.selectors import body_for_page
from gongkai.reports import format as fmt
from gongkai.reports.quality import narrative_gaps, section_gap
from gongkai.reports.tables import ReportTables, tables_from_json

ANNUAL_REPORTS_COLUMN = "annual-reports"  # catalogue key of 政府信息公开年报 (columns/catalogue.py)

MSG_WRONG_PLACE = "年度报告只能放在本机关的“政府信息公开年报”栏目下"
MSG_PUBLICATION_BLOCKED = (
    "年度报告的表格未通过校验，不能发布：{errors}。"
    "请先更正相关记录（申请、文件或填报的数据）后再审核发布；报告的文字已保存，不会丢失。"
)
MSG_NARRATIVE_INCOMPLETE = (
    "年度报告的文字部分尚未写完，不能发布：{gaps}。请补写后再审核发布；已填写的文字不会丢失。"
)
MSG_SECTION_INCOMPLETE = "发布前请写完本部分：{gap}"
MSG_NOT_FROZEN = "本报告尚未发布，没有固定的表格数据"
MSG_NOT_CONNECTED = "the annual report page has no delegate: ReportsConfig.ready connects it"

# The downloads: route → (content type, file extension).
DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
MSG_PDF_UNAVAILABLE = "PDF 文件暂时无法生成，请下载 Word 或 Excel 格式，或稍后再试。"


class ReportNotPublishable(PermissionDenied):
    """Publication refused: the tables break R1–R6 (validate.py). Raised before anything is
    written, inside the publishing transaction of the workflow, so an approval is undone too."""


def report_title(body_name: str, year: int) -> str:
    return f"{body_name}{year}年政府信息公开工作年度报告"


@dataclass(frozen=True)
class ReportPageDelegate:
    """What the page asks of the modules above it (connected by `ReportsConfig.ready`)."""

    # The public page's context (the sections, the checks, the downloads), drafts computed now.
    context: Callable[[AnnualReportPage, HttpRequest], dict[str, Any]]
    # One of DOWNLOADS, made from the frozen tables.
    download: Callable[[AnnualReportPage, HttpRequest, str], HttpResponse]
    # The editor's figures panel: tables 二–四 as computed now, with the checks.
    figures: Callable[[AnnualReportPage], dict[str, Any]]
    # The R1–R6 errors of the tables the page would freeze now (empty: publishable).
    publication_errors: Callable[[AnnualReportPage], list[Any]]


_delegates: list[ReportPageDelegate] = []


def connect(delegate: ReportPageDelegate) -> None:
    _delegates[:] = [delegate]


def delegate() -> ReportPageDelegate:
    if not _delegates:
        raise ImproperlyConfigured(MSG_NOT_CONNECTED)
    return _delegates[0]


class ReportFiguresPanel(Panel):
    """The editor's view of tables 二–四 as computed now, with the checks (errors block publication)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "reports/admin/figures_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            if page is None or not page.body_id:
                return context
            context.update(delegate().figures(page))
            return context


# The editor's buttons that publish: 发布, and 审核通过 in the review workflow (Wagtail's edit view).
def _publishing(data) -> bool:
    return bool(data.get("action-publish")) or (
        bool(data.get("action-workflow-action")) and data.get("workflow-action-name") == "approve"
    )


_SECTION_FIELDS = {"一": "general", "五": "problems", "六": "other_matters"}


class AnnualReportPageForm(PersonalDataFormMixin, WagtailAdminPageForm):
    """The editor's form: 发布 or 审核通过 is refused while 一、五 or 六 is empty or holds a
    template placeholder (quality.narrative_gaps) — the message beside each section, the text
    typed kept in the form. `AnnualReportPage.publish` stands behind it for every other path."""

    def clean(self):
        cleaned = super().clean()
        if _publishing(self.data):
            for numeral, name in _SECTION_FIELDS.items():
                if name not in self.fields or self.has_error(name):
                    continue
                gap = section_gap(numeral, cleaned.get(name) or "")
                if gap:
                    self.add_error(name, MSG_SECTION_INCOMPLETE.format(gap=gap))
        return cleaned


class AnnualReportPage(RoutablePageMixin, Page):
    body = models.ForeignKey(
        "bodies.Body", on_delete=models.PROTECT, related_name="+", verbose_name="机关"
    )
    year = models.PositiveIntegerField("年度")
    general = models.TextField(
        fmt.NARRATIVE_SECTIONS[0], blank=True, help_text="纯文字，每行一段；不支持格式和链接。"
    )
    problems = models.TextField(
        fmt.NARRATIVE_SECTIONS[1], blank=True, help_text="纯文字，每行一段。"
    )
    other_matters = models.TextField(
        fmt.NARRATIVE_SECTIONS[2], blank=True, help_text="纯文字，每行一段。"
    )
    # Set only by `services.annual_report_freeze` when the page is published.
    frozen_tables = models.JSONField("发布时固定的表格", null=True, blank=True, editable=False)
    frozen_checks = models.JSONField("发布时的校验结果", default=list, blank=True, editable=False)
    frozen_at = models.DateTimeField("表格固定时间", null=True, blank=True, editable=False)

    parent_page_types = ["columns.ColumnPage"]
    subpage_types: list[str] = []
    # Created only by the staff action 生成年度报告草稿 (one per body and year, narrative drafted).
    is_creatable = False
    template = "reports/annual_report_page.html"
    base_form_class = AnnualReportPageForm

    content_panels = [
        FieldPanel("title", read_only=True),
        FieldPanel("general"),
        ReportFiguresPanel(heading="二、三、四：表格与校验（按当前记录计算）"),
        FieldPanel("problems"),
        FieldPanel("other_matters"),
    ]

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="unique_annual_report_page")
        ]

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.path else None
        if parent is not None:
            parent = parent.specific
            if (
                getattr(parent, "catalogue_key", None) != ANNUAL_REPORTS_COLUMN
                or (owner := body_for_page(parent)) is None
                or owner.pk != self.body_id
            ):
                raise ValidationError(MSG_WRONG_PLACE)

    def can_move_to(self, parent) -> bool:
        # A report belongs to its body's 年报 column for good (one per body and year).
        return False

    @property
    def narrative(self) -> dict[str, str]:
        return {"一": self.general, "五": self.problems, "六": self.other_matters}

    def frozen(self) -> ReportTables | None:
        """The tables fixed at publication, or None before the first one."""
        if not self.frozen_tables:
            return None
        return tables_from_json(self.frozen_tables)

    # --- Publication -----------------------------------------------------------------------------

    def publish(self, revision, *args, **kwargs):
        """Every publication but the editor's own "publish" button comes here (workflow approval,
        scheduled, bulk); that button is guarded by the `before_publish_page` hook."""
        gaps = narrative_gaps(revision.as_object().narrative)
        if gaps:
            raise ReportNotPublishable(MSG_NARRATIVE_INCOMPLETE.format(gaps="；".join(gaps)))
        errors = delegate().publication_errors(self)
        if errors:
            raise ReportNotPublishable(publication_blocked_message(errors))
        return super().publish(revision, *args, **kwargs)

    # --- Public views ----------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(delegate().context(self, request))
        return context

    @path("")
    def report(self, request):
        return self.render(request)

    @path("<str:kind>/")
    def download(self, request, kind: str):
        """The report as DOCX, PDF or XLSX, made from the frozen tables and the published text."""
        return delegate().download(self, request, kind)


def publication_blocked_message(errors: list[Any]) -> str:
    shown = "；".join(str(v) for v in errors[:5])
    if len(errors) > 5:
        shown += f"；等共{len(errors)}项错误"
    return MSG_PUBLICATION_BLOCKED.format(errors=shown)
