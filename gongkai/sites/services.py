"""Writes about the platform's sites: the portal with its review workflow, and provisioning a body
— its home page, collection, publishing role groups, columns and own host name.

The role groups and their permissions are defined (and roles granted) in `bodies.services`; this
module only makes a new body's groups, once its home page and collection exist.
"""

from __future__ import annotations

from django.conf import settings
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

from gongkai.bodies.models import Body, BodyReviewTask
from gongkai.bodies.services import PAGE_PERMISSIONS, role_group_ensure
from gongkai.columns.services import catalogue_apply
from gongkai.sites.models import BodyHomePage, PortalHomePage

REVIEW_WORKFLOW_NAME = "本机关审核"


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
    # rights) are made on the first grant (`bodies.services.body_grant_role`).
    for role in PAGE_PERMISSIONS:
        role_group_ensure(body, role)
    if body.hostname:
        body_set_hostname(body, body.hostname)
    catalogue_apply(body)
    return body


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
