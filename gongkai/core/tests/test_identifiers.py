import pytest

from gongkai.core.identifiers import (
    IdentifierProblem,
    Problem,
    credit_code_check_char,
    credit_code_problem,
    id_number_problem,
    is_valid_credit_code,
    is_valid_id_number,
    mask_middle,
)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("91350100M000100Y43", True),  # a published example code
        ("91350100m000100y43", True),  # lower case is accepted and upper-cased
        ("91350100M000100Y44", False),  # wrong check character
        ("91350100M000100Y4", False),  # 17 characters
        ("91350100M000100I43", False),  # I is not in the alphabet
        ("", False),
        ("９１３５０１００Ｍ０００１００Ｙ４３", False),  # full-width characters
    ],
)
def test_it_checks_the_gb32100_credit_code(value, valid):
    assert is_valid_credit_code(value) is valid


def test_the_check_character_completes_any_17_characters():
    for first17 in ["11620000000000010", "12100000400000624", "5162000050000000X"[:17]]:
        assert is_valid_credit_code(first17 + credit_code_check_char(first17))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("11010519491231002X", True),  # GB 11643 example
        ("11010519491231002x", True),
        ("110105194912310021", False),
        ("11010519491231002", False),
        ("1101051949123100XX", False),
        ("620102199002301232", False),  # right check digit, but born on 30 February
        ("", False),
    ],
)
def test_it_checks_the_gb11643_id_number(value, valid):
    assert is_valid_id_number(value) is valid


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("11010519491231002X", None),
        ("1101051949123100", IdentifierProblem(Problem.LENGTH, 16)),
        ("110105-19491231002X", IdentifierProblem(Problem.CHARACTER, 19, 7, "-")),
        ("11010519491231002x1", IdentifierProblem(Problem.LENGTH, 19)),  # x is fine in place 18
        ("110105194902300027", IdentifierProblem(Problem.BIRTH_DATE, 18, found="19490230")),
        ("110105194912310021", IdentifierProblem(Problem.CHECK, 18)),
    ],
)
def test_it_says_what_is_wrong_with_an_id_number(value, problem):
    assert id_number_problem(value) == problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("91350100M000100Y43", None),
        ("91350100M000100Y4", IdentifierProblem(Problem.LENGTH, 17)),
        ("91350100M000100o43", IdentifierProblem(Problem.LETTER_NOT_USED, 18, 16, "o")),
        ("91350100M000100Y4。", IdentifierProblem(Problem.CHARACTER, 18, 18, "。")),
        ("91350100M000100Y44", IdentifierProblem(Problem.CHECK, 18)),
    ],
)
def test_it_says_what_is_wrong_with_a_credit_code(value, problem):
    assert credit_code_problem(value) == problem


def test_it_masks_the_middle_of_a_number():
    assert mask_middle("11010519491231002X") == "110***********002X"
    assert mask_middle("13800138000") == "138****8000"
    assert mask_middle("123") == "***"
