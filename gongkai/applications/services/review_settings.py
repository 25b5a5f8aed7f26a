"""A body's choice of the decisions that need 签发 after 审核 (docs/workflow.md, "Review and
签发"): set by its site admin or openness office head, audit-logged."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import DecisionReviewSetting
from gongkai.applications.selectors import bodies_for_review_settings
from gongkai.core.audit import audit_log

AUDIT_SIGN_OFF_SETTING = "gongkai.applications.sign_off_setting"

MSG_SETTING_NOT_ALLOWED = "只有本机关的站点管理员或政府信息公开工作机构负责人可以修改签发设置"
MSG_SETTING_DECISION_INVALID = "办理结果无效"


@transaction.atomic
def decision_review_setting_set(*, user, body, decisions: Iterable[str]) -> DecisionReviewSetting:
    """Record which of the body's decisions need 签发; the others are delivered after 审核."""
    if not bodies_for_review_settings(user).filter(pk=body.pk).exists():
        raise PermissionDenied(MSG_SETTING_NOT_ALLOWED)
    chosen = sorted(set(decisions))
    if any(code not in DecisionCode.values for code in chosen):
        raise ValidationError({"sign_off_decisions": MSG_SETTING_DECISION_INVALID})
    setting, _ = DecisionReviewSetting.objects.select_for_update().get_or_create(body=body)
    before = list(setting.sign_off_decisions)
    setting.sign_off_decisions = chosen
    setting.updated_by = user
    setting.save()
    audit_log(setting, AUDIT_SIGN_OFF_SETTING, user=user, data={"before": before, "after": chosen})
    return setting
