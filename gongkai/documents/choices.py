"""The choices of a document's fields, apart from the models so that the editor's form (which
the page model names) can use them."""

from __future__ import annotations

from django.db import models


class DocType(models.TextChoices):
    """文种 / 体裁. The first group are documents a body issues; the second, imported laws."""

    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他文件"
    PLAN = "plan", "规划"
    MEETING = "meeting", "会议"
    INTERPRETATION = "interpretation", "解读"
    ANNOUNCEMENT = "announcement", "公告"
    CONSTITUTION = "constitution", "宪法"
    LAW = "law", "法律"
    ADMINISTRATIVE_REGULATION = "admin_regulation", "行政法规"
    JUDICIAL_INTERPRETATION = "judicial_interpretation", "司法解释"
    DEPARTMENTAL_RULE = "departmental_rule", "部门规章"
    LOCAL_REGULATION = "local_regulation", "地方性法规"


class Disclosure(models.TextChoices):
    """公开属性."""

    PROACTIVE = "proactive", "主动公开"
    ON_APPLICATION = "on_application", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class ValidityStatus(models.TextChoices):
    """有效性. Computed for a date, never stored (validity.py)."""

    NOT_YET_EFFECTIVE = "not_yet_effective", "尚未生效"
    EFFECTIVE = "effective", "有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"
    EXPIRED = "expired", "失效"


class InterpretationForm(models.TextChoices):
    TEXT = "text", "文字解读"
    GRAPHIC = "graphic", "图解"
    VIDEO = "video", "视频解读"
    QA = "qa", "问答"
    PRESS_CONFERENCE = "press", "新闻发布会"
