"""Tests for gongkai.documents.cleaning: text taken from PDF, OFD, DOCX and the law corpus.

Plain pytest, no database. Most lines come from the founding notice 甘政办发〔2021〕48号 as its PDF
gave it (../shared/seed, shipped in gongkai/web/demo_data/gzyd-2021.txt) and from the law corpus.
"""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.documents.cleaning import PRIVATE_USE_GLYPHS, clean_characters, clean_text

PUA_MIDDLE_DOT = "\U00100170"  # as the notice's PDF gives “中国·甘肃”
PUA_LIST_DOT = "\U001001b0"  # as it gives the dot of "1．"
PUA = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        # Full-width digits and Latin letters become half-width …
        pytest.param("２０２１年６月１５日", "2021年6月15日", id="full-width-digits"),
        pytest.param("ＩＰｖ６", "IPv6", id="full-width-letters"),
        # … Chinese punctuation stays full-width (no NFKC on it) …
        pytest.param(
            "（一）依申请公开：答复；", "（一）依申请公开：答复；", id="chinese-punctuation-kept"
        ),
        pytest.param("政务公开〔2021〕", "政务公开〔2021〕", id="tortoise-brackets-kept"),
        # … and becomes full-width where a PDF gave it as ASCII in Chinese text.
        pytest.param(
            "各市、自治州人民政府,兰州新区管委会,省政府各部门,中央",
            "各市、自治州人民政府，兰州新区管委会，省政府各部门，中央",
            id="seed-commas",
        ),
        pytest.param("在甘有关单位:", "在甘有关单位：", id="seed-colon"),
        pytest.param(
            "意,现印发给你们,请结合实际认真贯彻落实.",
            "意，现印发给你们，请结合实际认真贯彻落实。",
            id="seed-full-stop",
        ),
        pytest.param(
            "策文件.２０２１年１１月底前,完成历史规划 (计划)系统梳理,",
            "策文件。2021年11月底前，完成历史规划（计划）系统梳理，",
            id="seed-full-stop-before-digits-and-parentheses",
        ),
        pytest.param("　　 (此件公开发布)", "（此件公开发布）", id="seed-parentheses"),
        pytest.param(
            "栏目,集中展示各地各部门的规划体系.(责任单位:省政府办",
            "栏目，集中展示各地各部门的规划体系。（责任单位：省政府办",
            id="seed-parenthesis-opened-on-this-line",
        ),
        pytest.param(
            "公厅、省政府各部门,各市州人民政府、兰州新区管委会)",
            "公厅、省政府各部门，各市州人民政府、兰州新区管委会）",
            id="seed-parenthesis-closed-on-this-line",
        ),
        pytest.param(
            "«甘肃省２０２１年政务公开工作要点»的通知",
            "《甘肃省2021年政务公开工作要点》的通知",
            id="seed-guillemets-are-book-title-marks",
        ),
        # The PDF's side bearings before opening brackets and quotes are not spaces.
        pytest.param("甘政办发 〔２０２１〕４８号", "甘政办发〔2021〕48号", id="seed-doc-number"),
        pytest.param(
            "文章,以公开促公平、促落实,更好服务高质量发展.",
            "文章，以公开促公平、促落实，更好服务高质量发展。",
            id="seed-sentence-end",
        ),
        pytest.param(
            "法推进全程公开,坚持问题导向、目标导向,持续做好 “深化”",
            "法推进全程公开，坚持问题导向、目标导向，持续做好“深化”",
            id="seed-space-before-quote",
        ),
        pytest.param(
            "　甘肃省人民政府办公厅 ２０２１年６月１６日印发",
            "甘肃省人民政府办公厅 2021年6月16日印发",
            id="seed-imprint-keeps-its-space",
        ),
        # Private-use glyphs: mapped where known, dropped otherwise — never a box.
        pytest.param(
            f"“中国{PUA_MIDDLE_DOT}甘肃”门户网站政府信息公开专栏开设 “甘肃规划纲要”",
            "“中国·甘肃”门户网站政府信息公开专栏开设“甘肃规划纲要”",
            id="seed-private-use-middle-dot",
        ),
        pytest.param(
            f"１{PUA_LIST_DOT}强化政府网站建设管理.持续推动全省各级政府网站健",
            "1．强化政府网站建设管理。持续推动全省各级政府网站健",
            id="seed-private-use-list-dot",
        ),
        pytest.param(
            "围挡高度不得低于2\ue0105米", "围挡高度不得低于2.5米", id="corpus-decimal-point"
        ),
        pytest.param(
            "可以对犯罪嫌疑人予以逮捕：\ue004", "可以对犯罪嫌疑人予以逮捕：", id="corpus-junk"
        ),
        pytest.param(
            "甘政办发\ue5e52021\ue5e648号", "甘政办发〔2021〕48号", id="doc-number-brackets"
        ),
        pytest.param("中国\ufffd甘肃", "中国甘肃", id="replacement-character"),
        pytest.param("政务\u200b公开\ufeff", "政务公开", id="zero-width"),
        # What is not Chinese text stays as it is.
        pytest.param("收费1,000元", "收费1,000元", id="thousands"),
        pytest.param("时间:9:30—12:00", "时间：9:30—12:00", id="times"),
        pytest.param("附件.pdf", "附件.pdf", id="file-name"),
        pytest.param(
            "详见 https://www.gov.cn/zhengce/", "详见 https://www.gov.cn/zhengce/", id="url"
        ),
        pytest.param("(2021)", "(2021)", id="parentheses-without-chinese"),
        pytest.param("等等...", "等等...", id="ellipsis"),
        pytest.param("Gongkai  platform", "Gongkai platform", id="latin-spaces"),
    ],
)
def test_it_cleans_the_characters_of_a_printed_line(raw, clean):
    assert clean_characters(raw, printed=True) == clean


def test_spaces_typed_in_a_document_stay():
    # A law's article number is followed by a space (Markdown, DOCX): not a printing artefact.
    assert clean_characters("第一条 “政府信息”，是指……") == "第一条 “政府信息”，是指……"
    assert clean_characters("第一条 “政府信息”", printed=True) == "第一条“政府信息”"


def test_every_known_private_use_glyph_is_a_printable_character():
    assert all(not PUA.search(meaning) for meaning in PRIVATE_USE_GLYPHS.values())


HEADER = ["　", "", "甘肃省人民政府办公厅文件", "甘政办发 〔２０２１〕４８号", ""]


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        pytest.param(
            [
                "各市、自治州人民政府,兰州新区管委会,省政府各部门,中央",
                "",
                "在甘有关单位:",
                "",
                "«甘肃省２０２１年政务公开工作要点»已经省政府领导同志同",
                "",
                "意,现印发给你们,请结合实际认真贯彻落实.",
            ],
            [
                "各市、自治州人民政府，兰州新区管委会，省政府各部门，中央在甘有关单位：",
                "《甘肃省2021年政务公开工作要点》已经省政府领导同志同意，现印发给你们，"
                "请结合实际认真贯彻落实。",
            ],
            id="a-line-break-inside-a-sentence-is-not-a-paragraph",
        ),
        pytest.param(
            [*HEADER, "甘肃省人民政府办公厅关于印发", "", "通知正文。"],
            ["甘肃省人民政府办公厅关于印发", "通知正文。"],
            id="the-red-header-and-the-doc-number-under-it-go",
        ),
        pytest.param(
            [
                "统筹推进数字政府建设,打破数据壁垒,不断提高政策、规则和",
                "— 3 —",
                "- 4 -",
                "—5—",
                "第6页",
                "第7页 共12页",
                "8/12",
                " 标准的公开力度.",
            ],
            ["统筹推进数字政府建设，打破数据壁垒，不断提高政策、规则和标准的公开力度。"],
            id="page-numbers-go-and-the-sentence-goes-on",
        ),
        pytest.param(
            [
                "一、加强重点领域信息公开",
                "(一)推进 “十四五”规划纲要及配套政策文件公开.县级",
                "以上各级人民政府要在政府信息公开专栏开设栏目,主动公开",
                "甘肃省人民政府办公厅文件",
                "“十四五”规划纲要和专项规划、空间规划、区域规划及配套政",
                "策文件.２０２１年１１月底前,完成历史规划 (计划)系统梳理,",
                "并逐步在政府信息公开专栏法定主动公开内容栏目下集中公开.",
                "(二)推进优化营商环境信息公开.围绕打造一流营商环境,",
                f"１{PUA_LIST_DOT}强化政府网站建设管理.持续推动全省各级政府网站健",
                "第一条　为了规范政府信息公开申请办理工作，保障公民、法人和",
                "其他组织依法获取政府信息，制定本办法。",
            ],
            [
                "一、加强重点领域信息公开",
                "（一）推进“十四五”规划纲要及配套政策文件公开。县级以上各级人民政府要在政府"
                "信息公开专栏开设栏目，主动公开“十四五”规划纲要和专项规划、空间规划、区域规划及"
                "配套政策文件。2021年11月底前，完成历史规划（计划）系统梳理，并逐步在政府信息"
                "公开专栏法定主动公开内容栏目下集中公开。",
                "（二）推进优化营商环境信息公开。围绕打造一流营商环境，",
                "1．强化政府网站建设管理。持续推动全省各级政府网站健",
                "第一条 为了规范政府信息公开申请办理工作，保障公民、法人和其他组织依法获取政府"
                "信息，制定本办法。",
            ],
            id="headings-start-paragraphs-and-a-header-repeated-on-a-page-goes",
        ),
        pytest.param(
            [
                "　　２０２１年,全省政务公开工作要以习近平新时代中国特色社",
                "会主义思想为指导.",
                "　　第二段从缩进开始，这一行印满了一行的宽度，一直写到右",
                "边的页边，然后在句号处结束。",
            ],
            [
                "2021年，全省政务公开工作要以习近平新时代中国特色社会主义思想为指导。",
                "第二段从缩进开始，这一行印满了一行的宽度，一直写到右边的页边，然后在句号处结束。",
            ],
            id="an-indent-starts-a-paragraph",
        ),
        pytest.param(
            ["甘肃省人民政府办公厅", "２０２１年６月１５日", "(此件公开发布)"],
            ["甘肃省人民政府办公厅", "2021年6月15日", "（此件公开发布）"],
            id="short-lines-end-their-paragraph",
        ),
        pytest.param(
            [
                "用,通过政务新媒体等渠道加强政府公报内容传播.(责任单位:",
                "",
                "省政府办公厅,各市州人民政府)",
            ],
            [
                "用，通过政务新媒体等渠道加强政府公报内容传播。（责任单位：省政府办公厅，各市州人民政府）"
            ],
            id="a-colon-inside-brackets-does-not-end-the-paragraph",
        ),
    ],
)
def test_it_joins_printed_lines_into_paragraphs(lines, paragraphs):
    assert clean_text("\n".join(lines), wrapped=True).split("\n") == paragraphs


def test_a_sentence_ending_at_the_margin_does_not_end_its_paragraph():
    """Both lines full (28 characters): one paragraph. A paragraph's first line is two characters
    short (its indent, even where the PDF's text lost the spaces): a new paragraph."""
    full = "一" * 25 + "同意。"
    lines = [full] * 9 + ["一" * 28, "最后一行。"]
    assert clean_text("\n".join(lines), wrapped=True).split("\n") == [
        full * 9 + "一" * 28 + "最后一行。"
    ]
    first_line = "一" * 23 + "新段落"
    lines = [full] * 9 + [first_line, "最后一行。"]
    assert clean_text("\n".join(lines), wrapped=True).split("\n") == [
        full * 9,
        first_line + "最后一行。",
    ]


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        pytest.param(
            "甘肃省人民政府办公厅关于印发甘肃省2021年政务公开工作要点的通知",
            ["甘肃省人民政府办公厅关于印发", "«甘肃省２０２１年政务公开工作要点»的通知"],
            id="on-two-lines-with-book-title-marks",
        ),
        pytest.param("关于做好政务公开工作的通知", ["关于做好政务公开工作的通知"], id="one-line"),
    ],
)
def test_the_title_the_page_shows_is_dropped_from_the_text(title, lines):
    text = "\n".join([*HEADER, *lines, "各市人民政府:", "正文."])
    assert clean_text(text, wrapped=True, title=title).split("\n") == ["各市人民政府：", "正文。"]


def test_text_that_does_not_start_with_the_title_keeps_its_first_lines():
    text = "关于做好政务公开工作的通知\n正文。"
    assert clean_text(text, wrapped=True, title="另一个标题").split("\n") == [
        "关于做好政务公开工作的通知",
        "正文。",
    ]


def test_paragraph_text_keeps_its_lines_and_one_blank_line_at_most():
    text = "甘肃省人民政府办公厅文件\n关于做好政务公开工作的通知\n\n\n\n第一条 根据\t条例\n— 2 —\n"
    assert clean_text(text, wrapped=False) == "关于做好政务公开工作的通知\n\n第一条 根据\t条例"


@given(
    st.text(
        alphabet=st.sampled_from("政务公开，。,.:;()«»　 ２Ａ\n\ue004\U00100170\ufffd1a"),
        max_size=80,
    )
)
def test_no_box_and_no_full_width_digit_ever_comes_out(text):
    for wrapped in (True, False):
        cleaned = clean_text(text, wrapped=wrapped)
        assert not PUA.search(cleaned) and "\ufffd" not in cleaned
        assert not re.search("[０-９Ａ-Ｚａ-ｚ]", cleaned)
    once = clean_text(text, wrapped=False)
    assert clean_text(once, wrapped=False) == once
