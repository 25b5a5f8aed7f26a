"""Password rules for staff accounts beyond Django's own (length, likeness to the user name,
common and all-digit passwords; settings.AUTH_PASSWORD_VALIDATORS): 等保2.0 三级 asks for
complexity, here at least three of four kinds of character."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError

KINDS = (
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("数字", str.isdigit),
    ("符号", lambda c: not c.isalnum() and not c.isspace()),
)
MSG_TOO_SIMPLE = "密码过于简单：须包含小写字母、大写字母、数字、符号中的至少{count}种"


class CharacterKindsValidator:
    def __init__(self, min_kinds: int = 3) -> None:
        self.min_kinds = min_kinds

    def validate(self, password: str, user=None) -> None:
        kinds = sum(1 for _label, test in KINDS if any(test(c) for c in password))
        if kinds < self.min_kinds:
            raise ValidationError(
                MSG_TOO_SIMPLE.format(count=self.min_kinds), code="password_too_simple"
            )

    def get_help_text(self) -> str:
        return MSG_TOO_SIMPLE.format(count=self.min_kinds).replace("密码过于简单：", "密码")
