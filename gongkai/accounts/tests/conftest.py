"""Fixtures of the accounts tests: the security and audit administrators of 三员分立."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import PlatformRoleName
from gongkai.accounts.roles import platform_role_grant
from gongkai.testing import personas


def role_holder(username: str, role: str):
    user = personas.user(username)
    platform_role_grant(user, role)
    return user


@pytest.fixture
def security_admin(db):
    return role_holder("sec_admin", PlatformRoleName.SECURITY)


@pytest.fixture
def audit_admin(db):
    return role_holder("audit_admin", PlatformRoleName.AUDIT)
