"""The applicant of the applications tests: `citizen`, anonymous, with their form data and a
browser-less client. Staff personas (`clerk`, `office_head`, `other_body_clerk`, …) are shared by
every app: gongkai/testing/personas.py."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.test import Client

from gongkai.applications.tests.factories import applicant_data


@dataclass
class Citizen:
    data: dict = field(default_factory=applicant_data)
    client: Client = field(default_factory=Client)


@pytest.fixture
def citizen(db) -> Citizen:
    return Citizen()
