"""Reads about bodies: who may act for which body, and which body owns a page."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from wagtail.models import Page

from gongkai.bodies.models import Body, BodyLevel, BodyMembership, BodyRole

# A BodyHomePage sits at depth 3 (root → portal → body home); treebeard paths use 4 characters
# per level, so the first 12 characters of any page's path name its body's home page.
BODY_HOME_DEPTH = 3
_STEPLEN = Page.steplen


def bodies_for_user(user, role: str | None = None) -> QuerySet[Body]:
    """The bodies a staff user may act for.

    A platform operator (superuser) acts for all. A site admin of a body acts for its whole
    subtree; an editor or reviewer acts for the body itself only.
    """
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return Body.objects.none()
    if user.is_superuser:
        return Body.objects.all()
    memberships = BodyMembership.objects.filter(user=user)
    if role is not None:
        memberships = memberships.filter(role=role)
    direct_ids = set()
    subtree_paths = []
    for body_id, member_role, path in memberships.values_list("body_id", "role", "body__path"):
        direct_ids.add(body_id)
        if member_role == BodyRole.SITE_ADMIN:
            subtree_paths.append(path)
    qs = Body.objects.filter(pk__in=direct_ids)
    for path in subtree_paths:
        qs = qs | Body.objects.filter(path__startswith=path)
    return qs.distinct()


def bodies_managed_by(user) -> QuerySet[Body]:
    """The bodies whose details and staff the user manages (机关管理): an operator all, a site admin
    its whole subtree; nobody else any."""
    return bodies_for_user(user, role=BodyRole.SITE_ADMIN)


def roles_grantable(user, body: Body) -> list[str]:
    """The roles `user` may grant or revoke in `body` (one of `bodies_managed_by(user)`): every
    role, but 站点管理员 only to an operator or to a site admin of a body strictly above it — a site
    admin never makes another of its own rank or above."""
    roles = [value for value, _ in BodyRole.choices]
    if user.is_superuser:
        return roles
    above = BodyMembership.objects.filter(
        user=user,
        role=BodyRole.SITE_ADMIN,
        body__in=body.get_ancestors(),
    )
    if above.exists():
        return roles
    return [role for role in roles if role != BodyRole.SITE_ADMIN]


def user_has_role(user, body: Body, role: str) -> bool:
    if not user.is_authenticated:
        return False
    return BodyMembership.objects.filter(user=user, body=body, role=role).exists()


def body_for_page(page: Page) -> Body | None:
    """The body whose site section holds this page (None for the portal and the law library)."""
    if page is None or page.depth < BODY_HOME_DEPTH or not page.path:
        return None
    home_path = page.path[: BODY_HOME_DEPTH * _STEPLEN]
    # Kept on the page object (a page view asks several times: its template, its selectors), for
    # the path it was found for; "no body" is not kept (a body may be given this home next).
    kept = page.__dict__.get(_BODY_ATTR)
    if kept is not None and kept[0] == home_path:
        return kept[1]
    body = Body.objects.filter(home_page__path=home_path).first()
    if body is not None:
        page.__dict__[_BODY_ATTR] = (home_path, body)
    return body


_BODY_ATTR = "_gongkai_body_for_page"


def bodies_by_home_path() -> dict[str, Body]:
    """Map of home-page path → body, to name the body of many pages without a query each."""
    return {
        b.home_page.path: b
        for b in Body.objects.select_related("home_page").exclude(home_page=None)
    }


def pages_of_body(body: Body) -> QuerySet[Page]:
    if body.home_page_id is None:
        return Page.objects.none()
    return Page.objects.filter(path__startswith=body.home_page.path)


def pages_reviewable_by(user) -> QuerySet[Page]:
    """Pages in the sections of the bodies where the user is a reviewer."""
    qs = Page.objects.none()
    for body in Body.objects.filter(
        memberships__user=user, memberships__role=BodyRole.REVIEWER
    ).select_related("home_page"):
        if body.home_page is not None:
            qs = qs | Page.objects.filter(path__startswith=body.home_page.path)
    return qs


# Levels in the order the same region lists them (a government before its departments).
_LEVEL_RANK = {level: rank for rank, level in enumerate(BodyLevel)}
# How a government's portal lists the bodies under it: its own departments first, then the
# governments of the level below (市州, then 县区, then 乡镇、街道), then public institutions.
_GROUP_ORDER = (
    BodyLevel.DEPARTMENT,
    BodyLevel.PREFECTURE,
    BodyLevel.COUNTY,
    BodyLevel.TOWNSHIP,
    BodyLevel.PUBLIC_INSTITUTION,
    BodyLevel.PROVINCE,
)
_GROUP_LABELS = {
    BodyLevel.PREFECTURE: "市州",
    BodyLevel.COUNTY: "县区",
    BodyLevel.TOWNSHIP: "乡镇、街道",
    BodyLevel.PUBLIC_INSTITUTION: "公共企事业单位",
}
# A government's departments are named after the government: 省政府部门, 市（州）政府部门, …
_DEPARTMENT_LABELS = {
    BodyLevel.PROVINCE: "省政府部门",
    BodyLevel.PREFECTURE: "市（州）政府部门",
    BodyLevel.COUNTY: "县（区）政府部门",
}
DEPARTMENT_LABEL_OTHER = "所属部门"
# A top-level government, listed on its own before the groups under it.
_GOVERNMENT_LABELS = {
    BodyLevel.PROVINCE: "省政府",
    BodyLevel.PREFECTURE: "市（州）政府",
    BodyLevel.COUNTY: "县（区）政府",
}


def body_order_key(body: Body) -> tuple[int, str, int, str]:
    """The official order of sibling bodies: their 排序 (`sort_order`) first, then the 行政区划代码,
    then the level; the code only breaks ties, so that the order never changes between requests."""
    return (body.sort_order, body.region_code or "999999", _LEVEL_RANK[body.level], body.code)


def body_group_label(parent: Body, level: str) -> str:
    """The heading of a group of the bodies under `parent`: 省政府部门, 市州, 县区, …"""
    if level == BodyLevel.DEPARTMENT:
        return _DEPARTMENT_LABELS.get(parent.level, DEPARTMENT_LABEL_OTHER)
    return _GROUP_LABELS.get(level) or BodyLevel(level).label


def body_tree() -> list[dict]:
    """Every body under its parent body, siblings in the official order (`body_order_key`).

    Each node has its `body`, its `children`, and the same children in `groups` by level —
    {"label": "省政府部门", "level": …, "nodes": […]} — in the order a government's portal lists
    them: departments, 市州, 县区, 乡镇、街道, public institutions.
    """
    bodies = sorted(Body.objects.select_related("home_page"), key=body_order_key)
    by_path = {b.path: {"body": b, "children": [], "groups": []} for b in bodies}
    roots = []
    for b in bodies:
        node = by_path[b.path]
        parent = by_path.get(b.path[: -Body.steplen]) if b.depth > 1 else None
        (parent["children"] if parent else roots).append(node)
    for node in by_path.values():
        levels = {child["body"].level for child in node["children"]}
        node["groups"] = [
            {
                "label": body_group_label(node["body"], level),
                "level": level,
                "nodes": [c for c in node["children"] if c["body"].level == level],
            }
            for level in _GROUP_ORDER
            if level in levels
        ]
    return roots


def body_directory() -> list[dict]:
    """The public's directory of bodies (the portal's 各地各部门, 依申请公开's 选择受理机关), as groups:
    the province on its own (省政府), then the groups under it (省政府部门, 市州), each body with the
    groups of the bodies under it (兰州市: 市（州）政府部门, 县区)."""
    groups: list[dict] = []
    for root in body_tree():
        body = root["body"]
        label = _GOVERNMENT_LABELS.get(body.level) or body.get_level_display()
        leaf = {"body": body, "children": [], "groups": []}  # its groups follow at the top level
        groups.append({"label": label, "level": body.level, "nodes": [leaf]})
        groups.extend(root["groups"])
    return groups


def bodies_in_official_order() -> list[Body]:
    """Every body, each followed by those under it, siblings in the official order (a list of all
    bodies for the public, e.g. the library's 发文机关 filter)."""
    ordered: list[Body] = []

    def visit(nodes: list[dict]) -> None:
        for node in nodes:
            ordered.append(node["body"])
            for group in node["groups"]:
                visit(group["nodes"])

    visit(body_tree())
    return ordered
