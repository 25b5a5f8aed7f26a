from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts and their security: the second factor (TOTP) and the separation of the
    system, security and audit administrators (三员分立)."""

    name = "gongkai.accounts"
    label = "accounts"
    verbose_name = "账户与安全"

    def ready(self) -> None:
        # The audit log's receivers (audit.py), its SQLite function (audit_triggers.py), the
        # guards of 三员分立 (roles.py).
        from gongkai.accounts import audit, audit_triggers, roles  # noqa: F401
