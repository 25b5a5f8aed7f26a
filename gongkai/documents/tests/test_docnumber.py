"""Tests for gongkai.documents.docnumber, the 发文字号 parser.

Plain pytest, no database. The corpus tests read ../shared/corpus/policy_doc_numbers_2023
(43,316 values scraped from 11 government websites) and are skipped if it is missing.
"""

import csv
import datetime
import functools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.documents import docnumber as dn
from gongkai.documents.docnumber import DocNumber, normalize_doc_number, parse_doc_number

# ---------------------------------------------------------------------------
# Hand-written cases
# ---------------------------------------------------------------------------

STANDARD = dn.KIND_STANDARD
ORDER = dn.KIND_ORDER


def assert_parses_to(raw, normalized, agency_code, year, serial, kind):
    result = parse_doc_number(raw)
    assert result == DocNumber(
        input=raw,
        valid=True,
        normalized=normalized,
        agency_code=agency_code,
        year=year,
        serial=serial,
        kind=kind,
        error=None,
    )


@pytest.mark.parametrize(
    "raw, agency_code, year, serial",
    [
        ("粤府〔2023〕67号", "粤府", 2023, 67),
        ("国办发〔2017〕47号", "国办发", 2017, 47),
        ("宁政办明电发〔2023〕8号", "宁政办明电发", 2023, 8),
        ("渝府令〔2023〕1号", "渝府令", 2023, 1),  # 令 in the code, standard shape
        ("农业农村部通告〔2019〕1号", "农业农村部通告", 2019, 1),
    ],
)
def test_it_keeps_canonical_standard_numbers_unchanged(raw, agency_code, year, serial):
    assert_parses_to(raw, raw, agency_code, year, serial, STANDARD)


@pytest.mark.parametrize(
    "raw, normalized",
    [
        ("发文字号：渝府发〔2023〕15号", "渝府发〔2023〕15号"),
        ("发文字号:晋政函〔2023〕83号", "晋政函〔2023〕83号"),
        ("文号：国办发〔2017〕47号", "国办发〔2017〕47号"),
        ("文号:国办发〔2017〕47号", "国办发〔2017〕47号"),
        ("发文字号 ： 粤府〔2023〕67号", "粤府〔2023〕67号"),
        ("发文字号国办发〔2017〕47号", "国办发〔2017〕47号"),  # known label, no colon
        ("文件编号：国办发〔2017〕47号", "国办发〔2017〕47号"),  # any short label with a colon
    ],
)
def test_it_strips_label_prefixes(raw, normalized):
    assert normalize_doc_number(raw) == normalized


@pytest.mark.parametrize(
    "raw, normalized",
    [
        ("豫政 〔2023〕27号", "豫政〔2023〕27号"),
        ("渝府办发〔 2022 〕96 号", "渝府办发〔2022〕96号"),
        ("豫政办 〔 2021 〕68 号", "豫政办〔2021〕68号"),
        ("发文字号：晋政函〔2017〕 69号", "晋政函〔2017〕69号"),
        ("  国办发〔2017〕47号\n", "国办发〔2017〕47号"),
        ("国办发\u3000〔2017〕\t47号", "国办发〔2017〕47号"),  # ideographic space, tab
        ("国办发\u00a0〔2017〕47号", "国办发〔2017〕47号"),  # no-break space
    ],
)
def test_it_removes_spaces_anywhere(raw, normalized):
    assert normalize_doc_number(raw) == normalized


@pytest.mark.parametrize(
    "raw",
    [
        "晋政发[2013]35号",
        "晋政发(2013)35号",
        "晋政发［2013］35号",
        "晋政发（2013）35号",
        "晋政发【2013】35号",
        "晋政发〖2013〗35号",
        "晋政发﹝2013﹞35号",
        "晋政发{2013}35号",
        "晋政发<2013>35号",
        "晋政发(2013〕35号",  # mixed, as in the corpus
        "发文字号：晋政发[2013]35号",
    ],
)
def test_it_rewrites_bracket_variants_as_tortoise_shell_brackets(raw):
    assert_parses_to(raw, "晋政发〔2013〕35号", "晋政发", 2013, 35, STANDARD)


@pytest.mark.parametrize(
    "raw, normalized, organ, year, serial",
    [
        ("宁夏回族自治区人民政府令第127号", "宁夏回族自治区人民政府令第127号",
         "宁夏回族自治区人民政府", None, 127),
        ("中华人民共和国国务院令第406号", "中华人民共和国国务院令第406号",
         "中华人民共和国国务院", None, 406),
        ("发文字号：山西省人民政府令第304号", "山西省人民政府令第304号",
         "山西省人民政府", None, 304),
        ("重庆市人民政府令第 359 号", "重庆市人民政府令第359号", "重庆市人民政府", None, 359),
        ("省政府令 第219号", "省政府令第219号", "省政府", None, 219),
        ("交通运输部令2016年第62号", "交通运输部令2016年第62号", "交通运输部", 2016, 62),
        ("上海市人民政府令 2018 年第 8 号", "上海市人民政府令2018年第8号",
         "上海市人民政府", 2018, 8),
        ("中国(上海)自由贸易试验区管理委员会令第1号",
         "中国（上海）自由贸易试验区管理委员会令第1号",
         "中国（上海）自由贸易试验区管理委员会", None, 1),
    ],
)  # fmt: skip
def test_it_parses_order_style_numbers(raw, normalized, organ, year, serial):
    assert_parses_to(raw, normalized, organ, year, serial, ORDER)


@pytest.mark.parametrize(
    "raw",
    [
        "\u200b渝府办发〔2019〕103号",
        "渝府办发〔2019〕103号\u200b",
        "\u200d渝府办发〔2019〕103号",
        "\ufeff渝府办发〔2019〕103号",
        "发文字号：\u200b渝府办发〔2019〕103号",
        "渝府办发\u2060〔2019〕\u00ad103号",  # word joiner, soft hyphen
        "渝府办发\x00〔2019〕\x7f103号",  # control characters
    ],
)
def test_it_drops_zero_width_and_other_invisible_characters(raw):
    assert normalize_doc_number(raw) == "渝府办发〔2019〕103号"


@pytest.mark.parametrize(
    "raw, normalized",
    [
        ("发文字号：渝府发〔2000〕48号〔〕", "渝府发〔2000〕48号"),  # stray empty brackets
        ("渝府发〔2000〕48号[]", "渝府发〔2000〕48号"),
        ("粤府办〔2002〕1２号", "粤府办〔2002〕12号"),  # full-width digit
        ("粤府办〔２００２〕１２号", "粤府办〔2002〕12号"),
        ("沪绿容〔2020〕014号", "沪绿容〔2020〕14号"),  # zero-padded serial
        ("沪发改价费〔2009〕009号", "沪发改价费〔2009〕9号"),
        ("发文字号：晋政办发〔2012〕18", "晋政办发〔2012〕18号"),  # final 号 missing
        ("国发〔2017〕第5号", "国发〔2017〕5号"),  # 第 before the serial
    ],
)
def test_it_repairs_junk_digits_and_a_missing_hao(raw, normalized):
    assert normalize_doc_number(raw) == normalized


def test_it_accepts_next_year_but_not_the_year_after():
    next_year = datetime.date.today().year + 1
    assert parse_doc_number(f"国发〔{next_year}〕1号").valid
    assert parse_doc_number(f"国发〔{next_year + 1}〕1号").error == (
        dn.ERR_YEAR_OUT_OF_RANGE.format(year=next_year + 1)
    )


@pytest.mark.parametrize(
    "raw, error",
    [
        ("", dn.ERR_EMPTY),
        ("   ", dn.ERR_EMPTY),
        ("\u200b\ufeff", dn.ERR_EMPTY),
        ("发文字号：", dn.ERR_EMPTY),
        ("无", dn.ERR_PLACEHOLDER.format(value="无")),
        ("暂无", dn.ERR_PLACEHOLDER.format(value="暂无")),
        ("N/A", dn.ERR_PLACEHOLDER.format(value="N/A")),
        ("-", dn.ERR_PLACEHOLDER.format(value="-")),
        ("2023-06-14", dn.ERR_DATE.format(value="2023-06-14")),
        ("2023/06/14", dn.ERR_DATE.format(value="2023/06/14")),
        ("2023年6月14日", dn.ERR_DATE.format(value="2023年6月14日")),
        ("成文日期 ：2023-06-14", dn.ERR_DATE.format(value="2023-06-14")),
        ("国办发47号", dn.ERR_MISSING_YEAR),
        ("豫政 第24号", dn.ERR_MISSING_YEAR),
        ("国发〔〕12号", dn.ERR_MISSING_YEAR),
        ("国发〔17〕12号", dn.ERR_BAD_YEAR.format(year="17")),
        ("国发〔1899〕1号", dn.ERR_YEAR_OUT_OF_RANGE.format(year=1899)),
        ("国发〔1948〕1号", dn.ERR_YEAR_OUT_OF_RANGE.format(year=1948)),
        ("交通运输部令1900年第1号", dn.ERR_YEAR_OUT_OF_RANGE.format(year=1900)),
        ("国发〔2017〕", dn.ERR_MISSING_SERIAL),
        ("国发〔2017〕号", dn.ERR_MISSING_SERIAL),
        ("国务院令第号", dn.ERR_MISSING_SERIAL),
        ("发文字号：晋政发〔2014〕号16", dn.ERR_SERIAL_MISPLACED),
        ("国发〔2017〕0号", dn.ERR_BAD_SERIAL.format(serial="0")),
        ("国发〔2017〕1234567号", dn.ERR_BAD_SERIAL.format(serial="1234567")),
        ("〔2017〕1号", dn.ERR_MISSING_AGENCY),
        ("其他〔2022〕99号", dn.ERR_BAD_AGENCY.format(agency="其他")),
        ("ABC〔2022〕99号", dn.ERR_BAD_AGENCY.format(agency="ABC")),
        ("国发2〔2022〕99号", dn.ERR_BAD_AGENCY.format(agency="国发2")),
        ("的通知沪府发〔2009〕40号", dn.ERR_AGENCY_HAS_PROSE.format(agency="的通知沪府发")),
        ("根据国办公开办函〔2019〕61号", dn.ERR_AGENCY_HAS_PROSE.format(agency="根据国办公开办函")),
        ("省人民政府川府发〔1987〕1号", dn.ERR_AGENCY_HAS_PROSE.format(agency="省人民政府川府发")),
        ("国办发〔2017〕47号、国办发〔2017〕48号", dn.ERR_MULTIPLE),
        ("财税〔2019〕1号 国税发〔2019〕2号", dn.ERR_MULTIPLE),
        ("国务院令第1号国务院令第2号", dn.ERR_MULTIPLE),
        ("国家税务总局公告2015年第41号", dn.ERR_YEARLY_WITHOUT_ORDER),
        ("昆明市人民政府2015年第88号", dn.ERR_YEARLY_WITHOUT_ORDER),
        ("国发〔2017〕12号号", dn.ERR_UNRECOGNISED),
        ("关于印发某某办法的通知", dn.ERR_UNRECOGNISED),
        ("hello", dn.ERR_UNRECOGNISED),
        ("国" * 101, dn.ERR_TOO_LONG.format(length=101, limit=dn.MAX_LENGTH)),
    ],
)  # fmt: skip
def test_it_rejects_values_that_are_not_document_numbers_with_a_chinese_reason(raw, error):
    result = parse_doc_number(raw)
    assert result == DocNumber(
        input=raw,
        valid=False,
        normalized=None,
        agency_code=None,
        year=None,
        serial=None,
        kind=None,
        error=error,
    )


class BrokenRepr:
    def __repr__(self):
        raise RuntimeError("no repr")


class BrokenClassAttribute:
    @property
    def __class__(self):
        raise RuntimeError("no __class__")


class StrWithBrokenMethods(str):
    def __str__(self):
        raise RuntimeError("no str")

    def strip(self, *args):
        raise RuntimeError("no strip")


@pytest.mark.parametrize(
    "raw, error",
    [
        (None, dn.ERR_EMPTY),
        (123, dn.ERR_NOT_TEXT.format(type="int")),
        (12.5, dn.ERR_NOT_TEXT.format(type="float")),
        (["国发〔2017〕1号"], dn.ERR_NOT_TEXT.format(type="list")),
        (b"\xff\xfe", dn.ERR_NOT_UTF8),
    ],
)
def test_it_rejects_values_that_are_not_text_without_raising(raw, error):
    result = parse_doc_number(raw)
    assert not result.valid
    assert result.error == error
    assert isinstance(result.input, str)


@pytest.mark.parametrize("make", [BrokenRepr, BrokenClassAttribute], ids=lambda c: c.__name__)
def test_it_does_not_raise_on_objects_with_hostile_dunder_methods(make):
    # Built inside the test: pytest itself trips over them when it makes test ids.
    result = parse_doc_number(make())
    assert result.error == dn.ERR_NOT_TEXT.format(type=make.__name__)


@pytest.mark.parametrize(
    "raw",
    [
        "国发〔2017〕1号".encode(),
        bytearray("国发〔2017〕1号".encode()),
        StrWithBrokenMethods("国发〔2017〕1号"),
    ],
)
def test_it_accepts_utf8_bytes_and_str_subclasses(raw):
    assert normalize_doc_number(raw) == "国发〔2017〕1号"


def test_as_dict_has_exactly_the_documented_keys():
    assert parse_doc_number("国办发〔2017〕47号").as_dict() == {
        "input": "国办发〔2017〕47号",
        "valid": True,
        "normalized": "国办发〔2017〕47号",
        "agency_code": "国办发",
        "year": 2017,
        "serial": 47,
        "kind": "standard",
        "error": None,
    }
    assert list(parse_doc_number(None).as_dict()) == [
        "input", "valid", "normalized", "agency_code", "year", "serial", "kind", "error",
    ]  # fmt: skip


# ---------------------------------------------------------------------------
# The real corpus
# ---------------------------------------------------------------------------

CORPUS_DIR = (
    Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "policy_doc_numbers_2023"
)

# Plain checks, independent of the parser, for what the canonical forms look like.
HAN = "[\u4e00-\u9fff]"
CANONICAL_RE = re.compile(
    rf"^{HAN}+〔[0-9]{{4}}〕[1-9][0-9]*号$|^{HAN}+令(?:[0-9]{{4}}年)?第[1-9][0-9]*号$"
)

# Plain checks, independent of the parser, for each messy kind.
MESSY_KINDS = {
    "label prefix": lambda v: re.match(r"^[\s\u200b\u200d\ufeff]*(发文字号|文号)\s*[:：]", v),
    "spaces": lambda v: re.search(r"\s", v),
    "bracket variants": lambda v: re.search(r"[\[\]()［］（）【】{}]", v),
    "令-style": lambda v: re.search(r"令\s*([0-9]{4}\s*年)?\s*第", v),
    "zero-width": lambda v: re.search("[\u200b\u200c\u200d\u2060\ufeff]", v),
    "full-width digits": lambda v: re.search("[０-９]", v),
    "zero-padded serial": lambda v: re.search(r"[〕\])]\s*0[0-9]*\s*号", v),
    "empty brackets": lambda v: "〔〕" in v,
    "no final 号": lambda v: re.search(r"[0-9]\s*$", v),
}

# Corpus values that are rejected on purpose. Everything else with a value must be valid.
CORPUS_REJECTED_VALUES = {
    # The label with nothing after it.
    "发文字号：": dn.ERR_EMPTY,
    # Serial after 号; swapping them back would be a guess.
    "发文字号：晋政发〔2014〕号16": dn.ERR_SERIAL_MISPLACED,
    # No year at all.
    "豫政 第24号": dn.ERR_MISSING_YEAR,
}
# Codes in front of 〔year〕 that are not 机关代字.
CORPUS_REJECTED_AGENCY_CODES = {
    # Chongqing's "other" category, not an agency.
    "其他": dn.ERR_BAD_AGENCY,
    # Part of the title or sentence the scraper kept in front of the number, or the full
    # organ name in front of the code ("省人民政府" + "川府发").
    **dict.fromkeys(
        [
            "工作通知", "控方案的通知粤府", "省人民政府辽政发", "省人民政府川府发",
            "省人民政府云政函", "省人民政府云政发", "的通知沪发改价管", "作的通知沪卫基层",
            "的通知徐府发", "的通知徐发改规", "的通知黄城管执规", "的通知徐府办发",
            "的通知沪建审改", "的通知沪教委基", "的通知黄科委规", "的通知沪高法",
            "的通知金发改规", "的批复国函", "的通知金就办", "的通知黄人社规",
            "的通知沪教委学", "通知沪退役军人规", "的通知沪科合", "的通知沪城管规",
            "落实国办公开办函", "根据国办公开办函", "依据沪财发", "要按照交办海",
            "门应认真按照财预", "休人员以及按国发", "已按照沪府办", "管理的通告沪府发",
            "意见的通知沪府发", "的通知沪府发", "任职的通知沪府发", "事项的通知沪府发",
            "的通知沪府办发", "见的通知沪府办发", "作的通知沪府办发", "关于废止沪府办发",
            "厅关于废止沪府办",
        ],
        dn.ERR_AGENCY_HAS_PROSE,
    ),
}  # fmt: skip
CODE_BEFORE_YEAR_RE = re.compile(rf"^({HAN}+)〔")
# "国家税务总局公告2015年第41号" and the like: announcement numbers, not 发文字号.
YEARLY_WITHOUT_ORDER_RE = re.compile(r"[0-9]{4}年第[0-9]+号$")


def expected_corpus_error(value):
    """The error a corpus value should get per the lists above, or None if it is valid."""
    if value == "":
        return dn.ERR_EMPTY
    if value in CORPUS_REJECTED_VALUES:
        return CORPUS_REJECTED_VALUES[value]
    squeezed = re.sub(r"\s", "", value)
    if (m := CODE_BEFORE_YEAR_RE.match(squeezed)) and m[1] in CORPUS_REJECTED_AGENCY_CODES:
        return CORPUS_REJECTED_AGENCY_CODES[m[1]].format(agency=m[1])
    if YEARLY_WITHOUT_ORDER_RE.search(squeezed) and "令" not in squeezed:
        return dn.ERR_YEARLY_WITHOUT_ORDER
    return None


@functools.cache
def load_corpus():
    """[(file name, column, value)] for every row of every CSV file."""
    rows = []
    for path in sorted(CORPUS_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            # The column is doc_number in most files, document_number_parsed in one.
            columns = [name for name in reader.fieldnames if "number" in name]
            assert len(columns) == 1, f"{path.name}: cannot tell the doc-number column"
            rows += [(path.name, columns[0], row[columns[0]]) for row in reader]
    return rows


@functools.cache
def parsed_corpus():
    return [(value, parse_doc_number(value)) for _, _, value in load_corpus()]


@pytest.fixture
def corpus():
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"corpus folder not found: {CORPUS_DIR.resolve()}")
    return parsed_corpus()


@pytest.mark.corpus
def test_the_corpus_has_the_rows_its_readme_states(corpus):
    files = {name for name, _, _ in load_corpus()}
    assert len(files) == 11
    assert len(corpus) == 43_316
    assert sum(1 for value, _ in corpus if value) == 38_323
    assert sum(1 for value, _ in corpus if not value) == 4_993


@pytest.mark.corpus
def test_parsing_never_raises_on_any_corpus_value(corpus):
    for _, _, value in load_corpus():
        result = parse_doc_number(value)
        assert result.input == value
        assert result.valid == (result.error is None) == (result.normalized is not None)


@pytest.mark.corpus
def test_every_corpus_value_is_valid_except_the_listed_rejections(corpus):
    wrong = {
        value: (result.error, expected_corpus_error(value))
        for value, result in corpus
        if result.error != expected_corpus_error(value)
    }
    assert wrong == {}


@pytest.mark.corpus
def test_every_corpus_value_already_in_canonical_form_maps_to_itself(corpus):
    canonical = [(v, r) for v, r in corpus if CANONICAL_RE.match(v)]
    assert canonical
    changed = {v: r.normalized for v, r in canonical if r.normalized != v}
    # Only the listed rejections may fail to map to themselves.
    assert all(expected_corpus_error(v) is not None for v in changed), changed


@pytest.mark.corpus
@pytest.mark.parametrize("kind", MESSY_KINDS)
def test_every_messy_kind_in_the_corpus_parses_except_the_listed_rejections(corpus, kind):
    of_kind = [(v, r) for v, r in corpus if MESSY_KINDS[kind](v)]
    assert of_kind, f"no corpus values of kind {kind!r}; the check is wrong"
    rejected_on_purpose = {v for v, _ in of_kind if expected_corpus_error(v)}
    valid = [r for _, r in of_kind if r.valid]

    assert len(valid) == len(of_kind) - len([v for v, _ in of_kind if v in rejected_on_purpose]), (
        f"{kind}: {len(of_kind)} values, {len(valid)} valid"
    )
    assert all(CANONICAL_RE.match(r.normalized) for r in valid)
    wrong_errors = {
        v: r.error
        for v, r in of_kind
        if v in rejected_on_purpose and r.error != expected_corpus_error(v)
    }
    assert wrong_errors == {}


@pytest.mark.corpus
def test_normalising_corpus_values_is_idempotent(corpus):
    for _, result in corpus:
        once = result.normalized
        assert normalize_doc_number(once) == once
        if once is not None:
            again = parse_doc_number(once)
            assert (again.agency_code, again.year, again.serial, again.kind) == (
                result.agency_code,
                result.year,
                result.serial,
                result.kind,
            )


@pytest.mark.corpus
def test_empty_corpus_values_are_invalid_with_the_empty_error(corpus):
    empty = [r for v, r in corpus if v == ""]
    assert empty
    assert all(r.error == dn.ERR_EMPTY and not r.valid for r in empty)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

# Any code point, including lone surrogates, plus characters the cleaning steps care about.
any_char = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),
    st.sampled_from("〔〕[]()（）［］【】 \u3000\u200b\ufeff0123456789０１２号令第年:：发文字号国"),
)
any_text = st.text(any_char, max_size=200)
any_object = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.binary(),
    any_text,
    st.lists(any_text, max_size=3),
    st.dictionaries(any_text, st.integers(), max_size=3),
    st.builds(BrokenRepr),
    st.builds(BrokenClassAttribute),
    st.from_type(object),
)


def assert_well_formed(result):
    assert isinstance(result, DocNumber)
    assert isinstance(result.input, str)
    if result.valid:
        assert result.error is None
        assert result.kind in (dn.KIND_STANDARD, dn.KIND_ORDER)
        assert normalize_doc_number(result.normalized) == result.normalized
        result.normalized.encode("utf-8")  # no lone surrogates in the output
    else:
        assert result.normalized is None
        assert result.kind is None
        assert isinstance(result.error, str) and result.error
    assert set(result.as_dict()) == {
        "input", "valid", "normalized", "agency_code", "year", "serial", "kind", "error",
    }  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_parse_never_raises_on_arbitrary_text(raw):
    assert_well_formed(parse_doc_number(raw))


@settings(max_examples=300, deadline=None)
@given(any_object)
def test_parse_never_raises_on_arbitrary_objects(raw):
    assert_well_formed(parse_doc_number(raw))


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1_000, max_value=20_000), any_text)
def test_parse_never_raises_on_very_long_text(repeat, tail):
    assert_well_formed(parse_doc_number("国办发〔2017〕47号" * repeat + tail))


# Messy versions of a valid number normalise back to it.
agency_codes = st.text(
    st.sampled_from("国办发函府政沪粤豫渝晋鄂辽川云明电规字综财税教卫"), min_size=1, max_size=6
)
fillers = st.text(st.sampled_from(" \u3000\u00a0\u200b\u200d\ufeff\t"), max_size=2)
brackets = st.sampled_from(["〔〕", "[]", "()", "［］", "（）", "【】", "﹝﹞"])
full_width = str.maketrans("0123456789", "０１２３４５６７８９")


@settings(max_examples=300, deadline=None)
@given(
    agency=agency_codes,
    year=st.integers(min_value=dn.MIN_YEAR, max_value=2023),
    serial=st.integers(min_value=1, max_value=99_999),
    bracket=brackets,
    label=st.sampled_from(["", "发文字号：", "文号:", "发文字号 ："]),
    zeros=st.sampled_from(["", "0", "00"]),
    widen_digits=st.booleans(),
    hao=st.sampled_from(["号", " 号", ""]),
    gaps=st.lists(fillers, min_size=5, max_size=5),
)  # fmt: skip
def test_messy_spellings_of_a_valid_number_normalise_to_it(
    agency, year, serial, bracket, label, zeros, widen_digits, hao, gaps
):
    digits_year, digits_serial = str(year), zeros + str(serial)
    if widen_digits:
        digits_year = digits_year.translate(full_width)
        digits_serial = digits_serial.translate(full_width)
    messy = (
        f"{gaps[0]}{label}{agency}{gaps[1]}{bracket[0]}{gaps[2]}{digits_year}{bracket[1]}"
        f"{gaps[3]}{digits_serial}{hao}{gaps[4]}"
    )
    assert_parses_to(messy, f"{agency}〔{year}〕{serial}号", agency, year, serial, STANDARD)
