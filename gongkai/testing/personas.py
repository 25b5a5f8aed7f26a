"""The people and bodies of the tests (style.md: named users reused everywhere).

Bodies of the world (built once per session, world.py): `province` 甘肃省人民政府 (gansu),
`office` its General Office 甘肃省人民政府办公厅 (gs-bgt), `city` 兰州市人民政府 (lanzhou); and,
built by the test that asks for it, `county` 兰州市城关区人民政府 (chengguan) under the city.

Staff (made by the test that asks for them, so a test sees only the people it named):

| fixture               | username       | body   | role                        |
|-----------------------|----------------|--------|-----------------------------|
| `editor`              | editor         | office | 信息员                       |
| `reviewer`            | reviewer       | office | 审核                         |
| `clerk`               | clerk          | office | 依申请公开承办人              |
| `office_head`         | office_head    | office | 政府信息公开工作机构负责人     |
| `other_body_editor`   | other_editor   | city   | 信息员                       |
| `other_body_reviewer` | other_reviewer | city   | 审核                         |
| `other_body_clerk`    | other_clerk    | city   | 依申请公开承办人              |
| `operator`            | operator       | —      | platform superuser          |

and `citizen`, the anonymous applicant (applications/tests/conftest.py), and the public (`client`).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from gongkai.bodies.models import Body, BodyLevel, BodyRole
from gongkai.bodies.services import body_grant_role
from gongkai.columns.models import ColumnPage
from gongkai.core.identifiers import credit_code_check_char
from gongkai.documents.models import DocType
from gongkai.documents.services import document_create
from gongkai.sites.services import body_create

PASSWORD = "test-password-123"


def credit_code(region: str, serial: int) -> str:
    first17 = f"11{region}{serial:08d}0"[:17]
    return first17 + credit_code_check_char(first17)


def bare_body(
    parent: Body, code: str, name: str, level: str, region: str, sort_order: int = 0
) -> Body:
    """A body row alone, without its site section (home page, columns): enough for lists and
    orders, and cheap where `make_body` costs seconds."""
    return parent.add_child(
        instance=Body(
            code=code,
            name=name,
            level=level,
            region_code=region,
            index_code=f"IDX-{code}",
            sort_order=sort_order,
        )
    )


def make_body(
    code: str, name: str, level: str, parent: Body | None = None, serial: int = 1, **extra
) -> Body:
    """A body with its whole site section, as the platform provisions one."""
    region = extra.pop("region_code", "620000")
    return body_create(
        parent=parent,
        code=code,
        name=name,
        level=level,
        region_code=region,
        index_code=extra.pop("index_code", f"IDX-{code}"),
        credit_code=extra.pop("credit_code", None) or credit_code(region, serial),
        **extra,
    )


def user(username: str, **extra):
    return get_user_model().objects.create_user(
        username, f"{username}@example.invalid", PASSWORD, **extra
    )


def staff(username: str, body: Body, role: str):
    """A user holding one role in one body (and the Wagtail groups the role brings)."""
    person = user(username)
    body_grant_role(person, body, role)
    return person


def operator():
    return get_user_model().objects.create_superuser("operator", "op@example.invalid", PASSWORD)


# fixture name → (username, body fixture, role)
STAFF = {
    "editor": ("editor", "office", BodyRole.EDITOR),
    "reviewer": ("reviewer", "office", BodyRole.REVIEWER),
    "clerk": ("clerk", "office", BodyRole.CLERK),
    "office_head": ("office_head", "office", BodyRole.OFFICE_HEAD),
    "other_body_editor": ("other_editor", "city", BodyRole.EDITOR),
    "other_body_reviewer": ("other_reviewer", "city", BodyRole.REVIEWER),
    "other_body_clerk": ("other_clerk", "city", BodyRole.CLERK),
}

COUNTY = dict(
    code="chengguan",
    name="兰州市城关区人民政府",
    level=BodyLevel.COUNTY,
    serial=4,
    region_code="620102",
)


def column(body: Body, key: str) -> ColumnPage:
    return ColumnPage.objects.descendant_of(body.home_page).get(catalogue_key=key)


def publish_document(owner: Body, key: str = "art20-1", *, user=None, **fields):
    """A published document in a body's column, as the platform's loaders create one."""
    fields.setdefault("title", "测试文件")
    fields.setdefault("doc_type", DocType.NORMATIVE)
    fields.setdefault("issuer_names", owner.name)
    fields.setdefault("written_on", date(2024, 1, 2))
    return document_create(column(owner, key), user=user, publish=True, **fields)
