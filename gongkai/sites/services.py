"""Writes about the platform's sites: the portal with its review workflow, and provisioning a body
— its home page, collection, publishing role groups, columns and own host name.

The role groups and their permissions are defined (and roles granted) in `bodies.services`; this
module only makes a new body's groups, once its home page and collection exist.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from gongkai.bodies.models import CONTACT_FIELDS, Body, BodyReviewTask
from gongkai.bodies.services import body_rights_ensure
from gongkai.columns.services import catalogue_apply
from gongkai.core.audit import audit_log
from gongkai.sites.models import BodyHomePage, PortalHomePage

REVIEW_WORKFLOW_NAME = "本机关审核"

AUDIT_BODY_CREATE = "gongkai.body.create"
AUDIT_BODY_CHANGE = "gongkai.body.change"

MSG_HOSTNAME_INVALID = (
    "独立域名格式不正确：应为小写字母、数字、连字符和点组成的域名，如 xxgk.example.gov.cn"
)
MSG_HOSTNAME_TAKEN = "该域名已被其他站点使用"
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# What the admin's 编辑机关 may change: not the code (the path /<code>/ and the group names), the
# level (the catalogue it was given) nor the 索引号前缀 (in every 索引号 already assigned).
EDITABLE_FIELDS = (
    "name",
    "short_name",
    "credit_code",
    "region_code",
    "region_name",
    "hostname",
    "site_id_code",
    "sort_order",
    *CONTACT_FIELDS,
)


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


def hostname_check(hostname: str, body: Body | None = None) -> None:
    """Refuse a malformed host name, or one another site already serves (ValidationError)."""
    if not hostname:
        return
    if not _HOSTNAME.match(hostname):
        raise ValidationError({"hostname": MSG_HOSTNAME_INVALID})
    taken = Site.objects.filter(hostname=hostname, port=80)
    if body is not None and body.home_page_id is not None:
        taken = taken.exclude(root_page_id=body.home_page_id)
    if taken.exists():
        raise ValidationError({"hostname": MSG_HOSTNAME_TAKEN})


@transaction.atomic
def body_create(*, parent: Body | None = None, by=None, **fields) -> Body:
    """A new body with its home page, its collection, its role groups and its columns (`by`: who
    added it, for the audit log; None is the platform itself)."""
    portal = portal_ensure()
    body = Body(**fields)
    body.full_clean(exclude=["path", "depth", "numchild"])
    hostname_check(body.hostname)
    body = parent.add_child(instance=body) if parent is not None else Body.add_root(instance=body)
    home = BodyHomePage(title=body.name, slug=body.code, body=body, live=True)
    portal.add_child(instance=home)
    collection_root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = collection_root.add_child(name=body.name)
    body.home_page = home
    body.collection = collection
    body.save(update_fields=["home_page", "collection"])
    # The publishing roles' groups come with the body, and the site admins of the bodies above
    # get rights on its pages; the groups of the application roles (no page rights) are made on
    # the first grant (`bodies.services.body_grant_role`).
    body_rights_ensure(body)
    if body.hostname:
        body_set_hostname(body, body.hostname)
    catalogue_apply(body)
    audit_log(body, AUDIT_BODY_CREATE, user=by, data={"code": body.code, "name": body.name})
    return body


@transaction.atomic
def body_update(body: Body, *, by=None, **fields) -> list[str]:
    """Change a body's editable fields (`EDITABLE_FIELDS`); a new host name goes through
    `body_set_hostname`, a new name to its home page's and collection's titles. Returns the names
    of the fields that changed."""
    if unknown := set(fields) - set(EDITABLE_FIELDS):
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(body, name) != value]
    if not changed:
        return []
    hostname = fields.pop("hostname", body.hostname)
    for name, value in fields.items():
        setattr(body, name, value)
    body.full_clean(exclude=["path", "depth", "numchild", "hostname"])
    if fields_saved := [name for name in changed if name != "hostname"]:
        body.save(update_fields=fields_saved)
    if "hostname" in changed:
        body_set_hostname(body, hostname)
    if "name" in changed:
        # The live title only: a draft of the home page keeps its own until it is published.
        Page.objects.filter(pk=body.home_page_id).update(title=body.name, draft_title=body.name)
        Collection.objects.filter(pk=body.collection_id).update(name=body.name)
        Site.objects.filter(root_page_id=body.home_page_id).update(site_name=body.name)
    audit_log(body, AUDIT_BODY_CHANGE, user=by, data={"fields": changed})
    return changed


@transaction.atomic
def body_set_hostname(body: Body, hostname: str) -> Site | None:
    """Serve the body's section at `/` of its own host name (as well as at `/<code>/`)."""
    hostname_check(hostname, body)
    Site.objects.filter(root_page=body.home_page).exclude(hostname=hostname).delete()
    body.hostname = hostname
    body.save(update_fields=["hostname"])
    if not hostname:
        return None
    site, _ = Site.objects.update_or_create(
        hostname=hostname, port=80, defaults={"root_page": body.home_page, "site_name": body.name}
    )
    return site
