"""The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE), in Chinese."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def login_locked_out(request, response=None, credentials=None, *args, **kwargs):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "core/lockout.html", {"cooloff_minutes": minutes}, status=429)
