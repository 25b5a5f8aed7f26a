"""Query codes (core/query_codes.py): one implementation for applications and mailbox letters —
both models take the stored hash and the two methods from `QueryCodeMixin`."""

from __future__ import annotations

import pytest

from gongkai.applications.models import Application
from gongkai.core.query_codes import (
    DUMMY_HASH,
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    QueryCodeMixin,
    query_code_new,
)
from gongkai.participation.models import Letter

MODELS = [Application, Letter]


def test_the_mixin_is_abstract_and_defines_the_field_once():
    assert QueryCodeMixin._meta.abstract
    field = QueryCodeMixin._meta.get_field("query_code_hash")
    assert (field.verbose_name, field.max_length, field.editable) == ("查询码（摘要）", 128, False)


@pytest.mark.parametrize("model", MODELS)
def test_both_models_take_the_field_and_methods_from_the_mixin(model):
    assert issubclass(model, QueryCodeMixin)
    assert "query_code_set" not in vars(model) and "query_code_check" not in vars(model)
    ours = model._meta.get_field("query_code_hash").deconstruct()[1:]
    mixin = QueryCodeMixin._meta.get_field("query_code_hash").deconstruct()[1:]
    assert ours == mixin


@pytest.mark.parametrize("model", MODELS)
def test_a_code_is_stored_hashed_and_checked_as_typed(model):
    code = query_code_new()
    assert len(code) == QUERY_CODE_LENGTH and set(code) <= set(QUERY_CODE_ALPHABET)
    obj = model()
    obj.query_code_set(code)
    assert obj.query_code_hash.startswith("sha256$") and code not in obj.query_code_hash
    assert obj.query_code_check(code)
    # Case, spaces inside and blanks around are ignored, as when the code is typed back.
    spaced = f"  {code[:5].lower()} {code[5:]} "
    assert obj.query_code_check(spaced)
    assert not obj.query_code_check(code[:-1])
    assert not obj.query_code_check("")
    # A new code replaces the old one.
    other = query_code_new()
    obj.query_code_set(other)
    assert obj.query_code_check(other) and (other == code or not obj.query_code_check(code))


@pytest.mark.parametrize("model", MODELS)
def test_nothing_matches_when_no_code_is_stored(model):
    obj = model()
    assert obj.query_code_hash == ""
    assert not obj.query_code_check("")
    assert not obj.query_code_check(query_code_new())
    obj.query_code_hash = DUMMY_HASH
    assert not obj.query_code_check(query_code_new())
