"""Every URL under /admin/, /api/v1/, /documents/ and /workbench/ is named by a family of the
access matrix (access.py): one that appears unnamed fails here — classify it (and probe it) in
`test_access_pages.py`, `test_access_admin.py` or `test_access_workbench_api.py`."""

from __future__ import annotations

import re

from django.urls import get_resolver

from gongkai.web.tests import test_access_admin, test_access_pages, test_access_workbench_api
from gongkai.web.tests.access import PERSONAS, SCOPE, routes

FAMILIES = [
    *test_access_pages.FAMILIES,
    *test_access_admin.FAMILIES,
    *test_access_workbench_api.FAMILIES,
]


def test_every_url_family_is_classified():
    found = sorted({r for r in routes(get_resolver().url_patterns) if SCOPE.match(r)})
    unclassified = [
        r for r in found if not any(re.match(rx, r) for f in FAMILIES for rx in f.routes)
    ]
    assert not unclassified, "classify these URLs in FAMILIES:\n" + "\n".join(unclassified)


def test_every_family_is_probed_or_says_why():
    for fam in FAMILIES:
        assert fam.probe or fam.why, fam.name
        assert not fam.probe or set(fam.expect) == set(PERSONAS), fam.name
