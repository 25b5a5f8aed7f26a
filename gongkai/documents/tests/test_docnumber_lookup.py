"""Finding a document by the 发文字号 people cite (docnumber.doc_number_key, doc_number_lookup).

Plain pytest, no database. A stored value is a document's 发文字号 as the library holds it (what the
document form saved: the canonical form); a typed value is what a reader enters in the library's
发文字号 field or the API's `doc_number`. The stored values are real ones from
../shared/corpus/policy_doc_numbers_2023; the corpus test is skipped when it is missing.
"""

import pytest

from gongkai.documents import docnumber as dn
from gongkai.documents.docnumber import (
    DocNumberCandidate,
    doc_number_key,
    doc_number_lookup,
    normalize_doc_number,
    organs_match,
)
from gongkai.documents.tests.test_docnumber import CORPUS_DIR, parsed_corpus


def finds(typed: str, stored: str) -> bool:
    """Whether the library finds the document stored with `stored` when `typed` is entered: its
    key is one looked up, and the row found passes the check."""
    lookup = doc_number_lookup(typed)
    canonical = normalize_doc_number(stored)
    return doc_number_key(canonical) in lookup.keys and lookup.matches(canonical)


# (typed, stored): the typed value finds the stored document.
FOUND = [
    # The forms of issue 11: brackets, 年, 第.
    ("甘政办发〔2021〕48号", "甘政办发〔2021〕48号"),
    ("甘政办发[2021]48号", "甘政办发〔2021〕48号"),
    ("甘政办发（2021）48号", "甘政办发〔2021〕48号"),
    ("甘政办发(2021)48号", "甘政办发〔2021〕48号"),
    ("甘政办发【2021】48号", "甘政办发〔2021〕48号"),
    ("甘政办发2021年48号", "甘政办发〔2021〕48号"),
    ("甘政办发2021年第48号", "甘政办发〔2021〕48号"),
    ("甘政办发〔2021〕第48号", "甘政办发〔2021〕48号"),
    ("甘政办发〔2021〕48", "甘政办发〔2021〕48号"),
    ("甘政办发 〔2021〕 048 号", "甘政办发〔2021〕48号"),
    ("发文字号：甘政办发〔2021〕48号", "甘政办发〔2021〕48号"),
    # 令 cited without the organ's full name, or without any organ.
    ("第798号令", "中华人民共和国国务院令第798号"),
    ("798号令", "中华人民共和国国务院令第798号"),
    ("令第798号", "中华人民共和国国务院令第798号"),
    ("国务院令第798号", "中华人民共和国国务院令第798号"),
    ("国务院令 第798号", "中华人民共和国国务院令第798号"),
    ("国务院第798号令", "中华人民共和国国务院令第798号"),
    ("国务院令798号", "中华人民共和国国务院令第798号"),
    ("中华人民共和国国务院令（第798号）", "中华人民共和国国务院令第798号"),
    ("中华人民共和国国务院令第798号", "国务院令 第798号"),
    ("国务院令第798号", "国务院令 第798号"),
    # Real stored values from the corpus.
    ("国办发[2017]47号", "国办发〔2017〕47号"),
    ("国办发2017年47号", "国办发〔2017〕47号"),
    ("晋政发〔2013〕35号", "发文字号：晋政发[2013]35号"),
    ("晋政办发2017年第109号", "晋政办发(2017〕109号"),
    ("豫政〔2023〕27号", "豫政 〔2023〕27号"),
    ("山西省政府令第304号", "发文字号：山西省人民政府令第304号"),
    ("第304号令", "发文字号：山西省人民政府令第304号"),
    ("宁夏回族自治区政府令第127号", "宁夏回族自治区人民政府令第127号"),
    ("自治区人民政府令第127号", "宁夏回族自治区人民政府令第127号"),
    ("四川省人民政府令第219号", "省政府令 第219号"),
    ("重庆市人民政府令第359号", "重庆市人民政府令第 359 号"),
    ("重庆市政府第359号令", "重庆市人民政府令第 359 号"),
    # Orders numbered per year: with or without the year, as a standard number or an order.
    ("交通运输部令2016年第62号", "交通运输部令2016年第62号"),
    ("交通运输部令第62号", "交通运输部令2016年第62号"),
    ("交通运输部令〔2016〕62号", "交通运输部令2016年第62号"),
    ("国家互联网信息办公室令2016年第60号", "联网信息办公室令2016年第60号"),
    ("上海市人民政府令2018年第8号", "上海市人民政府令 2018 年第 8 号"),
    ("中华人民共和国交通运输部令2018年第2号", "和国交通运输部令2018年第2号"),
    # 机关代字 that end in 令 (a standard number), typed as an order of that year.
    ("渝府令2023年第1号", "渝府令〔2023〕1号"),
    ("渝府令2023年1号", "渝府令〔2023〕1号"),
    ("沪府令[2019]17号", "沪府令〔2019〕17号"),
]

# (typed, stored): another document, not found.
NOT_FOUND = [
    ("甘政办发〔2021〕49号", "甘政办发〔2021〕48号"),
    ("甘政办发〔2020〕48号", "甘政办发〔2021〕48号"),
    ("甘政发〔2021〕48号", "甘政办发〔2021〕48号"),
    ("政办发〔2021〕48号", "甘政办发〔2021〕48号"),  # a standard 机关代字 is never shortened
    ("甘政办发2021年48号", "甘政办发〔2021〕480号"),
    ("国务院令第797号", "中华人民共和国国务院令第798号"),
    ("第797号令", "中华人民共和国国务院令第798号"),
    ("国务院令第798号", "甘肃省人民政府令第798号"),
    ("山西省人民政府令第304号", "宁夏回族自治区人民政府令第304号"),
    ("交通运输部令2017年第62号", "交通运输部令2016年第62号"),
    ("水利部令2016年第62号", "交通运输部令2016年第62号"),
    ("渝府令〔2022〕1号", "渝府令〔2023〕1号"),
    ("渝府发〔2023〕1号", "渝府令〔2023〕1号"),
    ("第798号令", "国办发〔2017〕798号"),  # an order number is not a standard serial
]


@pytest.mark.parametrize("typed, stored", FOUND)
def test_a_number_typed_as_people_cite_it_finds_the_document(typed, stored):
    assert finds(typed, stored)


@pytest.mark.parametrize("typed, stored", NOT_FOUND)
def test_a_number_typed_finds_no_other_document(typed, stored):
    assert not finds(typed, stored)


@pytest.mark.parametrize(
    "stored, key",
    [
        ("甘政办发〔2021〕48号", "甘政办发〔2021〕48号"),
        ("发文字号：晋政发[2013]35号", "晋政发〔2013〕35号"),
        ("渝府令〔2023〕1号", "渝府令〔2023〕1号"),
        ("中华人民共和国国务院令第798号", "令第798号"),
        ("省政府令 第219号", "令第219号"),
        ("交通运输部令2016年第62号", "令第62号"),
        ("", ""),
        ("无", ""),
        ("国家税务总局公告2015年第41号", ""),
    ],
)
def test_the_stored_key_is_the_canonical_number_or_the_order_number_alone(stored, key):
    assert doc_number_key(stored) == key


@pytest.mark.parametrize(
    "typed, error",
    [
        ("", dn.ERR_EMPTY),
        ("甘政办发", dn.ERR_UNRECOGNISED),
        ("2021-03-05", dn.ERR_DATE.format(value="2021-03-05")),
        ("关于印发某某办法的通知", dn.ERR_UNRECOGNISED),
        ("国发〔2017〕0号", dn.ERR_BAD_SERIAL.format(serial="0")),
        ("第0号令", dn.ERR_UNRECOGNISED),
        ("国" * 300, dn.ERR_TOO_LONG.format(length=300, limit=dn.MAX_LENGTH)),
    ],
)
def test_a_value_that_is_no_number_looks_nothing_up_and_says_why(typed, error):
    lookup = doc_number_lookup(typed)
    assert lookup.candidates == () and lookup.keys == []
    assert lookup.error == error


def test_only_an_order_typed_with_its_organ_or_year_needs_the_rows_checked():
    assert not doc_number_lookup("甘政办发[2021]48号").needs_check
    assert not doc_number_lookup("第798号令").needs_check
    assert doc_number_lookup("国务院令第798号").needs_check
    assert doc_number_lookup("国务院令第798号").candidates == (
        DocNumberCandidate(key="令第798号", organ="国务院"),
    )


@pytest.mark.parametrize(
    "typed, stored, same",
    [
        ("国务院", "中华人民共和国国务院", True),
        ("中华人民共和国国务院", "国务院", True),
        ("省政府", "四川省人民政府", True),
        ("甘肃省政府", "甘肃省人民政府", True),
        ("甘肃省人民政府", "兰州市人民政府", False),
        ("国务院", "甘肃省人民政府", False),
        ("", "国务院", False),
    ],
)
def test_organs_match_when_one_name_shortens_the_other_from_the_front(typed, stored, same):
    assert organs_match(typed, stored) is same


def test_lookup_never_raises_on_odd_input():
    for value in [None, 12, b"\xff", "令第号", "第号令", "〔2021〕48号", "令" * 50, "\x00第1号令"]:
        lookup = doc_number_lookup(value)
        assert isinstance(lookup.keys, list)
        assert lookup.matches("国务院令第1号") in (True, False)


# ---------------------------------------------------------------------------
# The real corpus: every 机关代字 and every 令 of the 43,316 values
# ---------------------------------------------------------------------------


def typed_forms(number) -> list[str]:
    """The ways a reader may cite a stored number, made from its parts."""
    agency, year, serial = number.agency_code, number.year, number.serial
    if number.kind == dn.KIND_STANDARD:
        return [
            f"{agency}[{year}]{serial}号",
            f"{agency}（{year}）{serial}号",
            f"{agency}{year}年{serial}号",
            f"{agency}〔{year}〕第{serial}号",
        ]
    year_part = f"{year}年" if year else ""
    return [
        f"第{serial}号令",
        f"{agency}令{year_part}第{serial}号",
        f"{agency[-3:]}令第{serial}号",  # the organ cut short from the front
        f"{agency}第{serial}号令",
    ]


@pytest.mark.corpus
def test_every_corpus_number_is_found_by_every_common_short_form():
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"corpus folder not found: {CORPUS_DIR.resolve()}")
    # One number of each 机关代字 (about 850; all 34,000 would take a quarter of a minute), and
    # every order.
    chosen = {}
    for _value, number in parsed_corpus():  # parsed once per run, shared with test_docnumber
        if number.valid:
            order = number.serial if number.kind == dn.KIND_ORDER else None
            chosen.setdefault((number.kind, number.agency_code, order), number)
    assert len(chosen) > 800
    missed = {
        (number.normalized, typed)
        for number in chosen.values()
        for typed in typed_forms(number)
        if not finds(typed, number.normalized)
    }
    assert missed == set()
    # A neighbouring serial never finds it.
    wrong = {
        number.normalized
        for number in chosen.values()
        if finds(
            number.normalized.replace(f"{number.serial}号", f"{number.serial + 1}号"),
            number.normalized,
        )
    }
    assert wrong == set()
