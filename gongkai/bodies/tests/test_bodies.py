"""Bodies: their tier and the validation of their fields."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.bodies.models import MSG_CREDIT_CODE_INVALID, Body, BodyLevel
from gongkai.testing.personas import make_body


def test_a_department_takes_its_governments_level(city):
    dept = make_body(
        "lz-fgw", "兰州市发展和改革委员会", BodyLevel.DEPARTMENT, parent=city, serial=4
    )
    assert dept.government_level == BodyLevel.PREFECTURE
    assert dept.get_parent() == city


def test_an_invalid_credit_code_is_refused_in_chinese(province):
    with pytest.raises(ValidationError) as caught:
        make_body(
            "bad",
            "某机关",
            BodyLevel.DEPARTMENT,
            parent=province,
            index_code="B1",
            credit_code="91350100M000100Y44",
        )
    assert caught.value.message_dict["credit_code"] == [MSG_CREDIT_CODE_INVALID]
    assert not Body.objects.filter(code="bad").exists()
