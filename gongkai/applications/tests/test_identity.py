"""The applicant's 身份证明 (条例 Art. 29): GB 11643 ID numbers, GB 32100 credit codes, masks, and
the query code that only its hash is kept of."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications.models import (
    MSG_CONTACT_PERSON_REQUIRED,
    MSG_CONTACT_REQUIRED,
    MSG_CREDIT_CODE_INVALID,
    MSG_ID_NUMBER_INVALID,
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
GOOD_ID = id_number()
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")
GOOD_CODE = credit_code()
BAD_CODE = GOOD_CODE[:-1] + ("0" if GOOD_CODE[-1] != "0" else "1")


@pytest.mark.parametrize(
    ("applicant_type", "id_type", "number", "contact", "errors"),
    [
        (PERSON, IdType.RESIDENT_ID, GOOD_ID, "", {}),
        (PERSON, IdType.RESIDENT_ID, GOOD_ID.lower(), "", {}),
        (PERSON, IdType.RESIDENT_ID, "11010519491231002x", "", {}),  # X check character
        (PERSON, IdType.RESIDENT_ID, BAD_ID, "", {"id_number": MSG_ID_NUMBER_INVALID}),
        (PERSON, IdType.RESIDENT_ID, "62010219900307", "", {"id_number": MSG_ID_NUMBER_INVALID}),
        (PERSON, IdType.RESIDENT_ID, "", "", {"id_number": MSG_ID_NUMBER_REQUIRED}),
        (PERSON, "", GOOD_ID, "", {"id_type": MSG_ID_TYPE_REQUIRED}),
        (PERSON, IdType.PASSPORT, "E12345678", "", {}),  # other documents: kept as given
        (PERSON, IdType.CREDIT_CODE, GOOD_CODE, "", {"id_type": MSG_PERSON_WITH_CREDIT_CODE}),
        (COMPANY, IdType.CREDIT_CODE, GOOD_CODE, "李四", {}),
        (COMPANY, IdType.CREDIT_CODE, BAD_CODE, "李四", {"id_number": MSG_CREDIT_CODE_INVALID}),
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


def test_the_messages_name_the_standards():
    assert "GB 11643" in MSG_ID_NUMBER_INVALID and "GB 32100" in MSG_CREDIT_CODE_INVALID


def test_the_model_checks_identity_and_contact_on_clean():
    app = Application(**applicant_data(id_number=BAD_ID, phone="", email="", address=""))
    with pytest.raises(ValidationError) as refused:
        app.clean()
    assert refused.value.message_dict == {
        "id_number": [MSG_ID_NUMBER_INVALID],
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
