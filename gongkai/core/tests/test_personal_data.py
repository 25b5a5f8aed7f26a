"""The personal-data check over a table of what people actually write (core.personal_data)."""

from __future__ import annotations

import pytest

from gongkai.core.personal_data import (
    Kind,
    find_personal_data,
    finding_message,
    mask_personal_data,
)

# 620102199003071234 has a valid date of birth (1990-03-07); the check digit is not verified.
FOUND = [
    ("身份证号620102199003071234", Kind.ID_NUMBER, "620102199003071234"),
    ("身份证号：62010219900307123x。", Kind.ID_NUMBER, "62010219900307123x"),
    ("证件号码 62010219900307123X", Kind.ID_NUMBER, "62010219900307123X"),
    ("620102 19900307 1234 申请", Kind.ID_NUMBER, "620102 19900307 1234"),
    ("号码620102-19900307-123X", Kind.ID_NUMBER, "620102-19900307-123X"),
    ("6201 0219 9003 0712 34", Kind.ID_NUMBER, "6201 0219 9003 0712 34"),
    (
        "全角６２０１０２１９９００３０７１２３４",
        Kind.ID_NUMBER,
        "６２０１０２１９９００３０７１２３４",
    ),
    ("旧证620102900307123", Kind.ID_NUMBER, "620102900307123"),
    ("电话13812345678", Kind.MOBILE, "13812345678"),
    ("电话138-1234-5678", Kind.MOBILE, "138-1234-5678"),
    ("电话 138 1234 5678，", Kind.MOBILE, "138 1234 5678"),
    ("手机+86 138 1234 5678", Kind.MOBILE, "+86 138 1234 5678"),
    ("手机+8613812345678", Kind.MOBILE, "+8613812345678"),
    ("（+86）13812345678", Kind.MOBILE, "（+86）13812345678"),
    ("手机：1３８１２３４５６７８", Kind.MOBILE, "1３８１２３４５６７８"),
    ("座机0931-8123456", Kind.LANDLINE, "0931-8123456"),
    ("座机(0931)8123456", Kind.LANDLINE, "(0931)8123456"),
    ("座机（010）62345678", Kind.LANDLINE, "（010）62345678"),
    ("座机 0931 8123456", Kind.LANDLINE, "0931 8123456"),
    ("邮箱 zhang.san@example.com。", Kind.EMAIL, "zhang.san@example.com"),
    ("邮箱 wang_li＠qq.com", Kind.EMAIL, "wang_li＠qq.com"),
]


@pytest.mark.parametrize(("text", "kind", "found"), FOUND)
def test_it_finds_what_people_write(text, kind, found):
    findings = find_personal_data(text)
    assert [(f.kind, f.text) for f in findings] == [(kind, found)]
    assert text[findings[0].start : findings[0].end] == found


NOT_FOUND = [
    "甘政办发〔2024〕12号",
    "索引号：11620000MB1234567X/2024-00012",
    "统一社会信用代码91620100000000007X",
    "2024年12月2日印发，共12345字",
    "政务服务便民热线12345",
    "邮政编码730030",
    "文件编号 2024 0001 0002 0003 00",  # 18 digits, but no date of birth
    "第1381234567号",  # 10 digits: not a mobile
    "金额 620102199013071234 元",  # month 13
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_it_leaves_numbers_that_are_not_personal(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    "text",
    ["申请人王小明", "申请人王·小明", "申请人王 小明", "申请人王・小明", "申请人：王 · 小 明"],
)
def test_a_known_name_is_found_however_it_is_separated(text):
    findings = find_personal_data(text, known={Kind.NAME: ["王小明"]})
    assert [f.kind for f in findings] == [Kind.NAME]
    assert mask_personal_data(text, findings).replace("：", "") == "申请人某某"


def test_a_third_partys_id_and_mobile_are_found_beside_the_applicants():
    text = (
        "申请人张三（13912345678）申请公开李四（身份证62010219800101002X，电话13698765432）的信息"
    )
    findings = find_personal_data(text, known={Kind.NAME: ["张三"]})
    assert [f.kind for f in findings] == [Kind.NAME, Kind.MOBILE, Kind.ID_NUMBER, Kind.MOBILE]
    assert mask_personal_data(text, findings) == (
        "申请人某某（×××）申请公开李四（身份证×××，电话×××）的信息"
    )


def test_the_bodys_own_contact_details_are_allowed_however_written():
    text = "联系电话：0931 - 8123456；（0931）8123456；传真0931-8123457；邮箱gkb@gansu.gov.cn"
    allowed = ["0931-8123456", "0931-8123457", "gkb@gansu.gov.cn"]
    assert find_personal_data(text.replace(" - ", "-"), allowed=allowed) == []
    private = find_personal_data("联系人手机13812345678，电话0931-8123456", allowed=allowed)
    assert [f.kind for f in private] == [Kind.MOBILE]


def test_the_message_names_the_kind_and_where_with_the_number_masked():
    (finding,) = find_personal_data("62010219900307123x")
    assert finding.blocking
    assert finding_message(finding, "正文") == (
        "正文中有身份证号码“620***********123x”，公开的内容不得出现个人的身份证号码，请删除或改为×××"
    )
    (email,) = find_personal_data("a@b.cn")
    assert not email.blocking and "请确认可以公开" in finding_message(email, "标题")
