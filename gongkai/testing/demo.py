"""The demo's base (`load_demo(seed_text=None)`: 29 bodies with their sites, guides, documents and
laws) for the browser tests that show it, built once per test process.

Six browser tests start from the demo's base on the migrated database; building it costs about
10 s on SQLite and 21 s on PostgreSQL, restoring a copy about 2 s and 5 s. The first test in a
process builds it and keeps a copy (Django's own serialisation of the whole database, as
`serialized_rollback` keeps the migrated state, and the files it wrote under MEDIA_ROOT); the
others empty the database and restore that copy. They are transactional tests (the live server
sees only committed data), so the database is flushed after each of them as always.

Sequences are not reset by the flush, so rows made later never take a restored row's id.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection


@dataclass
class _Copy:
    data: str  # the database, serialised
    media: Path  # the files under MEDIA_ROOT


_copy: _Copy | None = None


def demo_base() -> None:
    """The database holds the demo's base, as `load_demo(seed_text=None)` leaves it."""
    global _copy
    media_root = Path(settings.MEDIA_ROOT)
    if _copy is None:
        from gongkai.web.demo import load_demo

        load_demo(seed_text=None)
        media = Path(tempfile.mkdtemp(prefix="gongkai-demo-media-"))
        atexit.register(shutil.rmtree, media, True)
        if media_root.exists():
            shutil.copytree(media_root, media, dirs_exist_ok=True)
        _copy = _Copy(data=connection.creation.serialize_db_to_string(), media=media)
        return
    call_command(
        "flush", interactive=False, verbosity=0, inhibit_post_migrate=True, reset_sequences=False
    )
    connection.creation.deserialize_db_from_string(_copy.data)
    shutil.copytree(_copy.media, media_root, dirs_exist_ok=True)
    ContentType.objects.clear_cache()
    cache.clear()
