"""Personas of the applications tests (style.md): `clerk` and `office_head` of the provincial
General Office (`office`), `other_body_clerk` of the city (`city`), and `citizen`, the anonymous
applicant with their form data and a browser-less client."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.test import Client

from gongkai.applications.tests.factories import applicant_data
from gongkai.bodies.models import BodyRole
from gongkai.conftest import _staff


@pytest.fixture
def clerk(office):
    return _staff("clerk", office, BodyRole.CLERK)


@pytest.fixture
def office_head(office):
    return _staff("office_head", office, BodyRole.OFFICE_HEAD)


@pytest.fixture
def other_body_clerk(city):
    return _staff("other_clerk", city, BodyRole.CLERK)


@dataclass
class Citizen:
    data: dict = field(default_factory=applicant_data)
    client: Client = field(default_factory=Client)


@pytest.fixture
def citizen(db) -> Citizen:
    return Citizen()
