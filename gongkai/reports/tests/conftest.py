"""Personas and bodies of the report tests: the shared tree (`province` → `office`, `city`) plus a
county under the city, and `clerk`, who handles the office's cases."""

from __future__ import annotations

import pytest

from gongkai.bodies.models import Body, BodyLevel, BodyRole
from gongkai.conftest import _staff, make_body


@pytest.fixture
def county(city) -> Body:
    return make_body(
        "chengguan",
        "兰州市城关区人民政府",
        BodyLevel.COUNTY,
        parent=city,
        serial=4,
        region_code="620102",
    )


@pytest.fixture
def clerk(office):
    return _staff("clerk", office, BodyRole.CLERK)


@pytest.fixture
def other_body_clerk(city):
    return _staff("other_clerk", city, BodyRole.CLERK)
