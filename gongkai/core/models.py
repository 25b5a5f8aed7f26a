"""The platform-wide tables of `core`."""

from __future__ import annotations

from django.db import models


class Throttle(models.Model):
    """One counter of one throttle window (`core.throttle`), shared by every app server.

    `key` is an HMAC of the scope, the window length and what is counted (an address, a contact,
    a case number): the table never holds an address, a phone number, an e-mail or a case number.
    Rows whose window has ended are deleted by `manage.py clear_throttles`.
    """

    scope = models.CharField(max_length=40)  # e.g. "track-case": what the counter is for
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)  # the end of the window
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="core_throttle_window"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M} {self.count}"
