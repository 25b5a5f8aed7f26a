"""Writes about bodies: creating one with its site section, and granting staff their roles.

A body's Wagtail permissions are derived from its roles here, in one place: one group per body and
role. The three publishing groups ("<code>·信息员", "<code>·审核", "<code>·站点管理员") are made with
the body, with page permissions on its home page and collection permissions on its collection.
Editors cannot publish: everything they write goes through the 本机关审核 workflow. The groups of
the 依申请公开 roles (承办人, 政府信息公开工作机构负责人) are made on their first grant and get no page
or collection rights, only access to the staff workbench (`access_admin`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from gongkai.bodies.models import (
    Body,
    BodyHomePage,
    BodyMembership,
    BodyReviewTask,
    BodyRole,
    PortalHomePage,
)

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
REVIEW_WORKFLOW_NAME = "本机关审核"


def group_name(body: Body, role: str) -> str:
    return f"{body.code}·{BodyRole(role).label}"


def portal_ensure() -> PortalHomePage:
    """The portal page at the root of the default site, and the review workflow on the whole tree."""
    portal = PortalHomePage.objects.first()
    if portal is None:
        # Wagtail's migrations create the default locale and the root page; a flushed database
        # (transactional tests) has neither.
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        portal = PortalHomePage(title="甘肃省政务公开平台", slug="portal", live=True)
        root.add_child(instance=portal)
        # Wagtail's initial "Welcome" page is replaced by the portal as the site root.
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": portal,
                "site_name": "甘肃省政务公开平台",
            },
        )
        Page.objects.filter(depth=2).exclude(pk=portal.pk).type(Page).exact_type(Page).delete()
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME)
    task = BodyReviewTask.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if task is None:
        task = BodyReviewTask.objects.create(name=REVIEW_WORKFLOW_NAME)
    # WorkflowTask belongs to a modelcluster: create it directly so that it is saved now.
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=portal, defaults={"workflow": workflow})
    return portal


@transaction.atomic
def body_create(*, parent: Body | None = None, **fields) -> Body:
    """A new body with its home page, its collection, its role groups and its columns."""
    from gongkai.columns.services import catalogue_apply

    portal = portal_ensure()
    body = Body(**fields)
    body.full_clean(exclude=["path", "depth", "numchild"])
    body = parent.add_child(instance=body) if parent is not None else Body.add_root(instance=body)
    home = BodyHomePage(title=body.name, slug=body.code, body=body, live=True)
    portal.add_child(instance=home)
    collection_root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = collection_root.add_child(name=body.name)
    body.home_page = home
    body.collection = collection
    body.save(update_fields=["home_page", "collection"])
    # The publishing roles' groups come with the body; those of the application roles (no page
    # rights) are made on the first grant (`body_grant_role`).
    for role in PAGE_PERMISSIONS:
        _role_group_ensure(body, role)
    if body.hostname:
        body_set_hostname(body, body.hostname)
    catalogue_apply(body)
    return body


def _role_group_ensure(body: Body, role: str) -> Group:
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


@transaction.atomic
def body_set_hostname(body: Body, hostname: str) -> Site | None:
    """Serve the body's section at `/` of its own host name (as well as at `/<code>/`)."""
    Site.objects.filter(root_page=body.home_page).exclude(hostname=hostname).delete()
    body.hostname = hostname
    body.save(update_fields=["hostname"])
    if not hostname:
        return None
    site, _ = Site.objects.update_or_create(
        hostname=hostname, port=80, defaults={"root_page": body.home_page, "site_name": body.name}
    )
    return site


@transaction.atomic
def body_grant_role(user, body: Body, role: str) -> BodyMembership:
    membership, _ = BodyMembership.objects.get_or_create(user=user, body=body, role=role)
    user.groups.add(_role_group_ensure(body, role))
    return membership


@transaction.atomic
def body_revoke_role(user, body: Body, role: str) -> None:
    BodyMembership.objects.filter(user=user, body=body, role=role).delete()
    user.groups.remove(*Group.objects.filter(name=group_name(body, role)))
