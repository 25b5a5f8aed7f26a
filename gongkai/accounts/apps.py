from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts and their security: the second factor (TOTP) and the separation of the
    system, security and audit administrators (三员分立)."""

    name = "gongkai.accounts"
    label = "accounts"
    verbose_name = "账户与安全"
