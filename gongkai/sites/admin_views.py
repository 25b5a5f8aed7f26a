"""机关管理 in the Wagtail admin: the bodies of the user's subtree, adding a body under one,
editing a body's details and host name, and 人员与角色 (grant and revoke roles).

Operators (superusers) manage every body, a site admin (站点管理员) its subtree
(`bodies.selectors.bodies_managed_by`); any other body is a 404. The writes are the services the
shell commands use (`body_create`, `body_update`, `body_grant_role`, `body_revoke_role`).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.bodies.models import Body, BodyMembership, BodyRole
from gongkai.bodies.selectors import (
    bodies_in_official_order,
    bodies_managed_by,
    roles_grantable,
)
from gongkai.bodies.services import body_grant_role, body_revoke_role, staff_user_create
from gongkai.sites.forms import BodyCreateForm, BodyEditForm, RoleGrantForm
from gongkai.sites.services import body_create, body_update

MSG_CREATED = "已新增机关：{name}（/{code}/）"
MSG_SAVED = "已保存机关信息：{name}"
MSG_UNCHANGED = "机关信息没有改动"
MSG_GRANTED = "已授予 {user} 角色：{role}"
MSG_ALREADY = "{user} 已有角色：{role}"
MSG_REVOKED = "已撤销 {user} 的角色：{role}"
MSG_ROLE_NOT_YOURS = "您不能撤销此角色：站点管理员只能由上级机关的站点管理员或平台运维授予和撤销"
MSG_FORM_ERRORS = "请更正下面标出的错误"


def _managed(request, pk: int) -> Body:
    return get_object_or_404(bodies_managed_by(request.user), pk=pk)


def _form_error(form, error: ValidationError) -> None:
    """A service's refusal shown on the field it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def body_list(request):
    managed = set(bodies_managed_by(request.user).values_list("pk", flat=True))
    if not managed:
        raise PermissionDenied
    bodies = [b for b in bodies_in_official_order() if b.pk in managed]
    top = min(b.depth for b in bodies)
    rows = [{"body": b, "indent": b.depth - top} for b in bodies]
    return TemplateResponse(request, "sites/admin/body_list.html", {"rows": rows})


def body_add(request, parent_pk: int):
    parent = _managed(request, parent_pk)
    form = BodyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = body_create(parent=parent, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, MSG_CREATED.format(name=body.name, code=body.code))
            return redirect("sites_bodies:list")
    if form.errors:
        messages.error(request, MSG_FORM_ERRORS)
    return TemplateResponse(
        request,
        "sites/admin/body_form.html",
        {"form": form, "parent": parent, "title": f"在“{parent.name}”下新增机关"},
    )


def body_edit(request, pk: int):
    body = _managed(request, pk)
    # The form works on its own copy: `body_update` compares the typed values with the saved ones.
    form = BodyEditForm(request.POST or None, instance=Body.objects.get(pk=body.pk))
    if request.method == "POST" and form.is_valid():
        try:
            changed = body_update(body, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            if changed:
                messages.success(request, MSG_SAVED.format(name=body.name))
            else:
                messages.info(request, MSG_UNCHANGED)
            return redirect("sites_bodies:list")
    if form.errors:
        messages.error(request, MSG_FORM_ERRORS)
    return TemplateResponse(
        request,
        "sites/admin/body_form.html",
        {"form": form, "body": body, "title": f"编辑机关：{body.name}"},
    )


def body_people(request, pk: int):
    body = _managed(request, pk)
    roles = roles_grantable(request.user, body)
    form = RoleGrantForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = data["user"] or staff_user_create(
                data["username"],
                name=data["name"],
                email=data["email"],
                password=data["password"],
                by=request.user,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            role = data["role"]
            label = BodyRole(role).label
            if BodyMembership.objects.filter(user=person, body=body, role=role).exists():
                messages.info(request, MSG_ALREADY.format(user=person.get_username(), role=label))
                return redirect("sites_bodies:people", pk=body.pk)
            try:
                body_grant_role(person, body, role, by=request.user)
            except ValidationError as error:
                # 三员分立: a security or audit administrator holds no body role (accounts/roles.py).
                _form_error(form, error)
            else:
                messages.success(
                    request, MSG_GRANTED.format(user=person.get_username(), role=label)
                )
                return redirect("sites_bodies:people", pk=body.pk)
    if form.errors:
        messages.error(request, MSG_FORM_ERRORS)
    memberships = (
        BodyMembership.objects.filter(body=body)
        .select_related("user")
        .order_by("role", "user__username")
    )
    return TemplateResponse(
        request,
        "sites/admin/body_people.html",
        {"body": body, "form": form, "memberships": memberships, "revocable": set(roles)},
    )


@require_POST
def body_revoke(request, pk: int, membership_pk: int):
    body = _managed(request, pk)
    membership = get_object_or_404(
        BodyMembership.objects.select_related("user"), pk=membership_pk, body=body
    )
    if membership.role not in roles_grantable(request.user, body):
        messages.error(request, MSG_ROLE_NOT_YOURS)
    else:
        body_revoke_role(membership.user, body, membership.role, by=request.user)
        messages.success(
            request,
            MSG_REVOKED.format(
                user=membership.user.get_username(), role=BodyRole(membership.role).label
            ),
        )
    return redirect(reverse("sites_bodies:people", args=(body.pk,)))
