"""The base of the demo: the bodies, the staff accounts, the General Office's documents in every
validity state (with the founding notice 甘政办发〔2021〕48号 as the text of one of them), its draft
annual report, and two online applications. The browser tests build on this part alone (their
assertions count its documents); `load_demo` the command adds the rest (see `__init__`).
Idempotent: running it again changes nothing.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.html import escape
from wagtail.images import get_image_model
from wagtail.models import Site

from gongkai.applications.models import ApplicantType, Application, IdType
from gongkai.applications.services.intake import application_submit_online
from gongkai.bodies.models import Body, BodyLevel, BodyRole
from gongkai.bodies.services import body_grant_role
from gongkai.columns.models import ColumnPage
from gongkai.core.dates import start_of_day, today
from gongkai.core.identifiers import credit_code_check_char, id_number_check_char
from gongkai.core.printing import PDF_HEI, bundled_fonts
from gongkai.documents.cleaning import clean_text
from gongkai.documents.models import (
    Attachment,
    DocType,
    DocumentAttachment,
    InterpretationForm,
    PolicyDocumentPage,
)
from gongkai.documents.services import document_create, document_repeal
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.services import annual_report_page_create
from gongkai.sites.models import SiteFooterSettings
from gongkai.sites.services import body_create, portal_ensure

DEMO_PASSWORD = "gongkai-demo-2026"
DEMO_DATA = Path(__file__).resolve().parents[1] / "demo_data"
# The founding notice as the source gives it (../shared/seed/000_1a7aff5cb3f06ed9.txt): text taken
# from its PDF, one printed line per line, full-width digits, private-use glyphs.
SEED_FILE = DEMO_DATA / "gzyd-2021.txt"
KEY_POINTS_TITLE = "甘肃省人民政府办公厅关于印发甘肃省2021年政务公开工作要点的通知"
KEY_POINTS_ANNEX = "甘肃省2021年政务公开工作要点"  # the text the notice issues, after it
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]+、[^。]{1,30}$")

# (code, name, short name, level, region code, parent code)
BODIES: list[tuple[str, str, str, str, str, str | None]] = [
    ("gansu", "甘肃省人民政府", "省政府", BodyLevel.PROVINCE, "620000", None),
    ("gs-bgt", "甘肃省人民政府办公厅", "省政府办公厅", BodyLevel.DEPARTMENT, "620000", "gansu"),
    ("gs-fgw", "甘肃省发展和改革委员会", "省发展改革委", BodyLevel.DEPARTMENT, "620000", "gansu"),
    ("gs-czt", "甘肃省财政厅", "省财政厅", BodyLevel.DEPARTMENT, "620000", "gansu"),
    ("gs-jyt", "甘肃省教育厅", "省教育厅", BodyLevel.DEPARTMENT, "620000", "gansu"),
    ("gs-zrzyt", "甘肃省自然资源厅", "省自然资源厅", BodyLevel.DEPARTMENT, "620000", "gansu"),
    ("gs-sthjt", "甘肃省生态环境厅", "省生态环境厅", BodyLevel.DEPARTMENT, "620000", "gansu"),
    ("gs-rst", "甘肃省人力资源和社会保障厅", "省人社厅", BodyLevel.DEPARTMENT, "620000", "gansu"),
    ("lanzhou", "兰州市人民政府", "兰州市", BodyLevel.PREFECTURE, "620100", "gansu"),
    ("jiayuguan", "嘉峪关市人民政府", "嘉峪关市", BodyLevel.PREFECTURE, "620200", "gansu"),
    ("jinchang", "金昌市人民政府", "金昌市", BodyLevel.PREFECTURE, "620300", "gansu"),
    ("baiyin", "白银市人民政府", "白银市", BodyLevel.PREFECTURE, "620400", "gansu"),
    ("tianshui", "天水市人民政府", "天水市", BodyLevel.PREFECTURE, "620500", "gansu"),
    ("wuwei", "武威市人民政府", "武威市", BodyLevel.PREFECTURE, "620600", "gansu"),
    ("zhangye", "张掖市人民政府", "张掖市", BodyLevel.PREFECTURE, "620700", "gansu"),
    ("pingliang", "平凉市人民政府", "平凉市", BodyLevel.PREFECTURE, "620800", "gansu"),
    ("jiuquan", "酒泉市人民政府", "酒泉市", BodyLevel.PREFECTURE, "620900", "gansu"),
    ("qingyang", "庆阳市人民政府", "庆阳市", BodyLevel.PREFECTURE, "621000", "gansu"),
    ("dingxi", "定西市人民政府", "定西市", BodyLevel.PREFECTURE, "621100", "gansu"),
    ("longnan", "陇南市人民政府", "陇南市", BodyLevel.PREFECTURE, "621200", "gansu"),
    ("linxia", "临夏回族自治州人民政府", "临夏州", BodyLevel.PREFECTURE, "622900", "gansu"),
    ("gannan", "甘南藏族自治州人民政府", "甘南州", BodyLevel.PREFECTURE, "623000", "gansu"),
    ("lzxq", "兰州新区管理委员会", "兰州新区", BodyLevel.PREFECTURE, "620100", "gansu"),
    ("lz-fgw", "兰州市发展和改革委员会", "市发展改革委", BodyLevel.DEPARTMENT, "620100", "lanzhou"),
    ("lz-czj", "兰州市财政局", "市财政局", BodyLevel.DEPARTMENT, "620100", "lanzhou"),
    ("lz-zrzyj", "兰州市自然资源局", "市自然资源局", BodyLevel.DEPARTMENT, "620100", "lanzhou"),
    ("chengguan", "兰州市城关区人民政府", "城关区", BodyLevel.COUNTY, "620102", "lanzhou"),
    ("cg-mzj", "兰州市城关区民政局", "城关区民政局", BodyLevel.DEPARTMENT, "620102", "chengguan"),
    (
        "cg-zhangyelu",
        "兰州市城关区张掖路街道办事处",
        "张掖路街道",
        BodyLevel.TOWNSHIP,
        "620102",
        "chengguan",
    ),
]

# (username, body code, role)
STAFF = [
    ("bgt_editor", "gs-bgt", BodyRole.EDITOR),
    ("bgt_reviewer", "gs-bgt", BodyRole.REVIEWER),
    ("gansu_admin", "gansu", BodyRole.SITE_ADMIN),
    ("lz_editor", "lanzhou", BodyRole.EDITOR),
    ("lz_reviewer", "lanzhou", BodyRole.REVIEWER),
    ("cg_editor", "chengguan", BodyRole.EDITOR),
    ("cg_reviewer", "chengguan", BodyRole.REVIEWER),
    ("bgt_clerk", "gs-bgt", BodyRole.CLERK),
    ("bgt_head", "gs-bgt", BodyRole.OFFICE_HEAD),
    ("cg_clerk", "chengguan", BodyRole.CLERK),
    ("cg_head", "chengguan", BodyRole.OFFICE_HEAD),
]

# Demo applications (依申请公开) submitted online to the General Office; invented people.
DEMO_APPLICANTS = [
    ("王小明", "620102199003071234", "13800000001", "2023年甘肃省政务公开工作要点的落实情况报告"),
    ("陈丽", "620103198511201234", "13800000002", "兰州市城关区2024年老旧小区改造项目的立项批复"),
]


def demo_credit_code(region_code: str, serial: int) -> str:
    """A well-formed 统一社会信用代码 for a demo organ (registration type 11 = 机关)."""
    first17 = f"11{region_code}{serial:08d}0"[:17]
    return first17 + credit_code_check_char(first17)


# The footer of the default site (sites.SiteFooterSettings): invented filing numbers (all zeros)
# and a mailbox at the reserved domain .example, as the demo's contact details are.
DEMO_FOOTER = {
    "organiser": "甘肃省人民政府办公厅",
    "phone": "0931-0000000",
    "email": "webmaster@gansu.example",
    "site_id_code": "6200000001",  # the province's, as the demo numbers its bodies
    "icp_number": "甘ICP备00000000号-1",
    "police_number": "甘公网安备 62000000000000号",
}
DEMO_MARK_TITLE = "党政机关网站标识（演示图片）"


@transaction.atomic
def load_demo(*, seed_text: str | None = None) -> list[tuple[str, str]]:
    portal_ensure()
    bodies = {b.code: b for b in Body.objects.all()}
    for serial, (code, name, short, level, region, parent) in enumerate(BODIES, start=1):
        if code in bodies:
            # Bodies loaded before there was a 排序: the list's order is the official one.
            if bodies[code].sort_order != serial:
                bodies[code].sort_order = serial
                bodies[code].save(update_fields=["sort_order"])
            continue
        bodies[code] = body_create(
            parent=bodies[parent] if parent else None,
            code=code,
            name=name,
            short_name=short,
            level=level,
            region_code=region,
            index_code=f"{region}{serial:03d}",
            credit_code=demo_credit_code(region, serial),
            region_name="甘肃省",
            site_id_code=f"{region[:4]}{serial:06d}"[:10],
            sort_order=serial,  # BODIES is in the official order
        )
    _demo_site_footer(bodies["gansu"])
    accounts = [("admin", "平台运维（超级管理员）")]
    User = get_user_model()
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.invalid", DEMO_PASSWORD)
    for username, code, role in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, f"{username}@example.invalid", DEMO_PASSWORD)
        body_grant_role(user, bodies[code], role)
        accounts.append((username, f"{bodies[code].name} · {BodyRole(role).label}"))
    if not PolicyDocumentPage.objects.filter(source_key="demo:gzyd-2021").exists():
        _demo_documents(bodies, seed_text)
    elif seed_text:
        _seed_document_refresh(seed_text)
    _demo_annual_report(bodies["gs-bgt"], User.objects.get(username="bgt_editor"))
    return accounts


def _demo_site_footer(province: Body) -> None:
    """The default site's footer items, once (an operator's later edits stay)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or SiteFooterSettings.objects.filter(site=site).exists():
        return
    SiteFooterSettings.objects.create(
        site=site,
        party_gov_mark=_demo_mark_image(province),
        **DEMO_FOOTER,
    )


def _demo_mark_image(province: Body):
    """A stand-in for the 党政机关网站标识 (the real one is issued by the 机构编制 authority), marked
    as a demo image: a red label with white text."""
    from PIL import Image as PillowImage
    from PIL import ImageDraw, ImageFont

    image = get_image_model().objects.filter(title=DEMO_MARK_TITLE).first()
    if image is not None:
        return image
    font_path = str(bundled_fonts()[PDF_HEI])
    canvas = PillowImage.new("RGB", (132, 110), "#c8161d")
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((4, 4, 127, 105), outline="#ffffff", width=2)
    for text, size, y in (("党政机关", 26, 14), ("网站标识", 26, 46), ("演示图片", 16, 80)):
        font = ImageFont.truetype(font_path, size)
        width = draw.textlength(text, font=font)
        draw.text(((132 - width) / 2, y), text, font=font, fill="#ffffff")
    data = io.BytesIO()
    canvas.save(data, format="PNG")
    return get_image_model().objects.create(
        title=DEMO_MARK_TITLE,
        file=ImageFile(data, name="party-gov-mark-demo.png"),
        collection=province.collection,
    )


def _demo_annual_report(body: Body, editor) -> None:
    """The General Office's report on last year, as a draft its editor can finish and submit
    (docs/annual_report.md, "年度报告页面")."""
    if not AnnualReportPage.objects.filter(body=body).exists():
        annual_report_page_create(body=body, year=today().year - 1, user=editor)


def load_demo_applications() -> None:
    """A few online applications to the General Office. Each submission commits on its own (the
    receipt number exists only once committed), so this runs outside `load_demo`'s transaction."""
    body = Body.objects.get(code="gs-bgt")
    if Application.objects.filter(body=body).exists():
        return
    for name, id_stub, phone, description in DEMO_APPLICANTS:
        application_submit_online(
            body,
            {
                "applicant_type": ApplicantType.NATURAL_PERSON,
                "applicant_name": name,
                "id_type": IdType.RESIDENT_ID,
                "id_number": id_stub[:17] + id_number_check_char(id_stub[:17]),
                "phone": phone,
                "address": "甘肃省兰州市城关区示例路1号",
                "postcode": "730030",
                "description": description,
            },
        )


def column(body: Body, key: str) -> ColumnPage:
    """The body's column of the catalogue entry `key` (columns/catalogue.py)."""
    return ColumnPage.objects.descendant_of(body.home_page).get(catalogue_key=key)


def document_ensure(parent, key: str, *, user, slug: str = "", **fields) -> PolicyDocumentPage:
    """The published demo document `demo:<key>` (at `slug`, by default the key), created under
    `parent` if it is not there yet.

    Its publication date is a few days after it was written (not the day the demo was loaded).
    """
    existing = PolicyDocumentPage.objects.filter(source_key=f"demo:{key}").first()
    if existing is not None:
        return existing
    written = fields.get("written_on") or date.today()
    fields.setdefault(
        "first_published_at", start_of_day(min(written + timedelta(days=5), date.today()))
    )
    fields.setdefault("topic", "综合政务\\政务公开")
    return document_create(
        parent, user=user, publish=True, source_key=f"demo:{key}", slug=slug or key, **fields
    )


def paragraphs(*texts: str) -> str:
    """Rich text of plain paragraphs; a text starting with "## " is a heading."""
    out = []
    for text in texts:
        if text.startswith("## "):
            out.append(f"<h2>{escape(text[3:])}</h2>")
        else:
            out.append(f"<p>{escape(text)}</p>")
    return "".join(out)


def _docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(title, level=1)
    for p in paragraphs:
        d.add_paragraph(p)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def seed_body_html(seed_text: str) -> str:
    """The founding notice as the body of its document page: cleaned as every text taken from a
    PDF is (documents.cleaning), without the red header and title the page shows already; the
    key points it issues under their title, their five parts as headings."""
    out = []
    for paragraph in clean_text(seed_text, wrapped=True, title=KEY_POINTS_TITLE).splitlines():
        if paragraph == KEY_POINTS_ANNEX:
            out.append(f"<h2>{escape(paragraph)}</h2>")
        elif _SECTION_HEADING.match(paragraph):
            out.append(f"<h3>{escape(paragraph)}</h3>")
        else:
            out.append(f"<p>{escape(paragraph)}</p>")
    return "".join(out)


def _seed_document_refresh(seed_text: str) -> None:
    """A demo loaded before the text was cleaned gets the clean text (once: then they agree)."""
    page = PolicyDocumentPage.objects.get(source_key="demo:gzyd-2021")
    body = seed_body_html(seed_text)
    if page.body != body:
        page.body = body
        admin = get_user_model().objects.get(username="admin")
        page.save_revision(user=admin).publish(user=admin)


def _demo_documents(bodies: dict[str, Body], seed_text: str | None) -> None:
    bgt = column(bodies["gs-bgt"], "art20-1")
    today = date.today()
    admin = get_user_model().objects.get(username="admin")

    def make(parent, key, **fields):
        fields.setdefault("issuer_names", "甘肃省人民政府办公厅")
        fields.setdefault("topic", "综合政务\\政务公开")
        # Demo documents carry a realistic publication date (a few days after writing).
        written = fields.get("written_on") or today
        fields.setdefault(
            "first_published_at", start_of_day(min(written + timedelta(days=5), today))
        )
        return document_create(
            parent, user=admin, publish=True, source_key=f"demo:{key}", slug=key, **fields
        )

    seed_body = (
        seed_body_html(seed_text)
        if seed_text
        else "<p>各市、自治州人民政府，兰州新区管委会，省政府各部门……</p>"
    )
    key_points = make(
        bgt,
        "gzyd-2021",
        title=KEY_POINTS_TITLE,
        doc_type=DocType.NORMATIVE,
        doc_number="甘政办发〔2021〕48号",
        written_on=date(2021, 6, 15),
        summary="印发甘肃省2021年政务公开工作要点。",
        body=seed_body,
    )
    make(
        bgt,
        "gzyd-2021-jd",
        title="《甘肃省2021年政务公开工作要点》政策解读",
        doc_type=DocType.INTERPRETATION,
        interprets=key_points,
        interpretation_form=InterpretationForm.TEXT,
        body="<p>一、起草背景……二、主要内容……三、工作要求……</p>",
    )
    attachment = Attachment(
        title="甘肃省2021年政务公开工作要点（附件）", collection=bodies["gs-bgt"].collection
    )
    attachment.file.save(
        "gzyd-2021.docx",
        ContentFile(
            _docx_bytes(
                "甘肃省2021年政务公开工作要点",
                ["一、围绕党中央、国务院决策部署，加强政策发布解读。"],
            )
        ),
        save=False,
    )
    attachment.save()
    DocumentAttachment.objects.create(
        page=key_points, attachment=attachment, title="附件：甘肃省2021年政务公开工作要点"
    )
    key_points.save_revision(user=admin).publish(user=admin)

    v1 = make(
        bgt,
        "xxgk-gd-2019",
        title="甘肃省政府信息公开申请办理规定",
        doc_type=DocType.NORMATIVE,
        doc_number="甘政办发〔2019〕101号",
        written_on=date(2019, 11, 20),
        effective_on=date(2020, 1, 1),
        body="<p>第一条 为规范政府信息公开申请办理工作，根据《中华人民共和国政府信息公开条例》，制定本规定。</p>",
    )
    make(
        bgt,
        "xxgk-gd-2022",
        title="甘肃省政府信息公开申请办理规定（2022年修订）",
        doc_type=DocType.NORMATIVE,
        doc_number="甘政办发〔2022〕37号",
        written_on=date(2022, 4, 2),
        effective_on=date(2022, 5, 1),
        previous_version=v1,
        body="<p>第一条 为规范政府信息公开申请办理工作，保障公民、法人和其他组织依法获取政府信息……</p>",
    )
    old_rule = make(
        column(bodies["gansu"], "art20-1"),
        "gz-2010-5",
        title="甘肃省政务公开暂行办法",
        doc_type=DocType.RULE,
        issuer_names="甘肃省人民政府",
        doc_number="甘肃省人民政府令第71号",
        written_on=date(2010, 6, 1),
        effective_on=date(2010, 8, 1),
        body="<p>第一条 为推进政务公开……</p>",
    )
    repealer = make(
        column(bodies["gansu"], "art20-1"),
        "gz-fz-2021",
        title="甘肃省人民政府关于废止部分省政府规章的决定",
        doc_type=DocType.RULE,
        issuer_names="甘肃省人民政府",
        doc_number="甘肃省人民政府令第158号",
        written_on=date(2021, 9, 30),
        effective_on=date(2021, 10, 1),
        body="<p>省政府决定，对下列省政府规章予以废止：甘肃省政务公开暂行办法……</p>",
    )
    document_repeal(
        old_rule, repealed_on=date(2021, 10, 1), repealing_document=repealer, user=admin
    )
    make(
        bgt,
        "yqfk-2022",
        title="甘肃省关于阶段性减免市场主体房屋租金的通知",
        doc_type=DocType.NORMATIVE,
        doc_number="甘政办发〔2022〕12号",
        written_on=date(2022, 3, 1),
        effective_on=date(2022, 3, 1),
        expires_on=date(2023, 1, 1),
        topic="财政、金融、审计\\财政",
        body="<p>有效期至2022年12月31日。</p>",
    )
    make(
        bgt,
        "szh-2027",
        title="甘肃省数字政府建设管理办法",
        doc_type=DocType.NORMATIVE,
        doc_number="甘政办发〔2026〕88号",
        written_on=today - timedelta(days=10),
        effective_on=today + timedelta(days=60),
        body="<p>第一条 为推进数字政府建设……</p>",
    )
    lz = column(bodies["lanzhou"], "art20-1")
    make(
        lz,
        "lz-zdgk-2023",
        title="兰州市重大行政决策公众参与办法",
        doc_type=DocType.NORMATIVE,
        issuer_names="兰州市人民政府",
        doc_number="兰政发〔2023〕15号",
        written_on=date(2023, 5, 8),
        body="<p>第一条 为规范重大行政决策公众参与……</p>",
    )
