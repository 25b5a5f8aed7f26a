"""The editor's note on where a document appears (issue 12 item 5): a 规章 or 行政规范性文件 whose
施行日期 is still to come is not listed in its column (which lists only what is in force) until
that day; a repealed one has left it. Shown only when there is something to say."""

from __future__ import annotations

from django.utils.html import format_html_join
from wagtail.admin.panels import Panel

from gongkai.core.dates import cn_date, today
from gongkai.documents.choices import DocType

# The columns that list only what is in force (columns/catalogue.py: rules-in-force, normative-in-force).
IN_FORCE_COLUMNS = {DocType.RULE: "规章", DocType.NORMATIVE: "行政规范性文件"}

MSG_NOT_YET_IN_FORCE = (
    "施行日期{effective_on}晚于今天：发布后到施行之前，本文件显示为“尚未生效”，不列入“{column}”栏目"
    "（该栏目只列现行有效的文件），{effective_on}起自动列入；在此之前，公众可在本文件所在栏目和政策文件库中查到。"
)
MSG_REPEAL_PENDING = "本修改经审核发布后，本文件自{repealed_on}起显示为“已废止”，从“{column}”栏目移至“废止和失效文件”。"


def editor_note(page) -> str:
    column = IN_FORCE_COLUMNS.get(page.doc_type)
    if column is None:
        return ""
    if page.repealed_on is not None and page.repealed_on != _published_repeal_date(page):
        return MSG_REPEAL_PENDING.format(repealed_on=cn_date(page.repealed_on), column=column)
    if page.effective_on is not None and page.effective_on > today():
        return MSG_NOT_YET_IN_FORCE.format(effective_on=cn_date(page.effective_on), column=column)
    return ""


MSG_NOT_READY_FOR_APPROVAL = "本文件尚不能审核通过，只能退回修改：{missing}"


def review_note(page) -> str:
    """For a document under review that lacks what its type needs: why the reviewer is offered
    only 退回修改 (`BodyReviewTask.get_actions`)."""
    state = page.current_workflow_state if page.pk else None
    if state is None:
        return ""
    missing = page.review_blockers()
    return MSG_NOT_READY_FOR_APPROVAL.format(missing="；".join(missing)) if missing else ""


def _published_repeal_date(page):
    repeal = getattr(page, "repeal", None) if page.pk else None
    return repeal.repealed_on if repeal is not None else None


class ListingNotePanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtailadmin/panels/help_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            notes = [n for n in (review_note(self.instance), editor_note(self.instance)) if n]
            self.content = format_html_join(
                "", '<p class="help-block help-info">{}</p>', ((note,) for note in notes)
            )

        def is_shown(self):
            return bool(self.content) and super().is_shown()
