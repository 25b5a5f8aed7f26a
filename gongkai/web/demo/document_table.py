"""The demo's documents of many bodies, as a table: rules and normative documents in every validity
state with their interpretations, plans, budgets and announcements (see documents.py)."""

from __future__ import annotations

from datetime import date, timedelta

from gongkai.documents.models import InterpretationForm
from gongkai.web.demo.doc import (
    ANNOUNCEMENT,
    INTERPRETATION,
    NORMATIVE,
    OTHER,
    PLAN,
    RULE,
    Doc,
)
from gongkai.web.demo.working_rules import working_rules


def document_table(year: int, now: date) -> tuple[list[Doc], list[tuple[str, str, date]]]:
    """The documents, oldest first within a chain, and the repeals: (repealed, by, on)."""
    y = year  # last year: the year of the published annual reports
    soon = now + timedelta(days=45)
    docs = [
        # 省政府: a rule (规章) in force, with its press-conference interpretation.
        Doc(
            "gansu",
            "art20-1",
            "gansu-zwgk-gd",
            "甘肃省政务公开规定",
            RULE,
            date(2023, 3, 15),
            [
                "## 第一章 总则",
                "第一条 为了推进政务公开，保障公民、法人和其他组织依法获取政府信息，"
                "根据《中华人民共和国政府信息公开条例》等法律、法规，结合本省实际，制定本规定。",
                "第二条 本省行政区域内各级人民政府及其工作部门、依法经授权的组织（以下统称行政机关）"
                "推进政务公开工作，适用本规定。",
                "第三条 政务公开坚持以公开为常态、不公开为例外，遵循公正、公平、合法、便民的原则。",
                "## 第二章 公开的主体和内容",
                "第四条 县级以上人民政府办公厅（室）是本行政区域政务公开工作的主管部门，"
                "负责推进、指导、协调、监督本行政区域的政务公开工作。",
                "第五条 行政机关应当建立健全政府信息公开工作机构，明确工作职责，配备工作人员。",
                "## 第三章 附则",
                "第六条 本规定自2023年5月1日起施行。",
            ],
            issuer="甘肃省人民政府",
            doc_number="甘肃省人民政府令第168号",
            effective_on=date(2023, 5, 1),
            summary="规定政务公开的主体、内容、方式和监督保障。",
        ),
        Doc(
            "gansu",
            "art20-1",
            "gansu-zwgk-gd-jd",
            "省政府新闻办举行《甘肃省政务公开规定》新闻发布会",
            INTERPRETATION,
            date(2023, 3, 28),
            [
                "3月28日，省政府新闻办举行新闻发布会，省政府办公厅负责同志介绍《甘肃省政务公开规定》"
                "的出台背景和主要内容，并回答记者提问。",
                "一、出台背景。《中华人民共和国政府信息公开条例》修订施行以来，全省政务公开工作取得"
                "明显成效，也面临公开标准不够统一、基层公开质量不高等问题，需要以规章形式固化经验做法。",
                "二、主要内容。《规定》共三章六条，明确了政务公开的主管部门、工作机构和公开原则，"
                "对政府信息公开平台、政策解读和回应关切作出规定。",
                "三、答记者问。问：《规定》施行后，群众获取政府信息有哪些新的便利？答：全省各级行政机关"
                "的政府信息公开专栏统一在政务公开平台集约建设，可以一站检索、查阅、下载。",
            ],
            issuer="甘肃省人民政府办公厅",
            interprets="gansu-zwgk-gd",
            form=InterpretationForm.PRESS_CONFERENCE,
        ),
        # 省发展改革委: an amended normative document and its new version, interpreted (问答).
        Doc(
            "gs-fgw",
            "art20-1",
            "fgw-cbjs-2019",
            "甘肃省定价成本监审办法",
            NORMATIVE,
            date(2019, 3, 20),
            [
                "第一条 为了规范定价成本监审行为，提高政府制定价格的科学性和公信力，根据《中华人民共和国"
                "价格法》《政府制定价格成本监审办法》等规定，制定本办法。",
                "第二条 本办法适用于本省各级价格主管部门在制定或者调整实行政府指导价、政府定价的重要商品"
                "和服务价格过程中开展的定价成本监审。",
                "第三条 定价成本监审应当遵循合法性、相关性、合理性原则。",
                "第四条 本办法自2019年5月1日起施行。",
            ],
            doc_number="甘发改规〔2019〕2号",
            effective_on=date(2019, 5, 1),
            topic="国民经济管理、国有资产监管\\物价",
        ),
        Doc(
            "gs-fgw",
            "art20-1",
            "fgw-cbjs-2024",
            "甘肃省定价成本监审办法（2024年修订）",
            NORMATIVE,
            date(2024, 6, 18),
            [
                "第一条 为了规范定价成本监审行为，提高政府制定价格的科学性和公信力，根据《中华人民共和国"
                "价格法》《政府制定价格成本监审办法》等规定，制定本办法。",
                "第二条 本办法适用于本省各级价格主管部门在制定或者调整实行政府指导价、政府定价的重要商品"
                "和服务价格过程中开展的定价成本监审。",
                "第三条 定价成本监审应当遵循合法性、相关性、合理性原则，并逐步推行成本信息公开。",
                "第四条 经营者应当按照要求如实提供成本资料；监审结论应当书面告知经营者。",
                "第五条 本办法自2024年8月1日起施行。2019年3月20日印发的《甘肃省定价成本监审办法》"
                "同时停止执行。",
            ],
            doc_number="甘发改规〔2024〕5号",
            effective_on=date(2024, 8, 1),
            previous="fgw-cbjs-2019",
            topic="国民经济管理、国有资产监管\\物价",
        ),
        Doc(
            "gs-fgw",
            "art20-1",
            "fgw-cbjs-2024-jd",
            "《甘肃省定价成本监审办法（2024年修订）》政策问答",
            INTERPRETATION,
            date(2024, 6, 18),
            [
                "问：这次修订主要改了什么？答：一是增加成本信息公开的要求；二是明确经营者如实提供"
                "成本资料的义务；三是要求监审结论书面告知经营者。",
                "问：修订后的办法从什么时候开始执行？答：自2024年8月1日起施行，原办法同时停止执行。",
            ],
            interprets="fgw-cbjs-2024",
            form=InterpretationForm.QA,
            topic="国民经济管理、国有资产监管\\物价",
        ),
        Doc(
            "gs-fgw",
            "art20-3",
            "fgw-zwxxh-gh",
            "甘肃省“十四五”政务信息化建设规划",
            PLAN,
            date(2021, 12, 10),
            [
                "## 一、发展基础",
                "“十三五”期间，全省政务信息化建设取得积极进展，省级政务云平台基本建成，"
                "一体化政务服务平台覆盖省市县乡村五级。",
                "## 二、总体要求",
                "到2025年，基本建成集约高效、共享开放、安全可靠的政务信息化体系，"
                "政务公开、政务服务和政务数据共享水平显著提升。",
                "## 三、主要任务",
                "（一）推进政务公开平台集约化建设，实现全省政府信息公开专栏统一标准、互联互通。",
                "（二）推进政务数据共享，建立健全数据目录和共享机制。",
            ],
            doc_number="甘发改规划〔2021〕18号",
            topic="国民经济管理、国有资产监管\\宏观经济",
        ),
        # 省财政厅: a trial measure that expired (失效), its successor, a graphic interpretation.
        Doc(
            "gs-czt",
            "art20-1",
            "czt-zxzj-2021",
            "甘肃省省级财政专项资金管理办法（试行）",
            NORMATIVE,
            date(2021, 3, 5),
            [
                "第一条 为了规范省级财政专项资金管理，提高资金使用效益，根据《中华人民共和国预算法》"
                "及其实施条例，制定本办法。",
                "第二条 本办法所称省级财政专项资金，是指省级预算安排的具有专门用途的资金。",
                "第三条 本办法自2021年4月1日起施行，有效期三年。",
            ],
            doc_number="甘财预〔2021〕12号",
            effective_on=date(2021, 4, 1),
            expires_on=date(2024, 4, 1),
            topic="财政、金融、审计\\财政",
        ),
        Doc(
            "gs-czt",
            "art20-1",
            f"czt-zxzj-{y}",
            "甘肃省省级财政专项资金管理办法",
            NORMATIVE,
            date(y, 3, 10),
            [
                "第一条 为了规范省级财政专项资金管理，提高资金使用效益，根据《中华人民共和国预算法》"
                "及其实施条例，制定本办法。",
                "第二条 本办法所称省级财政专项资金，是指省级预算安排的具有专门用途的资金。",
                "第三条 专项资金实行目录清单管理，目录清单及资金分配结果按规定向社会公开。",
                f"第四条 本办法自{y}年4月1日起施行。",
            ],
            doc_number=f"甘财预〔{y}〕8号",
            effective_on=date(y, 4, 1),
            topic="财政、金融、审计\\财政",
        ),
        Doc(
            "gs-czt",
            "art20-1",
            f"czt-zxzj-{y}-jd",
            "一图读懂《甘肃省省级财政专项资金管理办法》",
            INTERPRETATION,
            date(y, 3, 12),
            [
                "【图解】专项资金“怎么设、怎么分、怎么管、怎么公开”：",
                "设立——实行目录清单管理，没有政策依据的不设立；",
                "分配——采用因素法或者项目法，分配结果按规定公开；",
                "管理——全过程绩效管理，绩效评价结果作为调整预算的依据。",
            ],
            interprets=f"czt-zxzj-{y}",
            form=InterpretationForm.GRAPHIC,
            topic="财政、金融、审计\\财政",
        ),
        Doc(
            "gs-czt",
            "art20-7",
            f"czt-bmys-{y}",
            f"甘肃省财政厅{y}年部门预算公开说明",
            OTHER,
            date(y, 2, 20),
            [
                f"根据预算法和预算公开的有关规定，现将甘肃省财政厅{y}年部门预算公开如下。",
                "一、部门主要职责：贯彻执行国家财政、税收方针政策，拟订全省财政发展规划和政策。",
                "二、部门预算收支总体情况：收支预算均按“三公”经费、机关运行经费分项列示。",
            ],
            topic="财政、金融、审计\\财政",
        ),
        # 省教育厅: a normative document published but not yet in force, interpreted (问答).
        Doc(
            "gs-jyt",
            "art20-1",
            "jyt-xszz",
            "甘肃省学生资助资金管理实施办法",
            NORMATIVE,
            now - timedelta(days=12),
            [
                "第一条 为了规范学生资助资金管理，确保资助资金及时足额发放到受助学生，根据国家学生资助"
                "资金管理有关规定，制定本办法。",
                "第二条 学生资助资金包括国家奖学金、国家励志奖学金、国家助学金和免学费补助资金等。",
                "第三条 各级教育、财政部门应当按规定公开资助政策、资助名单（隐去个人身份证件号码等信息）"
                "和资金发放情况。",
                f"第四条 本办法自{soon.year}年{soon.month}月{soon.day}日起施行。",
            ],
            doc_number=f"甘教财〔{now.year}〕21号",
            effective_on=soon,
            topic="科技、教育\\教育",
        ),
        Doc(
            "gs-jyt",
            "art20-1",
            "jyt-xszz-jd",
            "《甘肃省学生资助资金管理实施办法》简明问答",
            INTERPRETATION,
            now - timedelta(days=12),
            [
                "问：哪些学生可以申请资助？答：在我省就读的家庭经济困难学生，按照规定程序申请。",
                "问：资助名单会公开吗？答：会在学校范围内公示，公示时隐去身份证件号码、家庭住址等个人信息。",
            ],
            interprets="jyt-xszz",
            form=InterpretationForm.QA,
            topic="科技、教育\\教育",
        ),
        # 省自然资源厅: a normative document repealed (已废止) by a later decision.
        Doc(
            "gs-zrzyt",
            "art20-1",
            "zrzyt-zdxx-2020",
            "甘肃省自然资源厅关于规范征地信息公开工作的通知",
            NORMATIVE,
            date(2020, 7, 15),
            [
                "各市州自然资源局，兰州新区自然资源局：",
                "为进一步规范征地信息公开工作，现就有关事项通知如下：",
                "一、征地信息应当在政府信息公开专栏“土地征收”栏目集中公开。",
                "二、征收土地预公告、征收土地公告和征地补偿安置方案应当在规定时限内公开。",
            ],
            doc_number="甘自然资规发〔2020〕3号",
            topic="国土资源、能源\\土地",
        ),
        Doc(
            "gs-zrzyt",
            "art20-1",
            f"zrzyt-fz-{y}",
            "甘肃省自然资源厅关于废止部分行政规范性文件的决定",
            NORMATIVE,
            date(y, 5, 20),
            [
                "经清理，决定废止下列行政规范性文件：",
                "《甘肃省自然资源厅关于规范征地信息公开工作的通知》（甘自然资规发〔2020〕3号）。",
                f"本决定自{y}年6月1日起施行。",
            ],
            doc_number=f"甘自然资规发〔{y}〕1号",
            effective_on=date(y, 6, 1),
            topic="国土资源、能源\\土地",
        ),
        Doc(
            "gs-zrzyt",
            "art20-15",
            "zrzyt-zdbl-2021",
            "甘肃省自然资源厅关于2010年至2020年征地信息补录工作完成情况的通报",
            OTHER,
            date(2021, 12, 28),
            [
                "按照《甘肃省2021年政务公开工作要点》要求，全省各地完成2010年至2020年征地信息补录"
                "工作，补录征地批复、征收土地公告等信息。",
                "对新制作的征地信息，各地要在形成之日起20个工作日内公开。",
            ],
            topic="国土资源、能源\\土地",
        ),
        # 省生态环境厅: a discretion standard amended, the new version with a text interpretation.
        Doc(
            "gs-sthjt",
            "art20-1",
            "sthjt-cljz-2021",
            "甘肃省生态环境行政处罚自由裁量基准",
            NORMATIVE,
            date(2021, 9, 1),
            [
                "第一条 为了规范生态环境行政处罚自由裁量权，根据《中华人民共和国行政处罚法》，"
                "制定本基准。",
                "第二条 本基准适用于全省各级生态环境部门实施的行政处罚。",
            ],
            doc_number="甘环规〔2021〕1号",
            effective_on=date(2021, 10, 1),
            topic="城乡建设、环境保护\\环境监测、保护与治理",
        ),
        Doc(
            "gs-sthjt",
            "art20-1",
            f"sthjt-cljz-{y}",
            f"甘肃省生态环境行政处罚自由裁量基准（{y}年修订）",
            NORMATIVE,
            date(y, 7, 8),
            [
                "第一条 为了规范生态环境行政处罚自由裁量权，根据《中华人民共和国行政处罚法》，"
                "制定本基准。",
                "第二条 本基准适用于全省各级生态环境部门实施的行政处罚。",
                "第三条 对首次违法、危害后果轻微并及时改正的，可以不予行政处罚。",
                "第四条 行政处罚决定应当依法公开。",
            ],
            doc_number=f"甘环规〔{y}〕2号",
            effective_on=date(y, 8, 1),
            previous="sthjt-cljz-2021",
            topic="城乡建设、环境保护\\环境监测、保护与治理",
        ),
        Doc(
            "gs-sthjt",
            "art20-1",
            f"sthjt-cljz-{y}-jd",
            f"关于《甘肃省生态环境行政处罚自由裁量基准（{y}年修订）》的解读",
            INTERPRETATION,
            date(y, 7, 8),
            [
                "一、修订背景：新修订的行政处罚法确立了“首违不罚”等制度，原基准需要相应调整。",
                "二、主要修订内容：增加不予处罚的情形；明确处罚决定依法公开。",
            ],
            interprets=f"sthjt-cljz-{y}",
            form=InterpretationForm.TEXT,
            topic="城乡建设、环境保护\\环境监测、保护与治理",
        ),
        Doc(
            "gs-sthjt",
            "art20-6",
            f"sthjt-cfgs-{y}",
            f"甘肃省生态环境厅{y}年第三季度行政处罚决定公示",
            OTHER,
            date(y, 10, 12),
            [
                f"{y}年第三季度，省生态环境厅作出行政处罚决定3件，现予公示。",
                "1．某化工有限公司未按规定运行污染防治设施案，罚款人民币10万元。",
                "2．某建材有限公司未批先建案，责令停止建设，罚款人民币8万元。",
            ],
            topic="城乡建设、环境保护\\环境监测、保护与治理",
        ),
        # 省人社厅: a jointly issued measure with an end date (失效), and a recruitment notice.
        Doc(
            "gs-rst",
            "art20-1",
            "rst-jybz-2019",
            "甘肃省就业补助资金管理办法",
            NORMATIVE,
            date(2019, 10, 8),
            [
                "第一条 为了规范就业补助资金管理，提高资金使用效益，制定本办法。",
                "第二条 就业补助资金用于职业培训补贴、社会保险补贴、公益性岗位补贴等支出。",
                "第三条 本办法自2019年11月1日起施行，有效期至2024年12月31日。",
            ],
            issuer="甘肃省财政厅、甘肃省人力资源和社会保障厅",
            doc_number="甘财社〔2019〕86号",
            effective_on=date(2019, 11, 1),
            expires_on=date(2025, 1, 1),
            topic="劳动、人事、监察\\劳动就业",
        ),
        Doc(
            "gs-rst",
            "art20-14",
            f"rst-gwy-{y}",
            f"甘肃省{y}年度考试录用公务员公告",
            ANNOUNCEMENT,
            date(y, 2, 27),
            [
                f"根据公务员法和公务员录用规定，甘肃省{y}年度考试录用公务员工作现就有关事项公告如下。",
                "一、报考条件：具有中华人民共和国国籍；年龄为18周岁以上、35周岁以下……",
                "二、报考程序：报名、资格审查、笔试、面试、体检、考察和公示。",
            ],
            topic="劳动、人事、监察\\人事工作",
        ),
        # 兰州市: a municipal rule with its press conference; plans and construction.
        Doc(
            "lanzhou",
            "art20-1",
            "lz-ggsj-gz",
            "兰州市公共数据管理办法",
            RULE,
            date(2024, 10, 20),
            [
                "第一条 为了加强公共数据管理，促进公共数据共享开放和开发利用，根据有关法律法规，"
                "结合本市实际，制定本办法。",
                "第二条 本办法所称公共数据，是指本市各级行政机关在依法履职过程中产生、收集的数据。",
                "第三条 公共数据以共享为原则、不共享为例外；涉及个人信息的，依法予以保护。",
                "第四条 本办法自2025年1月1日起施行。",
            ],
            issuer="兰州市人民政府",
            doc_number="兰州市人民政府令第3号",
            effective_on=date(2025, 1, 1),
            topic="综合政务\\电子政务",
        ),
        Doc(
            "lanzhou",
            "art20-1",
            "lz-ggsj-gz-jd",
            "《兰州市公共数据管理办法》新闻发布会实录",
            INTERPRETATION,
            date(2024, 10, 28),
            [
                "市政府新闻办举行新闻发布会，市数据局负责同志解读《兰州市公共数据管理办法》。",
                "记者：办法对市民个人信息保护有哪些规定？答：公共数据共享开放前应当进行安全评估，"
                "涉及个人信息的依法处理，不得开放。",
            ],
            issuer="兰州市人民政府办公室",
            interprets="lz-ggsj-gz",
            form=InterpretationForm.PRESS_CONFERENCE,
            topic="综合政务\\电子政务",
        ),
        Doc(
            "lanzhou",
            "art21-municipal-construction",
            f"lz-dljs-{y}",
            f"兰州市{y}年城市道路建设计划",
            OTHER,
            date(y, 3, 1),
            [
                f"{y}年，全市计划实施城市道路新建、改造项目26项，打通断头路8条。",
                "项目清单、建设单位和计划工期附后，建设过程中的交通组织方案另行公告。",
            ],
            issuer="兰州市人民政府办公室",
            topic="城乡建设、环境保护\\城乡建设（含住房）",
        ),
        Doc(
            "lz-czj",
            "art20-7",
            f"lzczj-js-{y - 1}",
            f"兰州市{y - 1}年市级财政决算公开说明",
            OTHER,
            date(y, 8, 15),
            [
                f"经市人大常委会批准，现将兰州市{y - 1}年市级财政决算公开如下。",
                "一、一般公共预算收支决算情况。",
                "二、政府性基金预算收支决算情况。",
                "三、政府债务情况：限额、余额、发行、品种、期限、利率、偿还计划和偿债资金来源。",
            ],
            topic="财政、金融、审计\\财政",
        ),
        Doc(
            "lz-zrzyj",
            "art21-land-expropriation",
            f"lzzrzyj-zs-{y}",
            f"兰州市人民政府征收土地公告（{y}年第3号）",
            ANNOUNCEMENT,
            date(y, 9, 5),
            [
                "经甘肃省人民政府批准，征收城关区部分集体土地，现将有关事项公告如下：",
                "一、征收土地的位置、面积和用途；",
                "二、征地补偿标准和安置方式；",
                "三、对征收土地决定不服的，可以依法申请行政复议或者提起行政诉讼。",
            ],
            issuer="兰州市人民政府",
            topic="国土资源、能源\\土地",
        ),
        # 城关区: a normative document of last year with its interpretation; an expropriation.
        Doc(
            "chengguan",
            "art20-1",
            f"cg-lxxq-{y}",
            "兰州市城关区老旧小区改造项目管理办法",
            NORMATIVE,
            date(y, 4, 2),
            [
                "第一条 为了规范老旧小区改造项目管理，改善居民居住条件，制定本办法。",
                "第二条 改造项目实行“一区一策”，改造内容和方案应当征求居民意见并公示。",
                "第三条 改造资金的筹集、使用和项目进度情况应当向居民公开。",
                f"第四条 本办法自{y}年5月1日起施行。",
            ],
            doc_number=f"城政发〔{y}〕9号",
            effective_on=date(y, 5, 1),
            topic="城乡建设、环境保护\\城乡建设（含住房）",
        ),
        Doc(
            "chengguan",
            "art20-1",
            f"cg-lxxq-{y}-jd",
            "《兰州市城关区老旧小区改造项目管理办法》解读",
            INTERPRETATION,
            date(y, 4, 3),
            [
                "一、为什么出台：全区2000年前建成的老旧小区较多，需要规范改造项目的决策、实施和公开。",
                "二、居民怎么参与：改造方案公示不少于7天，居民可以通过社区提出意见。",
            ],
            interprets=f"cg-lxxq-{y}",
            form=InterpretationForm.TEXT,
            topic="城乡建设、环境保护\\城乡建设（含住房）",
        ),
        Doc(
            "chengguan",
            "art21-housing-expropriation",
            f"cg-fwzs-{y}",
            "兰州市城关区人民政府关于雁滩片区国有土地上房屋征收决定的公告",
            ANNOUNCEMENT,
            date(y, 6, 18),
            [
                "为了实施城市更新项目，根据《国有土地上房屋征收与补偿条例》，区人民政府决定征收"
                "雁滩片区部分国有土地上房屋，现公告如下：",
                "一、征收范围和征收部门；",
                "二、补偿方式：被征收人可以选择货币补偿，也可以选择房屋产权调换；",
                "三、被征收人对征收决定不服的，可以依法申请行政复议，也可以依法提起行政诉讼。",
            ],
            doc_number=f"城政告〔{y}〕2号",
            topic="城乡建设、环境保护\\城乡建设（含住房）",
        ),
        Doc(
            "cg-mzj",
            "art21-social-assistance",
            f"cgmzj-db-{y}",
            f"城关区{y}年第四季度城乡最低生活保障资金发放情况",
            OTHER,
            date(y, 12, 10),
            [
                f"{y}年第四季度，全区发放城乡最低生活保障资金，保障对象及发放金额按街道汇总公开。",
                "城市低保标准为每人每月870元，农村低保标准为每人每年6100元。",
            ],
            topic="民政、扶贫、救灾\\社会福利",
        ),
        Doc(
            "cg-zhangyelu",
            "art21-social-assistance",
            f"zyl-lsjz-{y}",
            f"张掖路街道{y}年临时救助对象公示",
            OTHER,
            date(y, 11, 20),
            [
                "经社区初审、街道审核，拟对以下对象给予临时救助，现予公示（公示期7天）：",
                "王**，永昌路社区，救助金额3000元；李**，中山路社区，救助金额2000元。",
                "对公示对象有异议的，请在公示期内向街道党政综合办公室反映。",
            ],
            topic="民政、扶贫、救灾\\社会福利",
        ),
    ]
    docs += working_rules(y, now)
    repeals = [
        ("zrzyt-zdxx-2020", f"zrzyt-fz-{y}", date(y, 6, 1)),
        ("lz-zd-zdgk-2020", "lz-zd-xxgk-2024", date(2024, 3, 1)),
    ]
    return docs, repeals
