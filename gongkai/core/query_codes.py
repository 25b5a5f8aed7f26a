"""Query codes (查询码): the secret that, with a case or letter number, lets a person follow what
they submitted without an account.

Shown once, sent to the contact given, and stored only as a salted hash. The code is random and
long (50 bits, and a lookup needs the number as well and is throttled), so a fast salted hash is
enough. Used by applications (依申请公开) and mailbox letters alike: both models take the stored
hash and the two methods from `QueryCodeMixin`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import models

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud, typed back
QUERY_CODE_LENGTH = 10  # 50 bits; a lookup needs the number as well
# Compared against when the number is unknown, so that a miss costs the same time as a hit.
DUMMY_HASH = "sha256$0000000000000000$" + "0" * 64


def query_code_new() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def query_code_hash(code: str, salt: str | None = None) -> str:
    """`sha256$<salt>$<hex>` of the code as typed (case, spaces and surrounding blanks ignored)."""
    salt = salt or secrets.token_hex(8)
    normalised = (code or "").strip().upper().replace(" ", "")
    digest = hashlib.sha256(f"{salt}${normalised}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def query_code_matches(code: str, stored: str) -> bool:
    try:
        _, salt, _ = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(query_code_hash(code, salt).encode(), stored.encode())


class QueryCodeMixin(models.Model):
    """The stored hash of a query code, and setting and checking the code against it."""

    query_code_hash = models.CharField("查询码（摘要）", max_length=128, editable=False)

    class Meta:
        abstract = True

    def query_code_set(self, code: str) -> None:
        """Store the hash of `code` (not saved: the caller saves)."""
        self.query_code_hash = query_code_hash(code)

    def query_code_check(self, code: str) -> bool:
        """Whether `code` is the one stored; False when none is stored."""
        return bool(self.query_code_hash) and query_code_matches(code, self.query_code_hash)
