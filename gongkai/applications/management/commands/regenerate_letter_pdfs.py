"""Find stored letters whose PDF was made without the bundled Chinese fonts, and remake them.

A letter made before the platform brought its own fonts (or on a server without CJK fonts) may
show its Chinese as boxes; its stored text is intact, so the PDF is made again from it by the task
worker. Annual-report PDFs are not stored: each download is made with the bundled fonts.
"""

from django.core.management.base import BaseCommand

from gongkai.applications.models import Notice
from gongkai.applications.notice_issue import notice_pdf_fonts_wrong, notice_pdf_remake


class Command(BaseCommand):
    help = "查找未使用内置中文字体生成的依申请公开文书PDF，并重新生成"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不重新生成")

    def handle(self, *args, dry_run: bool, **options):
        found = 0
        for notice in Notice.objects.exclude(pdf="").select_related("application__body").iterator():
            fonts = notice_pdf_fonts_wrong(notice)
            if not fonts:
                continue
            found += 1
            self.stdout.write(
                f"{notice.application.case_number} {notice.title}：{'、'.join(fonts)}"
            )
            if not dry_run:
                notice_pdf_remake(notice)
        verb = "找到" if dry_run else "已重新生成"
        self.stdout.write(f"{verb}{found}份未使用内置中文字体的文书PDF")
