"""What the tests of every app share: the personas, the world of bodies built once per test
session, and the helpers that create documents. Product code never imports this package.

See docs/testing.md.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = PROJECT_ROOT / ".." / "shared" / "corpus"


def browser_required() -> bool:
    """Browser tests fail instead of skipping when chromium is missing (CI sets this)."""
    return bool(os.environ.get("GONGKAI_REQUIRE_BROWSER"))
