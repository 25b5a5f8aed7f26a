from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self):
        # A report's tables are frozen when it is published, by whatever path (reviewer's
        # approval, scheduled publication): Wagtail announces each with this signal, and the
        # receiver only calls the service (docs/annual_report.md, "发布与固定").
        from wagtail.signals import page_published

        from gongkai.reports import page_views, pages
        from gongkai.reports.pages import AnnualReportPage
        from gongkai.reports.services import annual_report_freeze, annual_report_publication_errors

        # The page model is at the bottom of the app (pages.py): what it does with a report comes
        # from the modules above it, connected here once.
        pages.connect(
            pages.ReportPageDelegate(
                context=page_views.report_context,
                download=page_views.report_download,
                figures=page_views.figures_panel_context,
                publication_errors=annual_report_publication_errors,
            )
        )

        def on_page_published(sender, instance, **kwargs):
            annual_report_freeze(instance)

        page_published.connect(on_page_published, sender=AnnualReportPage, weak=False)
