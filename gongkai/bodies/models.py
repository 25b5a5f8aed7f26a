"""Government bodies (机关、单位) and the roles staff hold in them.

A `Body` is a node in one tree (省 → 市州 → 县区 → 乡镇/街道, with departments and public
institutions under the government they belong to). Every body has a home page in the page tree
(`sites.BodyHomePage`): `/<code>/` on the shared host, or `/` on its own host name when one is
configured.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Cast
from treebeard.mp_tree import MP_Node
from wagtail.models import Page, Task, TaskState

from gongkai.core.identifiers import is_valid_credit_code


class BodyLevel(models.TextChoices):
    PROVINCE = "province", "省"
    PREFECTURE = "prefecture", "市州"
    COUNTY = "county", "县区"
    TOWNSHIP = "township", "乡镇/街道"
    DEPARTMENT = "department", "部门"
    PUBLIC_INSTITUTION = "institution", "公共企事业单位"


GOVERNMENT_LEVELS = (BodyLevel.PROVINCE, BodyLevel.PREFECTURE, BodyLevel.COUNTY, BodyLevel.TOWNSHIP)


class BodyRole(models.TextChoices):
    EDITOR = "editor", "信息员"
    REVIEWER = "reviewer", "审核"
    SITE_ADMIN = "site_admin", "站点管理员"
    # 依申请公开 (条例 Arts. 27–45): the clerk handles cases; the head of the openness office alone
    # may approve an extension of the reply period (条例 Art. 33 para 2). Neither edits pages.
    CLERK = "clerk", "依申请公开承办人"
    OFFICE_HEAD = "office_head", "政府信息公开工作机构负责人"


MSG_CREDIT_CODE_INVALID = "统一社会信用代码无效：应为18位，且校验位符合 GB 32100 规则"


def validate_credit_code(value: str) -> None:
    if value and not is_valid_credit_code(value):
        raise ValidationError(MSG_CREDIT_CODE_INVALID)


# The 政府信息公开工作机构 and how to reach it, as the 政府信息公开指南 gives them (条例 Art. 12).
CONTACT_FIELDS = (
    "openness_office",
    "office_address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
)

body_code_validator = RegexValidator(
    r"^[a-z][a-z0-9-]{1,39}$", "机关代码只能包含小写字母、数字和连字符，并以字母开头"
)


class Body(MP_Node):
    code = models.CharField(
        "机关代码",
        max_length=40,
        unique=True,
        validators=[body_code_validator],
        help_text="站点路径 /<代码>/ 使用此代码",
    )
    name = models.CharField("全称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    level = models.CharField("层级", max_length=16, choices=BodyLevel.choices)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    index_code = models.CharField(
        "索引号前缀",
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9-]+$", "索引号前缀只能包含字母、数字和连字符")],
    )
    region_code = models.CharField(
        "行政区划代码",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "行政区划代码应为6位数字")],
    )
    region_name = models.CharField("所在地区", max_length=60, blank=True)
    hostname = models.CharField(
        "独立域名", max_length=255, blank=True, help_text="配置后，本机关站点也可通过此域名访问"
    )
    site_id_code = models.CharField("网站标识码", max_length=16, blank=True)
    # The official order (as the government lists its departments and regions), which neither the
    # code nor the name gives: 办公厅 first among the departments, 兰州新区 after the 14 市州.
    sort_order = models.PositiveIntegerField(
        "排序",
        default=0,
        help_text="同级机关按此数字从小到大排列；相同时按行政区划代码、层级排列",
    )
    # The working body for government information disclosure and how to reach it: what the
    # 政府信息公开指南 must give (条例 Art. 12: 名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式),
    # with the postal code that applications by post need (Art. 29).
    openness_office = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField(
        "邮政编码",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "邮政编码应为6位数字")],
    )
    phone = models.CharField("联系电话", max_length=60, blank=True)
    fax = models.CharField("传真", max_length=60, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    home_page = models.OneToOneField(
        Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    node_order_by = ["code"]

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def has_contact(self) -> bool:
        """Whether any of its openness office's contact details is known (the public pages show
        the block only then)."""
        return any(getattr(self, name) for name in CONTACT_FIELDS)

    @property
    def government_level(self) -> str:
        """The tier of government this body belongs to (a department takes its government's tier).

        条例 Art. 21 adds items for city and county governments *and their departments*, and for
        townships; this is what decides which catalogue items a body gets.
        """
        node: Body | None = self
        while node is not None and node.level not in GOVERNMENT_LEVELS:
            node = node.get_parent()
        return node.level if node is not None else BodyLevel.PROVINCE


class BodyMembership(models.Model):
    """A staff member's role in one body. Editors and reviewers act for that body only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_memberships"
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=16, choices=BodyRole.choices)

    class Meta:
        verbose_name = "机关人员角色"
        verbose_name_plural = "机关人员角色"
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="unique_body_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.body} · {self.get_role_display()}"


class BodyReviewTask(Task):
    """审核: approved only by a reviewer of the body that owns the page.

    One task serves every body: it resolves the page's own body at run time, so that a reviewer of
    body A can never approve body B's page (requirements A1, "no publish without review").
    """

    def _reviews(self, obj, user) -> bool:
        from gongkai.bodies.selectors import body_for_page, user_has_role

        body = body_for_page(obj)
        return body is not None and user_has_role(user, body, BodyRole.REVIEWER)

    def user_can_access_editor(self, obj, user):
        return self._reviews(obj, user)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or self._reviews(obj, user))

    @staticmethod
    def review_blockers(obj) -> list[str]:
        """What the version under review still lacks (a page type that checks this defines
        `review_blockers()`, e.g. a policy document without text); empty when it may be approved."""
        latest = getattr(obj, "get_latest_revision_as_object", None)
        version = latest() if latest is not None else obj
        check = getattr(version, "review_blockers", None)
        return check() if check is not None else []

    def get_actions(self, obj, user):
        if user.is_superuser or self._reviews(obj, user):
            if self.review_blockers(obj):
                # Not ready: it can only go back to the editor, wherever the reviewer acts from.
                return [("reject", "退回修改", True)]
            return [
                ("reject", "退回修改", True),
                ("approve", "审核通过", False),
                ("approve", "附意见审核通过", True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from gongkai.bodies.selectors import pages_reviewable_by

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        page_ids = pages_reviewable_by(user).annotate(pk_text=Cast("pk", models.CharField()))
        return states.filter(
            workflow_state__base_content_type__app_label="wagtailcore",
            workflow_state__base_content_type__model="page",
            workflow_state__object_id__in=page_ids.values("pk_text"),
        )

    @classmethod
    def get_description(cls):
        return "由页面所属机关的审核人员审核"

    class Meta:
        verbose_name = "本机关审核"
        verbose_name_plural = "本机关审核"
