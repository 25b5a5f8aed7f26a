"""Site admins (站点管理员) of the province and of the city, for the subtree tests."""

import pytest

from gongkai.bodies.models import BodyRole
from gongkai.testing import personas


@pytest.fixture
def province_admin(province):
    return personas.staff("gansu_admin", province, BodyRole.SITE_ADMIN)


@pytest.fixture
def city_admin(city):
    return personas.staff("lz_admin", city, BodyRole.SITE_ADMIN)
