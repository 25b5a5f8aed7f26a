"""Reads about bodies: who may act for which body, and which body owns a page."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from wagtail.models import Page

from gongkai.bodies.models import Body, BodyMembership, BodyRole

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


def user_has_role(user, body: Body, role: str) -> bool:
    if not user.is_authenticated:
        return False
    return BodyMembership.objects.filter(user=user, body=body, role=role).exists()


def body_for_page(page: Page) -> Body | None:
    """The body whose site section holds this page (None for the portal and the law library)."""
    if page is None or page.depth < BODY_HOME_DEPTH or not page.path:
        return None
    home_path = page.path[: BODY_HOME_DEPTH * _STEPLEN]
    return Body.objects.filter(home_page__path=home_path).first()


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


def body_tree_for_portal() -> list[dict]:
    """Bodies grouped under their parent government, for the portal's directory of sites."""
    bodies = list(Body.objects.select_related("home_page").order_by("path"))
    by_path = {b.path: {"body": b, "children": []} for b in bodies}
    roots = []
    for b in bodies:
        node = by_path[b.path]
        parent = by_path.get(b.path[: -Body.steplen]) if b.depth > 1 else None
        (parent["children"] if parent else roots).append(node)
    return roots
