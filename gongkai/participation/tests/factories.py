"""Consultations and comments for the participation tests, made through the real page publication
and the real workflow (never by setting `status`)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from gongkai.bodies.models import Body
from gongkai.participation import comment_workflow as workflow
from gongkai.participation.models import (
    Comment,
    CommentChannel,
    CommentStatus,
    ConsultationArticle,
    ConsultationPage,
)
from gongkai.testing.personas import column

TZ = ZoneInfo("Asia/Shanghai")

# A rule draft open for 30 days: opens Monday 2 March 2026, closes Wednesday 1 April 2026.
OPENS = date(2026, 3, 2)
CLOSES = date(2026, 4, 1)
OPEN_DAY = datetime(2026, 3, 10, 10, 0, tzinfo=TZ)
CLOSED_DAY = datetime(2026, 4, 3, 10, 0, tzinfo=TZ)  # two days after the closing day

DRAFT = """甘肃省政务公开办法（征求意见稿）
第一章　总则
第一条　为了推进政务公开，制定本办法。
第二条　本办法适用于本省各级行政机关。
第三条　县级以上人民政府应当建立健全政务公开工作机制。
第二章　附则
第四条　本办法自2026年6月1日起施行。
"""

CONTACT = "13912345678"


def consultation_make(
    body: Body,
    *,
    title: str = "甘肃省政务公开办法（征求意见稿）",
    draft_text: str = DRAFT,
    kinds: str = "rule",
    opens_on: date = OPENS,
    closes_on: date = CLOSES,
    publish: bool = True,
    key: str = "art20-1",
    **fields,
) -> ConsultationPage:
    """A consultation under one of the body's columns, published (its articles synced) unless
    `publish` is False."""
    page = ConsultationPage(
        title=title,
        kinds=kinds,
        draft_text=draft_text,
        opens_on=opens_on,
        closes_on=closes_on,
        live=False,
        **fields,
    )
    column(body, key).add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def consultation_republish(page: ConsultationPage, **changes) -> ConsultationPage:
    """A new revision with `changes`, published as an editor's would be."""
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    page.refresh_from_db()
    return page


def article(page: ConsultationPage, number: int) -> ConsultationArticle:
    return page.articles.get(anchor=f"art-{number}")


def comment_in(
    page: ConsultationPage,
    state: str,
    *,
    moderator,
    article: ConsultationArticle | None = None,
    text: str = "建议明确政务公开的责任部门。",
    disposition: str = "",
    reason: str = "",
) -> Comment:
    """A comment registered as a letter on the opening day and brought to `state`: "pending",
    "published" or "withheld:<reason>"; with `disposition`, disposed of as well."""
    comment = workflow.comment_register(
        page,
        user=moderator,
        channel=CommentChannel.LETTER,
        received_on=page.opens_on,
        text=text,
        contact=CONTACT,
        name="王先生",
        article=article,
    )
    status, _, withheld = state.partition(":")
    if status == CommentStatus.PUBLISHED:
        workflow.comment_publish(comment, user=moderator)
    elif status == CommentStatus.WITHHELD:
        workflow.comment_withhold(comment, user=moderator, reason=withheld)
    if disposition:
        workflow.comment_dispose(comment, user=moderator, disposition=disposition, reason=reason)
    comment.refresh_from_db()
    return comment
