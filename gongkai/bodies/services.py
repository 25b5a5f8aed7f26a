"""Writes about bodies' staff: the Wagtail group of each body and role, and granting roles.

A body's Wagtail permissions are derived from its roles here, in one place: one group per body and
role. The three publishing groups ("<code>·信息员", "<code>·审核", "<code>·站点管理员") are made with
the body (`sites.services.body_create`, once its home page and collection exist), with page
permissions on its home page and collection permissions on its collection.
Editors cannot publish: everything they write goes through the 本机关审核 workflow. The groups of
the 依申请公开 roles (承办人, 政府信息公开工作机构负责人) are made on their first grant and get no page
or collection rights, only access to the staff workbench (`access_admin`).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from gongkai.bodies.models import Body, BodyMembership, BodyRole
from gongkai.core.audit import audit_log

PAGE_PERMISSIONS = {
    BodyRole.EDITOR: ["add_page", "change_page"],
    BodyRole.REVIEWER: ["add_page", "change_page", "publish_page"],
    BodyRole.SITE_ADMIN: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "delete_page",
    ],
}
# (app label, codename). Wagtail checks document permissions against wagtaildocs.Document even
# for a custom document model (documents.Attachment), so the codenames are the base model's.
_DOCS = "wagtaildocs"
_IMAGES = "wagtailimages"
COLLECTION_PERMISSIONS = {
    BodyRole.EDITOR: [
        (_DOCS, "add_document"),
        (_DOCS, "change_document"),
        (_DOCS, "choose_document"),
        (_IMAGES, "add_image"),
        (_IMAGES, "choose_image"),
    ],
    BodyRole.REVIEWER: [
        (_DOCS, "add_document"),
        (_DOCS, "change_document"),
        (_DOCS, "choose_document"),
        (_IMAGES, "add_image"),
        (_IMAGES, "choose_image"),
    ],
    BodyRole.SITE_ADMIN: [
        (_DOCS, "add_document"),
        (_DOCS, "change_document"),
        (_DOCS, "delete_document"),
        (_DOCS, "choose_document"),
        (_IMAGES, "add_image"),
        (_IMAGES, "change_image"),
        (_IMAGES, "choose_image"),
    ],
}


def group_name(body: Body, role: str) -> str:
    return f"{body.code}·{BodyRole(role).label}"


def role_group_ensure(body: Body, role: str) -> Group:
    """The body's group for `role` with its permissions (made on first use; needs the body's home
    page and collection for the publishing roles)."""
    group, _ = Group.objects.get_or_create(name=group_name(body, role))
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    for codename in PAGE_PERMISSIONS.get(role, ()):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=body.home_page,
            permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore"
            ),
        )
    for app_label, codename in COLLECTION_PERMISSIONS.get(role, ()):
        perm = Permission.objects.get(codename=codename, content_type__app_label=app_label)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=body.collection, permission=perm
        )
    return group


AUDIT_ROLE_GRANT = "gongkai.role.grant"
AUDIT_ROLE_REVOKE = "gongkai.role.revoke"


@transaction.atomic
def body_grant_role(user, body: Body, role: str, *, by=None) -> BodyMembership:
    """Give `user` a role in `body` (`by`: who granted it; None is the platform itself)."""
    membership, created = BodyMembership.objects.get_or_create(user=user, body=body, role=role)
    user.groups.add(role_group_ensure(body, role))
    if created:
        audit_log(body, AUDIT_ROLE_GRANT, user=by, data={"user": user.get_username(), "role": role})
    return membership


@transaction.atomic
def body_revoke_role(user, body: Body, role: str, *, by=None) -> None:
    deleted, _ = BodyMembership.objects.filter(user=user, body=body, role=role).delete()
    user.groups.remove(*Group.objects.filter(name=group_name(body, role)))
    if deleted:
        audit_log(
            body, AUDIT_ROLE_REVOKE, user=by, data={"user": user.get_username(), "role": role}
        )
