"""Walk the audit log's hash chain (accounts/audit.py): exits with an error when a record was
changed or removed. Prints the last record's number and hash: noted elsewhere (the audit
administrator's register), they also show whether records were cut off the end."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.audit import audit_verify


class Command(BaseCommand):
    help = "校验审计记录的哈希链"

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            for problem in report.problems or ():
                self.stderr.write(problem)
            raise CommandError(f"审计记录哈希链校验未通过（已检查 {report.checked} 条）")
        self.stdout.write(
            f"审计记录哈希链完整：共 {report.checked} 条；"
            f"最后一条 第 {report.head_seq} 条，哈希 {report.head_hash}"
        )
