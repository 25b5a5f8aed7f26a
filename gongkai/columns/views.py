"""Staff views of columns (in the Wagtail admin): the 栏目完整性 report of the bodies a user acts
for, and the operator's 应用到所有机关 of the catalogue template (docs/columns.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import bodies_for_user
from gongkai.columns.selectors import completeness_of_bodies
from gongkai.columns.services import catalogue_apply_all, catalogue_apply_task

BODIES_PER_PAGE = 50
MSG_APPLIED = "已将公开目录模板应用到{count}个机关，其中{changed}个机关的栏目有变化。"
MSG_NOTHING = "所有机关的栏目已与公开目录模板一致，没有需要调整的内容。"
MSG_QUEUED = "已在后台开始将公开目录模板应用到{count}个机关，各机关的变化将记入其操作日志。"
# Bodies a request applies the template to itself; above, the task worker does (docs/columns.md).
SYNC_LIMIT = 60


def completeness_report(request):
    """栏目完整性: per body, the required columns that are empty or not updated in time — every
    body the user acts for (a site admin: the whole subtree), a page of bodies at a time."""
    bodies = bodies_for_user(request.user).select_related("home_page").order_by("path")
    if not bodies.exists():
        raise PermissionDenied
    page = Paginator(bodies, BODIES_PER_PAGE).get_page(request.GET.get("p"))
    rows = completeness_of_bodies(list(page.object_list))
    return TemplateResponse(
        request,
        "columns/admin/completeness.html",
        {
            "rows": rows,
            "page_obj": page,
            "body_count": page.paginator.count,
            "incomplete": sum(1 for r in rows if not r.complete),
        },
    )


def catalogue_apply_view(request):
    """应用到所有机关. Up to SYNC_LIMIT bodies (the demo's 29: a dry run 0.3 s, a run changing every
    body 7 s, docs/columns.md) it previews with a dry run and applies in the request; a larger
    tree is applied by the task worker, each body's changes recorded in its audit log."""
    if not request.user.is_superuser:
        raise PermissionDenied
    bodies = list(Body.objects.select_related("home_page").order_by("path"))
    in_worker = len(bodies) > SYNC_LIMIT
    context = {
        "body_count": len(bodies),
        "in_worker": in_worker,
        "index_url": reverse("wagtailsnippets_columns_catalogueentry:list"),
    }
    if request.method == "POST":
        if in_worker:
            catalogue_apply_task.enqueue(request.user.pk)
            messages.success(request, MSG_QUEUED.format(count=len(bodies)))
            return redirect(context["index_url"])
        changes = catalogue_apply_all(bodies, user=request.user)
        changed = sum(1 for c in changes if c.changed)
        if changed:
            messages.success(request, MSG_APPLIED.format(count=len(changes), changed=changed))
        else:
            messages.info(request, MSG_NOTHING)
        context.update(changes=changes, applied=True)
    elif not in_worker:
        changes = catalogue_apply_all(bodies, dry_run=True)
        context.update(changes=changes, changed=sum(1 for c in changes if c.changed))
    return TemplateResponse(request, "columns/admin/catalogue_apply.html", context)
