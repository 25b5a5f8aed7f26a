"""Last year's 依申请公开 cases of 城关区 and 兰州市 (closed, one carried over into this year), two
remedies (a reconsideration upheld, a lawsuit pending), three typical cases written up from closed
cases, the enforcement figures of table 二, and last year's annual reports published — the tables
computed from those records and frozen at publication, as staff would publish them.

The cases go in as historic cases (`applications_import`, all or nothing, each with its IMPORT
event): the demo cannot walk a case through a year of working days. The people are invented.
"""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.applications.models import Application, RemedyKind, RemedyOutcome, TypicalCase
from gongkai.applications.services.csv_import import IMPORT_COLUMNS, applications_import
from gongkai.applications.services.remedies import remedy_case_record
from gongkai.applications.services.typical import typical_case_approve, typical_case_propose
from gongkai.bodies.models import Body
from gongkai.core.dates import cn_date, today
from gongkai.core.identifiers import id_number_check_char
from gongkai.reports.models import EnforcementFigures
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.services import annual_report_page_create, enforcement_figures_set
from gongkai.web.demo.base import BODIES

CG, LZ = "chengguan", "lanzhou"
SOURCE = "演示数据"

# (body, applicant type, name, description, received MM-DD, channel, decision, decided MM-DD)
# Dates are of last year; a decision "carry" is made in January of this year (结转下年度).
# fmt: off
CASES: list[tuple[str, str, str, str, str, str, str, str]] = [
    (CG, "自然人", "张建国", "城关区{y}年老旧小区改造项目清单及资金安排", "02-20", "在线申请", "disclosed", "03-06"),
    (CG, "自然人", "李秀兰", "雁滩片区房屋征收补偿方案及征收范围图", "03-11", "当面", "disclosed", "03-25"),
    (CG, "商业企业", "甘肃宏达建筑工程有限公司", "本公司参与投标的南河道路改造项目评标报告", "04-08", "邮寄", "partial", "04-29"),
    (CG, "自然人", "王海", "某小区违法建设拆除的行政执法案卷", "05-06", "在线申请", "withheld_7", "05-22"),
    (CG, "自然人", "刘芳", "相邻住户申请最低生活保障的全部材料", "05-18", "在线申请", "withheld_4", "06-05"),
    (CG, "法律服务机构", "甘肃正衡律师事务所", "区政府常务会议研究某项目时的讨论记录", "06-02", "邮寄", "withheld_6", "06-24"),
    (CG, "自然人", "陈立", "1998年某国有企业改制时的职工安置名册", "07-10", "在线申请", "unavailable_1", "07-30"),
    (CG, "自然人", "赵敏", "要求区政府调查处理小区物业乱收费问题", "08-04", "在线申请", "not_processed_1", "08-15"),
    (CG, "科研机构", "兰州城市发展研究院", "城关区近五年空气质量监测数据汇总分析报告", "08-20", "在线申请", "unavailable_2", "09-10"),
    (CG, "自然人", "孙志强", "有关部门的相关文件", "09-15", "在线申请", "other_1", "10-20"),
    (CG, "自然人", "周丽", "张掖路街道临时救助资金发放情况", "10-09", "当面", "disclosed", "10-23"),
    (CG, "商业企业", "兰州汇通商贸有限公司", "城关区{y}年政府集中采购目录和限额标准", "11-12", "在线申请", "disclosed", "11-19"),
    (CG, "自然人", "吴刚", "城关区{y}年第四季度老旧小区改造开工计划", "12-24", "在线申请", "disclosed", "carry"),
    (LZ, "自然人", "马晓东", "兰州市{y}年城市道路建设计划项目清单", "03-15", "在线申请", "disclosed", "03-29"),
    (LZ, "社会公益组织", "兰州绿源环境保护协会", "黄河兰州段入河排污口设置审批信息", "05-09", "邮寄", "disclosed", "05-30"),
    (LZ, "自然人", "杨帆", "市政府办公室干部年度考核结果", "07-21", "在线申请", "withheld_5", "08-08"),
    (LZ, "自然人", "杨帆", "市政府办公室干部年度考核结果", "08-12", "在线申请", "not_processed_2", "08-19"),
]
# fmt: on
CARRIED_DECISION_DAY = "01-14"
# Report table 二: decisions on licences, penalties, coercive measures; fees (万元).
ENFORCEMENT = {
    CG: {"licensing": 1264, "penalties": 87, "coercion": 5, "fees_wan_yuan": 0},
    LZ: {"licensing": 3518, "penalties": 412, "coercion": 23, "fees_wan_yuan": "126.5"},
}

# (body, description of the case, published MM-DD, title, summary, reply), without personal data.
TYPICAL_CASES = [
    (
        CG,
        "本公司参与投标的南河道路改造项目评标报告",
        "06-18",
        "申请公开评标报告，对涉及商业秘密的内容作区分处理",
        "某建筑工程企业申请公开其参与投标的道路改造项目的评标报告。经审查，评标报告中的评标结论和"
        "评分汇总可以公开，其他投标人的报价明细和技术方案涉及商业秘密，权利人不同意公开。",
        "依据《中华人民共和国政府信息公开条例》第十五条、第三十七条，对评标结论、评分汇总予以公开，"
        "对涉及其他投标人商业秘密的内容作区分处理后不予公开，并在答复书中说明理由和救济途径。",
    ),
    (
        CG,
        "1998年某国有企业改制时的职工安置名册",
        "09-26",
        "申请公开二十多年前的职工安置名册，本机关不掌握该信息",
        "申请人要求公开1998年某国有企业改制时的职工安置名册。经检索本机关档案和相关部门移交材料，"
        "本机关未制作、也未获取该名册。",
        "依据《中华人民共和国政府信息公开条例》第三十六条第（四）项，告知申请人本机关不掌握该政府"
        "信息；能够确定负责公开的机关的，告知其名称和联系方式，并提示可以向区档案馆查询。",
    ),
    (
        CG,
        "要求区政府调查处理小区物业乱收费问题",
        "11-28",
        "以政府信息公开申请形式提出投诉举报的处理",
        "申请人通过政府信息公开申请渠道，要求区政府调查处理其所在小区物业服务企业乱收费的问题。",
        "该申请实质是投诉举报，不属于获取政府信息的申请。依据《中华人民共和国政府信息公开条例》"
        "第三十九条第一款，告知申请人不作为政府信息公开申请处理，并告知可以通过12345政务服务便民"
        "热线或者信访渠道反映。",
    ),
]

REPORT_TEXT = {
    "（三）政府信息管理。": "严格执行政府信息公开保密审查制度，坚持“先审查、后公开”；对已公开的"
    "规范性文件按照立改废情况动态标注有效性，废止、失效的文件集中在“废止和失效文件”栏目公开。",
    "（四）政府信息公开平台建设。": "依托全省政务公开平台集约化建设本机关政府信息公开专栏，栏目按"
    "《中华人民共和国政府信息公开条例》第二十条、第二十一条设置，支持检索、查阅和下载。",
    "（五）监督保障。": "将政务公开工作纳入年度绩效考核，组织政务公开业务培训2次；本年度未发生因"
    "政务公开工作引发的责任追究。",
}
REPORT_PROBLEMS = (
    "一是部分栏目更新不够及时，个别政策解读形式较为单一；二是依申请公开答复文书的说理还需加强。"
    "下一步，将建立栏目更新提醒机制，推行图解、问答等多种解读形式，并组织答复文书评查。"
)
REPORT_OTHER = (
    "落实年度政务公开工作要点情况：已按要点要求完成规章和行政规范性文件清理，重点领域信息公开"
    "栏目全部建成并按时更新。"
)
_PLACEHOLDER = re.compile(r"【[^】]*】")


def load_demo_cases() -> None:
    """Runs outside any transaction: the import of the cases commits on its own."""
    year = today().year - 1
    bodies = {b.code: b for b in Body.objects.filter(code__in=[CG, LZ])}
    for code, body in bodies.items():
        if not Application.objects.filter(body=body, received_on__year=year).exists():
            _cases_import([c for c in CASES if c[0] == code], year)
    with transaction.atomic():
        clerk = get_user_model().objects.get(username="cg_clerk")
        _remedies(bodies[CG], year, clerk)
        _typical_cases(year, clerk)
        for code, figures in ENFORCEMENT.items():
            if not EnforcementFigures.objects.filter(body=bodies[code], year=year).exists():
                enforcement_figures_set(body=bodies[code], year=year, **figures)
        # The General Office's report stays the draft its editor finishes (base.py).
        codes = [code for code, *_rest in BODIES if code != "gs-bgt"]
        for body in Body.objects.filter(code__in=codes).order_by("path"):
            report_publish(body, year)


def _cases_import(cases, year: int) -> None:
    now = today()
    people = {name: n for n, name in enumerate(dict.fromkeys(c[2] for c in CASES), start=1)}
    rows = []
    for code, kind, name, description, received, channel, decision, decided in cases:
        number = people[name]
        if decided == "carry":
            carried = date.fromisoformat(f"{year + 1}-{CARRIED_DECISION_DAY}")
            decided_on = carried.isoformat() if carried <= now else ""
        else:
            decided_on = f"{year}-{decided}"
        person = kind == "自然人"
        # An invented 居民身份证号码 of 城关区 with a right check character (GB 11643).
        stub = f"62010219{70 + number:02d}{number % 12 + 1:02d}{number % 28 + 1:02d}{number:03d}"
        rows.append(
            {
                **dict.fromkeys(IMPORT_COLUMNS, ""),
                "机关代码": code,
                "申请人类型": kind,
                "申请人姓名或名称": name,
                "证件类型": "居民身份证" if person else "",
                "证件号码": stub + id_number_check_char(stub) if person else "",
                "联系电话": f"1380000{number:04d}",
                "申请内容": description.format(y=year),
                "收到日期": f"{year}-{received}",
                "渠道": channel,
                "办理结果代码": decision if decided_on else "",
                "决定日期": decided_on,
                "答复日期": decided_on,
            }
        )
    report = applications_import(rows, source=SOURCE)
    if not report.ok:
        raise ValueError(report.summary())


def _case(body_code: str, description: str) -> Application:
    return Application.objects.get(body__code=body_code, description=description)


def _remedies(body: Body, year: int, clerk) -> None:
    withheld = Application.objects.get(body=body, decision="withheld_4", received_on__year=year)
    if not withheld.remedies.exists():
        remedy_case_record(
            user=clerk,
            application=withheld,
            kind=RemedyKind.RECONSIDERATION,
            filed_on=date(year, 6, 20),
            outcome=RemedyOutcome.UPHELD,
            concluded_on=date(year, 8, 12),
            note="复议机关维持不予公开的答复。",
        )
    not_held = Application.objects.get(body=body, decision="unavailable_1", received_on__year=year)
    if not not_held.remedies.exists():
        remedy_case_record(
            user=clerk,
            application=not_held,
            kind=RemedyKind.LITIGATION,
            litigation_route="direct",
            filed_on=date(year, 9, 1),
            note="尚在审理中。",
        )


def _typical_cases(year: int, clerk) -> None:
    """Proposed by 城关区's clerk, approved by the head of its openness office (B6)."""
    head = get_user_model().objects.get(username="cg_head")
    for code, description, published, title, summary, reply in TYPICAL_CASES:
        app = _case(code, description)
        if TypicalCase.objects.filter(application=app).exists():
            continue
        case = typical_case_propose(
            user=clerk,
            application=app,
            title=title,
            summary=summary,
            reply_text=reply,
            letter_text=_letter(app, reply),
        )
        typical_case_approve(
            case, user=head, published_on=date.fromisoformat(f"{year}-{published}")
        )


def _letter(app: Application, reply: str) -> str:
    """The reply letter of an imported case (its letter was written outside the platform),
    anonymised as the library publishes it."""
    return "\n".join(
        [
            "申请人某某：",
            f"本机关收到您提交的政府信息公开申请，申请公开“{app.description}”。经审查，现答复如下：",
            reply,
            "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，或者六个月内依法提起"
            "行政诉讼。",
            "特此答复。",
            app.body.name,
            cn_date(app.replied_on) if app.replied_on else "",
        ]
    ).strip()


def report_publish(body: Body, year: int) -> AnnualReportPage:
    """The body's report on `year`, its narrative completed and published (tables frozen)."""
    admin = get_user_model().objects.get(username="admin")
    page, _ = annual_report_page_create(body=body, year=year, user=admin)
    if page.live:
        return page
    lines = []
    for line in page.general.splitlines():
        for start, text in REPORT_TEXT.items():
            if line.startswith(start):
                line = _PLACEHOLDER.sub(text, line)
        lines.append(line)
    page.general = "\n".join(lines)
    page.problems = _PLACEHOLDER.sub(REPORT_PROBLEMS, page.problems)
    page.other_matters = _PLACEHOLDER.sub(REPORT_OTHER, page.other_matters)
    page.save_revision(user=admin).publish(user=admin)
    return page
