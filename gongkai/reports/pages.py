"""The annual report as a published page (政府信息公开工作年度报告; docs/annual_report.md, "年度报告页面").

One `AnnualReportPage` per body and year, under the body's 政府信息公开年报 column. Staff write the
narrative sections 一, 五 and 六; tables 二, 三 and 四 are never typed in: while the page is a draft
they are computed from the records on every view, and on publication they are frozen into the page
(`frozen_tables`, the JSON format of `ReportTables.as_json()`, with the checks of that moment) so
that a published report does not change when a record of its year is corrected later.

The narrative is plain text, one paragraph per line, not rich text: the report's official format
has no markup in its text sections, the same text goes into HTML, DOCX, PDF and XLSX without a
converter, and plain text escaped by the template engine cannot carry script or foreign markup.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from gongkai.reports import format as fmt

ANNUAL_REPORTS_COLUMN = "annual-reports"  # catalogue key of 政府信息公开年报 (columns/catalogue.py)

MSG_WRONG_PLACE = "年度报告只能放在本机关的“政府信息公开年报”栏目下"
MSG_PUBLICATION_BLOCKED = (
    "年度报告的表格未通过校验，不能发布：{errors}。"
    "请先更正相关记录（申请、文件或填报的数据）后再审核发布；报告的文字已保存，不会丢失。"
)
MSG_NOT_FROZEN = "本报告尚未发布，没有固定的表格数据"

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


class ReportFiguresPanel(Panel):
    """The editor's view of tables 二–四 as computed now, with the checks (errors block publication)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "reports/admin/figures_panel.html"

        def get_context_data(self, parent_context=None):
            from gongkai.reports.render.html import report_tables_html
            from gongkai.reports.selectors import annual_report

            context = super().get_context_data(parent_context)
            page = self.instance
            if page is None or not page.body_id:
                return context
            report = annual_report(page.body, page.year)
            context.update(
                tables_html=report_tables_html(report.tables),
                errors=[v for v in report.violations if v.severity == "error"],
                warnings=[v for v in report.violations if v.severity != "error"],
                page=page,
            )
            return context


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
        from gongkai.bodies.selectors import body_for_page

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

    def frozen(self):
        """The tables fixed at publication (`ReportTables`), or None before the first one."""
        from gongkai.reports.tables import tables_from_json

        if not self.frozen_tables:
            return None
        return tables_from_json(self.frozen_tables)

    # --- Publication -----------------------------------------------------------------------------

    def publish(self, revision, *args, **kwargs):
        """Every publication but the editor's own "publish" button comes here (workflow approval,
        scheduled, bulk); that button is guarded by the `before_publish_page` hook."""
        from gongkai.reports.services import annual_report_publication_errors

        errors = annual_report_publication_errors(self)
        if errors:
            raise ReportNotPublishable(publication_blocked_message(errors))
        return super().publish(revision, *args, **kwargs)

    # --- Public views ----------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from gongkai.reports.render.html import document_sections
        from gongkai.reports.selectors import annual_report

        context = super().get_context(request, *args, **kwargs)
        tables, checks = self.frozen(), self.frozen_checks
        preview = getattr(request, "is_preview", False) or tables is None
        if preview:
            # A draft (admin preview): the tables as computed now, with the current checks.
            report = annual_report(self.body, self.year)
            tables, checks = report.tables, [v.as_json() for v in report.violations]
        context.update(
            sections=document_sections(tables, self.narrative),
            meta=_meta(tables),
            checks=[_check_line(c) for c in checks],
            computed_now=preview,
            downloads=[] if preview else list(DOWNLOADS),
        )
        return context

    @path("")
    def report(self, request):
        return self.render(request)

    @path("<str:kind>/")
    def download(self, request, kind: str):
        """The report as DOCX, PDF or XLSX, made from the frozen tables and the published text."""
        import logging

        from gongkai.reports.render import report_docx, report_pdf, report_xlsx

        if kind not in DOWNLOADS or getattr(request, "is_preview", False):
            raise Http404
        tables = self.frozen()
        if tables is None:
            raise Http404(MSG_NOT_FROZEN)
        content_type, extension = DOWNLOADS[kind]
        if kind == "docx":
            data = report_docx(tables, self.narrative, title=self.title)
        elif kind == "xlsx":
            data = report_xlsx(tables, self.narrative, title=self.title)
        else:
            try:
                data = report_pdf(tables, self.narrative, title=self.title)
            except Exception:  # WeasyPrint or its system libraries missing or failing
                logging.getLogger(__name__).exception("PDF of annual report %s failed", self.pk)
                return HttpResponse(
                    MSG_PDF_UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8"
                )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{self.title}.{extension}"
        )
        return response


def _check_line(check: dict[str, str]) -> str:
    """A check as the JSON keeps it (`Violation.as_json`), in the form `str(Violation)` prints."""
    return f"[{check.get('规则', '')} {check.get('级别', '')}] {check.get('位置', '')}：{check.get('说明', '')}"


def _meta(tables) -> list[str]:
    from gongkai.reports.render.layout import meta_lines

    return meta_lines(tables)


def publication_blocked_message(errors: list[Any]) -> str:
    shown = "；".join(str(v) for v in errors[:5])
    if len(errors) > 5:
        shown += f"；等共{len(errors)}项错误"
    return MSG_PUBLICATION_BLOCKED.format(errors=shown)
