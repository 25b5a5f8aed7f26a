"""Every demo body's 政府信息公开工作机构 with its contact details (stored on the body), and its
政府信息公开指南: a page in the body's 指南 column with what 条例 Art. 12 asks of a guide — how the
information is classified and arranged, how to obtain it, and the working body's name, address,
office hours, telephone, fax and internet contact — and how to apply (Arts. 27–33, 42).

The addresses, numbers and mailboxes are invented (the telephone numbers begin with 0000, the
mailboxes are at the reserved domain .example); the guide says so.
"""

from __future__ import annotations

from datetime import date

from django.utils.html import escape

from gongkai.bodies.models import Body, BodyLevel
from gongkai.columns.models import ColumnPage
from gongkai.documents.models import DocType
from gongkai.web.demo.base import BODIES, column, document_ensure

GUIDE_WRITTEN_ON = date(2025, 1, 10)
OFFICE_HOURS = "工作日上午8:30—12:00，下午14:30—18:00（法定节假日除外）"
DEMO_NOTE = "（演示数据：本指南中的办公地址、电话、传真和电子邮箱均为虚构，仅供演示。）"

# region code → (place for addresses, telephone area code, postal code)
PLACES: dict[str, tuple[str, str, str]] = {
    "620000": ("甘肃省兰州市城关区", "0931", "730030"),
    "620100": ("甘肃省兰州市城关区", "0931", "730030"),
    "620102": ("甘肃省兰州市城关区", "0931", "730030"),
    "620200": ("甘肃省嘉峪关市", "0937", "735100"),
    "620300": ("甘肃省金昌市金川区", "0935", "737100"),
    "620400": ("甘肃省白银市白银区", "0943", "730900"),
    "620500": ("甘肃省天水市秦州区", "0938", "741000"),
    "620600": ("甘肃省武威市凉州区", "0935", "733000"),
    "620700": ("甘肃省张掖市甘州区", "0936", "734000"),
    "620800": ("甘肃省平凉市崆峒区", "0933", "744000"),
    "620900": ("甘肃省酒泉市肃州区", "0937", "735000"),
    "621000": ("甘肃省庆阳市西峰区", "0934", "745000"),
    "621100": ("甘肃省定西市安定区", "0932", "743000"),
    "621200": ("甘肃省陇南市武都区", "0939", "746000"),
    "622900": ("甘肃省临夏回族自治州临夏市", "0930", "731100"),
    "623000": ("甘肃省甘南藏族自治州合作市", "0941", "747000"),
}
# Bodies whose place is not that of their region code.
PLACE_OF = {"lzxq": ("甘肃省兰州新区", "0931", "730300")}
# Streets of the invented addresses, by the kind of body.
STREETS = {
    BodyLevel.PROVINCE: "政务路",
    BodyLevel.PREFECTURE: "人民路",
    BodyLevel.COUNTY: "民主路",
    BodyLevel.TOWNSHIP: "张掖路",
    BodyLevel.DEPARTMENT: "政务路",
}


def openness_office(body: Body) -> str:
    """The body's 政府信息公开工作机构 (条例 Art. 4): its own office, or the government's."""
    if body.code in ("gansu", "gs-bgt"):
        return "甘肃省人民政府办公厅政务公开办公室"
    if body.level == BodyLevel.TOWNSHIP:
        return f"{body.short_name or body.name}党政综合办公室"
    if body.code == "lzxq":
        return "兰州新区管理委员会党政办公室"
    if body.level in (BodyLevel.PREFECTURE, BodyLevel.COUNTY):
        return f"{body.name}办公室政务公开科"
    return f"{body.name}办公室"


def contact_details(body: Body, serial: int) -> dict[str, str]:
    place, area, postcode = PLACE_OF.get(body.code) or PLACES[body.region_code]
    street = STREETS.get(body.level, "政务路")
    return {
        "openness_office": openness_office(body),
        "office_address": f"{place}{street}{serial * 2 - 1}号",
        "postcode": postcode,
        "phone": f"{area}-0000{serial:03d}",
        "fax": f"{area}-0001{serial:03d}",
        "email": f"xxgk@{body.code}.gansu.example",
        "office_hours": OFFICE_HOURS,
    }


def bodies_contacts_set(bodies: dict[str, Body]) -> None:
    """Fill the contact fields a body has left empty (what staff changed is kept)."""
    for serial, (code, *_rest) in enumerate(BODIES, start=1):
        body = bodies[code]
        # The province's openness office is the General Office's: one office, one address.
        details = contact_details(body, 1 if code == "gs-bgt" else serial)
        changed = []
        for name, value in details.items():
            if not getattr(body, name):
                setattr(body, name, value)
                changed.append(name)
        if changed:
            body.full_clean(exclude=["path", "depth", "numchild"])
            body.save(update_fields=changed)


def guides_publish(bodies: dict[str, Body], user) -> None:
    for code, *_rest in BODIES:
        body = bodies[code]
        document_ensure(
            column(body, "guide"),
            f"guide-{code}",
            user=user,
            slug="gkzn",
            title=f"{body.name}政府信息公开指南",
            doc_type=DocType.OTHER,
            issuer_names=body.name,
            written_on=GUIDE_WRITTEN_ON,
            summary=f"{body.name}政府信息公开的分类与编排体系、获取方式，以及政府信息公开工作机构"
            "的名称、办公地址、办公时间、联系电话、传真和电子邮箱。",
            keywords="政府信息公开指南",
            body=guide_html(body),
        )


def guide_html(body: Body) -> str:
    """The guide's text, from the body's record and its columns."""
    statutory = ColumnPage.objects.descendant_of(body.home_page).get(catalogue_key="statutory")
    items = [c.title for c in ColumnPage.objects.child_of(statutory).order_by("path")]
    article = "第二十条、第二十一条" if body.government_level != BodyLevel.PROVINCE else "第二十条"
    site = f"/{body.code}/"
    apply = f"/apply/{body.code}/"
    office = body.openness_office
    parts = [
        f"<p>{escape(DEMO_NOTE)}</p>",
        "<p>为便于公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》"
        f"（以下简称《条例》）第十二条，编制{escape(body.name)}政府信息公开指南。本指南每年更新，"
        "需要获取本机关政府信息的公民、法人和其他组织，建议先阅读本指南。</p>",
        "<h2>一、主动公开</h2>",
        "<h3>（一）公开范围</h3>",
        f"<p>本机关按照《条例》{article}的规定，主动公开涉及公众利益调整、需要公众广泛知晓"
        "或者需要公众参与决策的政府信息，以及机构职能、规章和行政规范性文件、规划、财政预算决算"
        "等法定主动公开内容。</p>",
        "<h3>（二）分类与编排体系</h3>",
        "<p>本机关政府信息公开专栏设“政府信息公开指南”“政府信息公开制度”“法定主动公开内容”"
        "“政府信息公开年报”四个栏目。“法定主动公开内容”下设"
        + escape("、".join(f"“{t}”" for t in items))
        + f"等{len(items)}个子栏目。</p>",
        "<p>每条政府信息标明索引号、主题分类、发文机关、发文字号、成文日期、发布日期和有效性。"
        f"索引号由本机关索引号前缀、发布年份和五位顺序号组成，如“{escape(body.index_code)}/"
        f"2025-00001”；主题分类按国务院公文主题分类编排。</p>",
        "<h3>（三）公开方式和时限</h3>",
        f'<p>主动公开的政府信息在本平台本机关栏目（<a href="{site}">{site}</a>）发布，可检索、'
        "查阅、下载，并视情况通过政府公报、新闻发布会和政务新媒体公开；各级国家档案馆、公共图书馆"
        "和政务服务场所设有政府信息查阅点。属于主动公开范围的政府信息，自该信息形成或者变更之日起"
        "20个工作日内予以公开（《条例》第二十六条）。</p>",
        "<h2>二、依申请公开</h2>",
        "<h3>（一）申请方式</h3>",
        "<p>公民、法人或者其他组织可以向本机关申请获取主动公开以外的政府信息（《条例》第二十七条）。"
        "申请应当采用包括信件、数据电文在内的书面形式：</p>",
        "<ol>"
        f'<li>在线申请：在本平台“依申请公开”页面（<a href="{apply}">{apply}</a>）填写并提交'
        "申请表，提交后即获得申请编号和查询码，可凭其查询办理进度。</li>"
        f"<li>当面申请：在办公时间到{escape(office)}当面提交申请表。</li>"
        f"<li>邮寄申请：寄至{escape(body.office_address)}{escape(office)}（邮政编码"
        f"{escape(body.postcode)}），请在信封左下角注明“政府信息公开申请”。</li>"
        f"<li>传真申请：发送至{escape(body.fax)}，请注明“政府信息公开申请”，并电话确认。</li>"
        "</ol>",
        "<p>采用书面形式确有困难的，申请人可以口头提出，由本机关代为填写申请表。</p>",
        "<h3>（二）申请内容</h3>",
        "<p>申请应当包括（《条例》第二十九条）：申请人的姓名或者名称、身份证明、联系方式；"
        "申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；申请公开的政府信息的形式要求，"
        "包括获取信息的方式、途径。申请内容不明确的，本机关自收到申请之日起7个工作日内一次性告知"
        "需要补正的事项和合理的补正期限（《条例》第三十条）。</p>",
        "<h3>（三）办理时限</h3>",
        "<p>本机关收到申请，能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个"
        "工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，"
        "延长的期限最长不超过20个工作日（《条例》第三十三条）。征求第三方和其他机关意见所需时间"
        "不计算在内。</p>",
        "<h3>（四）收费</h3>",
        "<p>本机关依申请提供政府信息，不收取费用。申请人申请公开政府信息的数量、频次明显超过合理"
        "范围的，按照《政府信息公开信息处理费管理办法》收取信息处理费（《条例》第四十二条）。</p>",
        "<h2>三、政府信息公开工作机构</h2>",
        "<ul>"
        f"<li>名称：{escape(office)}</li>"
        f"<li>办公地址：{escape(body.office_address)}</li>"
        f"<li>邮政编码：{escape(body.postcode)}</li>"
        f"<li>办公时间：{escape(body.office_hours)}</li>"
        f"<li>联系电话：{escape(body.phone)}</li>"
        f"<li>传真：{escape(body.fax)}</li>"
        f'<li>电子邮箱：<a href="mailto:{escape(body.email)}">{escape(body.email)}</a></li>'
        "</ul>",
        "<h2>四、监督和救济</h2>",
        "<p>公民、法人或者其他组织认为本机关未按照要求主动公开政府信息或者对政府信息公开申请不依法"
        "答复处理的，可以向政府信息公开工作主管部门提出；认为本机关在政府信息公开工作中侵犯其合法"
        "权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政"
        "复议或者提起行政诉讼（《条例》第四十七条、第五十一条）。</p>",
    ]
    return "".join(parts)
