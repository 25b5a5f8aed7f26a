"""The applicant's 身份证明 (条例 Art. 29): GB 11643 ID numbers, GB 32100 credit codes, the plain
words that say what is wrong with one, masks, and the query code that only its hash is kept of."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications.forms_public import (
    MSG_EMAIL_NO_AT,
    MSG_PHONE_TOO_SHORT,
    MSG_SUMMARY_APPLY,
)
from gongkai.applications.models import (
    MSG_CONTACT_PERSON_REQUIRED,
    MSG_CONTACT_REQUIRED,
    MSG_CREDIT_CODE_CHARACTER,
    MSG_CREDIT_CODE_CHECK,
    MSG_CREDIT_CODE_LENGTH,
    MSG_CREDIT_CODE_LETTER_NOT_USED,
    MSG_ID_NUMBER_BIRTH_DATE,
    MSG_ID_NUMBER_CHARACTER,
    MSG_ID_NUMBER_CHECK,
    MSG_ID_NUMBER_LENGTH,
    MSG_ID_NUMBER_REQUIRED,
    MSG_ID_TYPE_REQUIRED,
    MSG_ORGANISATION_WITH_PERSONAL_ID,
    MSG_PERSON_WITH_CREDIT_CODE,
    ApplicantType,
    Application,
    IdType,
    applicant_identity_errors,
    query_code_hash,
    query_code_matches,
    query_code_new,
)
from gongkai.applications.tests.factories import (
    applicant_data,
    credit_code,
    id_number,
    organisation_data,
)

PERSON = ApplicantType.NATURAL_PERSON
COMPANY = ApplicantType.COMMERCIAL
GOOD_ID = id_number()  # 62010219900307123X: its check character is X
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")
GOOD_CODE = credit_code()
BAD_CODE = GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")


def id_message(number: str) -> str:
    """The message a natural person gets for this resident ID number ("" when it is valid)."""
    return applicant_identity_errors(PERSON, IdType.RESIDENT_ID, number).get("id_number", "")


def code_message(code: str) -> str:
    """The message a company gets for this credit code ("" when it is valid)."""
    return applicant_identity_errors(COMPANY, IdType.CREDIT_CODE, code, "李四").get("id_number", "")


@pytest.mark.parametrize(
    ("number", "message"),
    [
        pytest.param(GOOD_ID, "", id="valid"),
        pytest.param(GOOD_ID.lower(), "", id="lowercase-x-accepted-as-X"),
        pytest.param("11010519491231002x", "", id="the-standard-s-example-with-x"),
        pytest.param(f" {GOOD_ID} ", "", id="spaces-around-ignored"),
        pytest.param(GOOD_ID[:17], MSG_ID_NUMBER_LENGTH.format(length=17), id="17-digits"),
        pytest.param(GOOD_ID[:17] + "01", MSG_ID_NUMBER_LENGTH.format(length=19), id="19-digits"),
        pytest.param("62010219900307", MSG_ID_NUMBER_LENGTH.format(length=14), id="14-digits"),
        pytest.param(BAD_ID, MSG_ID_NUMBER_CHECK, id="wrong-check-digit"),
        pytest.param(
            GOOD_ID[:9] + "A" + GOOD_ID[10:],
            MSG_ID_NUMBER_CHARACTER.format(position=10, found="“A”"),
            id="letter-in-the-middle",
        ),
        pytest.param(
            GOOD_ID[:16] + "X" + GOOD_ID[17:],
            MSG_ID_NUMBER_CHARACTER.format(position=17, found="“X”"),
            id="X-before-the-last-place",
        ),
        pytest.param(
            GOOD_ID[:6] + " " + GOOD_ID[6:],
            MSG_ID_NUMBER_CHARACTER.format(position=7, found="空格"),
            id="space-inside",
        ),
        pytest.param(
            "６" + GOOD_ID[1:],
            MSG_ID_NUMBER_CHARACTER.format(position=1, found="“６”"),
            id="full-width-digit",  # the public form reads it as 6 before this check
        ),
        pytest.param(
            id_number(birth="19900230"),
            MSG_ID_NUMBER_BIRTH_DATE.format(found="19900230", year="1990", month="2", day="30"),
            id="30-february",
        ),
        pytest.param(
            id_number(birth="19901301"),
            MSG_ID_NUMBER_BIRTH_DATE.format(found="19901301", year="1990", month="13", day="1"),
            id="month-13",
        ),
        pytest.param(
            id_number(birth="00000000"),
            MSG_ID_NUMBER_BIRTH_DATE.format(found="00000000", year="0000", month="0", day="0"),
            id="zeros",
        ),
    ],
)
def test_a_wrong_id_number_is_explained(number, message):
    assert id_message(number) == message


@pytest.mark.parametrize(
    ("code", "message"),
    [
        pytest.param(GOOD_CODE, "", id="valid"),
        pytest.param(GOOD_CODE.lower(), "", id="lowercase-accepted"),
        pytest.param(GOOD_CODE[:17], MSG_CREDIT_CODE_LENGTH.format(length=17), id="17-characters"),
        pytest.param(GOOD_CODE + "1", MSG_CREDIT_CODE_LENGTH.format(length=19), id="19-characters"),
        pytest.param(BAD_CODE, MSG_CREDIT_CODE_CHECK, id="wrong-check-character"),
        pytest.param(
            GOOD_CODE[:4] + "O" + GOOD_CODE[5:],
            MSG_CREDIT_CODE_LETTER_NOT_USED.format(position=5, found="“O”", lookalike="数字 0"),
            id="letter-O-for-zero",
        ),
        pytest.param(
            GOOD_CODE[:4] + "i" + GOOD_CODE[5:],
            MSG_CREDIT_CODE_LETTER_NOT_USED.format(position=5, found="“i”", lookalike="数字 1"),
            id="letter-i-for-one",
        ),
        pytest.param(
            GOOD_CODE[:8] + "-" + GOOD_CODE[8:],
            MSG_CREDIT_CODE_CHARACTER.format(position=9, found="“-”"),
            id="hyphen",
        ),
    ],
)
def test_a_wrong_credit_code_is_explained(code, message):
    assert code_message(code) == message


def test_the_messages_read_as_plain_chinese():
    assert id_message(GOOD_ID[:17]) == "您输入了17位，居民身份证号码应为18位，请对照证件核对"
    assert id_message(BAD_ID).startswith("居民身份证号码最后一位校验码不符")
    assert id_message(id_number(birth="19900230")) == (
        "居民身份证号码第7至14位是出生日期，您输入的“19900230”（1990年2月30日）"
        "不是实际存在的日期，请核对"
    )
    assert code_message(GOOD_CODE[:4] + "O" + GOOD_CODE[5:]).startswith(
        "统一社会信用代码第5位是字母“O”"
    )
    every = [id_message(n) for n in (GOOD_ID[:17], BAD_ID, "6201A")] + [
        code_message(c) for c in (GOOD_CODE[:17], BAD_CODE, "91-")
    ]
    assert not any("GB" in m or "规则" in m for m in every)  # no standards a citizen cannot read


def test_the_docs_show_the_messages_as_they_read():
    doc = (Path(__file__).resolve().parents[3] / "docs" / "applying.md").read_text(encoding="utf-8")
    for message in (
        id_message(GOOD_ID[:17]),
        id_message(BAD_ID),
        id_message(GOOD_ID[:9] + "A" + GOOD_ID[10:]),
        id_message(id_number(birth="19900230")),
        code_message(GOOD_CODE[:4] + "O" + GOOD_CODE[5:]),
        MSG_PHONE_TOO_SHORT.format(count=4),
        MSG_EMAIL_NO_AT,
        MSG_SUMMARY_APPLY,
    ):
        assert message in doc


@pytest.mark.parametrize(
    ("applicant_type", "id_type", "number", "contact", "errors"),
    [
        (PERSON, IdType.RESIDENT_ID, GOOD_ID, "", {}),
        (PERSON, IdType.RESIDENT_ID, GOOD_ID.lower(), "", {}),
        (PERSON, IdType.RESIDENT_ID, "11010519491231002x", "", {}),  # X check character
        (PERSON, IdType.RESIDENT_ID, BAD_ID, "", {"id_number": MSG_ID_NUMBER_CHECK}),
        (PERSON, IdType.RESIDENT_ID, "", "", {"id_number": MSG_ID_NUMBER_REQUIRED}),
        (PERSON, "", GOOD_ID, "", {"id_type": MSG_ID_TYPE_REQUIRED}),
        (PERSON, IdType.PASSPORT, "E12345678", "", {}),  # other documents: kept as given
        (PERSON, IdType.CREDIT_CODE, GOOD_CODE, "", {"id_type": MSG_PERSON_WITH_CREDIT_CODE}),
        (COMPANY, IdType.CREDIT_CODE, GOOD_CODE, "李四", {}),
        (COMPANY, IdType.CREDIT_CODE, BAD_CODE, "李四", {"id_number": MSG_CREDIT_CODE_CHECK}),
        (
            COMPANY,
            IdType.CREDIT_CODE,
            GOOD_CODE,
            "",
            {"contact_person": MSG_CONTACT_PERSON_REQUIRED},
        ),
        (
            COMPANY,
            IdType.RESIDENT_ID,
            GOOD_ID,
            "李四",
            {"id_type": MSG_ORGANISATION_WITH_PERSONAL_ID},
        ),
        (ApplicantType.PUBLIC_WELFARE, IdType.OTHER, "民政登记证书 0001", "王五", {}),
    ],
)
def test_identity_checks(applicant_type, id_type, number, contact, errors):
    assert applicant_identity_errors(applicant_type, id_type, number, contact) == errors


def test_the_model_checks_identity_and_contact_on_clean():
    app = Application(**applicant_data(id_number=BAD_ID, phone="", email="", address=""))
    with pytest.raises(ValidationError) as refused:
        app.clean()
    assert refused.value.message_dict == {
        "id_number": [MSG_ID_NUMBER_CHECK],
        "phone": [MSG_CONTACT_REQUIRED],
    }
    ok = Application(**organisation_data(id_number=GOOD_CODE.lower()))
    ok.clean()
    assert ok.id_number == GOOD_CODE  # stored upper-case


def test_masks_show_only_the_ends():
    app = Application(id_number="620102199003071234", phone="13912345678")
    assert app.masked_id_number == "620***********1234"
    assert app.masked_phone == "139****5678"
    assert Application(id_number="", phone="").masked_id_number == ""


def test_only_a_salted_hash_of_the_query_code_is_kept():
    code = query_code_new()
    assert len(code) == 10 and not set(code) & set("01IO")
    stored = query_code_hash(code)
    assert code not in stored and stored.startswith("sha256$")
    assert stored != query_code_hash(code)  # a new salt each time
    assert query_code_matches(code, stored)
    assert query_code_matches(f" {code[:5].lower()} {code[5:]} ", stored)
    assert not query_code_matches(code[:-1] + ("2" if code[-1] != "2" else "3"), stored)
    assert not query_code_matches(code, "garbage")
