"""Writes about bodies' staff: the Wagtail group of each body and role, and granting roles.

A body's Wagtail permissions are derived from its roles here, in one place: one group per body and
role. The three publishing groups ("<code>·信息员", "<code>·审核", "<code>·站点管理员") are made with
the body (`sites.services.body_create` → `body_rights_ensure`, once its home page and collection
exist), with page permissions on its home page and collection permissions on its collection. A
site admin acts for the body's whole subtree, and every body's home page sits directly under the
portal whatever the hierarchy: so the site-admin group gets its rights on the home page and
collection of every body below too, and a new body gives them to the site-admin groups of all
bodies above it. `body_rights_sync` (command `sync_body_permissions`) rebuilds all of it.
Editors cannot publish: everything they write goes through the 本机关审核 workflow. The groups of
the 依申请公开 roles (承办人, 政府信息公开工作机构负责人) are made on their first grant and get no page
or collection rights, only access to the staff workbench (`access_admin`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
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


def _permissions(pairs) -> list[Permission]:
    """The Permission rows for (app label, codename) pairs, in one query."""
    wanted = set(pairs)
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted},
        codename__in={code for _, code in wanted},
    ).select_related("content_type")
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def _bodies_covered(body: Body, role: str) -> list[Body]:
    """The bodies whose pages and collections the body's `role` group acts on: a site admin the
    body's whole subtree (its home pages are siblings under the portal, so the rights are given
    on each one), an editor or reviewer the body itself."""
    bodies = list(Body.get_tree(body)) if role == BodyRole.SITE_ADMIN else [body]
    return [b for b in bodies if b.home_page_id is not None and b.collection_id is not None]


def _rights_sync(group: Group, role: str, bodies: list[Body], *, prune: bool) -> tuple[int, int]:
    """Give `group` the page and collection rights of `role` on `bodies`; with `prune`, take away
    any it has elsewhere. Returns (added, removed) row counts."""
    page_perms = _permissions(("wagtailcore", c) for c in PAGE_PERMISSIONS.get(role, ()))
    collection_perms = _permissions(COLLECTION_PERMISSIONS.get(role, ()))
    added = removed = 0
    for model, target, perms in (
        (GroupPagePermission, "page_id", page_perms),
        (GroupCollectionPermission, "collection_id", collection_perms),
    ):
        ids = [b.home_page_id if target == "page_id" else b.collection_id for b in bodies]
        wanted = {(target_id, perm.pk) for target_id in ids for perm in perms}
        rows = model.objects.filter(group=group)
        have = {(row[0], row[1]): row[2] for row in rows.values_list(target, "permission_id", "pk")}
        missing = wanted - have.keys()
        model.objects.bulk_create(
            model(group=group, permission_id=perm_id, **{target: target_id})
            for target_id, perm_id in sorted(missing)
        )
        added += len(missing)
        if prune:
            extra = [pk for key, pk in have.items() if key not in wanted]
            removed += model.objects.filter(pk__in=extra).delete()[0]
    return added, removed


def _group(body: Body, role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=group_name(body, role))
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    return group


def role_group_ensure(body: Body, role: str) -> Group:
    """The body's group for `role` with its permissions (made on first use; needs the body's home
    page and collection for the publishing roles). A site admin's group gets them on every body
    of the subtree."""
    group = _group(body, role)
    if role in PAGE_PERMISSIONS:
        _rights_sync(group, role, _bodies_covered(body, role), prune=False)
    return group


@transaction.atomic
def body_rights_ensure(body: Body) -> None:
    """A new body's publishing groups, and rights on its pages and collection for the site-admin
    groups of every body above it (called by `sites.services.body_create` once the home page and
    collection exist)."""
    for role in PAGE_PERMISSIONS:
        role_group_ensure(body, role)
    if body.home_page_id is None or body.collection_id is None:
        return
    for ancestor in body.get_ancestors():
        group = _group(ancestor, BodyRole.SITE_ADMIN)
        _rights_sync(group, BodyRole.SITE_ADMIN, [body], prune=False)


@transaction.atomic
def body_rights_sync() -> tuple[int, int]:
    """Rebuild every body's publishing groups' page and collection rights from the body tree:
    adds what is missing (a body added or moved, an installation from before subtree rights) and
    removes what the tree no longer gives. Idempotent; returns (added, removed) rows.

    The groups are derived here only: a right added to them by hand in Wagtail's group editor
    is removed by the next sync."""
    added = removed = 0
    for body in Body.objects.all():
        for role in PAGE_PERMISSIONS:
            group = _group(body, role)
            a, r = _rights_sync(group, role, _bodies_covered(body, role), prune=True)
            added, removed = added + a, removed + r
    return added, removed


AUDIT_ROLE_GRANT = "gongkai.role.grant"
AUDIT_ROLE_REVOKE = "gongkai.role.revoke"
AUDIT_STAFF_CREATE = "gongkai.staff.create"

MSG_USERNAME_TAKEN = "该用户名已被使用"
MSG_PASSWORD_TOO_SHORT = "密码太短：至少应有 {min_length} 个字符"


@transaction.atomic
def staff_user_create(username: str, *, name: str, email: str, password: str, by=None):
    """A new staff account (never a superuser) with its initial password; it acts for no body
    until a role is granted (`body_grant_role`)."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": MSG_USERNAME_TAKEN})
    user = User(username=username, first_name=name, email=email)
    try:
        validate_password(password, user)
    except ValidationError as error:
        # Django's zh-hans catalogue lacks the plural message of the length rule.
        messages = [
            MSG_PASSWORD_TOO_SHORT.format(**(e.params or {}))
            if e.code == "password_too_short"
            else e.messages[0]
            for e in error.error_list
        ]
        raise ValidationError({"password": messages}) from error
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_log(user, AUDIT_STAFF_CREATE, user=by, data={"user": username})
    return user


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
