"""Secrets the platform must hold for a short while and never in the clear: a query code waiting in
the outbox to be mailed, or in the applicant's own session for the receipt PDF.

Fernet (AES-128-CBC with HMAC-SHA256, from `cryptography`) with a key derived from SECRET_KEY and
a purpose, so that a token sealed for one use cannot be opened for another. Rotating SECRET_KEY
makes every sealed token unreadable, which is what its holders expect of a short-lived secret.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

__all__ = ["InvalidToken", "seal", "unseal"]


def _fernet(purpose: str) -> Fernet:
    key = hashlib.sha256(f"gongkai:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(text: str, *, purpose: str) -> str:
    return _fernet(purpose).encrypt(text.encode()).decode()


def unseal(token: str, *, purpose: str, max_age: int | None = None) -> str:
    """The text; `InvalidToken` if it was sealed for another purpose, with another SECRET_KEY,
    tampered with, or is older than `max_age` seconds."""
    return _fernet(purpose).decrypt(token.encode(), ttl=max_age).decode()
