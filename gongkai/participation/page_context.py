"""The public page of a consultation: what its template shows, built from the selectors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import unescape

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from gongkai.core.dates import today as local_today
from gongkai.documents.choices import Disclosure
from gongkai.documents.selectors import documents_public
from gongkai.participation import feedback, periods
from gongkai.participation.articles import split_articles
from gongkai.participation.models import (
    Comment,
    CommentStatus,
    ConsultationPage,
)
from gongkai.participation.selectors import (
    ConsultationPhase,
    consultation_feedback_tally,
    consultation_phase,
    counted_comments,
)

# --- The public page of a consultation ---------------------------------------------------------

WHOLE_DRAFT_LABEL = "对征求意见稿整体的意见"
# A paragraph ends at these in a document's rich text: the final text is split into articles by
# lines, so they must become line ends (the search index's strip_tags joins them into one line).
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|div|tr)>|<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True)
class PublicComment:
    """One comment as the public page shows it: never its text as written, nor its contact."""

    number: str
    name: str
    received_on: date
    public_text: str  # "" when withheld (then `withheld` is True)
    withheld: bool = False
    disposition_label: str = ""
    disposition_reason: str = ""


@dataclass(frozen=True)
class PublicArticle:
    """One article of the draft on the public page, with its comments."""

    anchor: str
    label: str
    rest: str  # the text after the label
    withdrawn: bool
    chapter: str  # the heading to show before it, "" when it has not changed
    chapter_level: int
    section: str
    section_level: int
    published: int  # comments published
    comments: list[PublicComment]  # the latest few (LATEST) of those the public sees
    withheld: int = 0  # once concluded: counted comments withheld for personal data

    @property
    def total(self) -> int:
        return self.published + self.withheld


@dataclass(frozen=True)
class ArticleShown:
    """What the public page shows under one article: the counts, and the latest comments."""

    published: int = 0
    withheld: int = 0
    latest: tuple[PublicComment, ...] = ()


@dataclass(frozen=True)
class TallyRow:
    anchor: str
    label: str
    tally: feedback.Tally


def public_comment(comment: Comment, concluded: bool) -> PublicComment:
    withheld = comment.status != CommentStatus.PUBLISHED
    disposition = comment.disposition and feedback.Disposition(comment.disposition)
    return PublicComment(
        number=comment.number,
        name=comment.name,
        received_on=comment.received_on,
        public_text="" if withheld else comment.public_text,
        withheld=withheld,
        disposition_label=disposition.label if concluded and disposition else "",
        disposition_reason=comment.disposition_reason if concluded else "",
    )


# Under each article the page shows the latest comments only; all of them, 20 a page, are on the
# article's own page (views_public.article_comments): a draft with 20,000 comments stays a page a
# phone can open (bench/participation.py).
LATEST = 5
PUBLIC_COMMENT_FIELDS = (
    "pk",
    "article_id",
    "number",
    "name",
    "public_text",
    "received_on",
    "status",
    "disposition",
    "disposition_reason",
)


def public_comments_qs(page: ConsultationPage, concluded: bool):
    """The comments the public sees of a consultation: the published ones, and once the feedback
    report is out every counted one (withheld for personal data: shown without its text)."""
    qs = (
        counted_comments(page)
        if concluded
        else Comment.objects.filter(consultation=page, status=CommentStatus.PUBLISHED)
    )
    return qs.only(*PUBLIC_COMMENT_FIELDS)


def _public_comments(page: ConsultationPage, concluded: bool) -> dict[int | None, ArticleShown]:
    """By article pk (None: the whole draft): the counts, and the LATEST most recent comments
    (one windowed query), shown oldest first."""
    qs = public_comments_qs(page, concluded)
    counts = {
        row["article_id"]: row
        for row in qs.order_by()
        .values("article_id")
        .annotate(
            published=Count("pk", filter=Q(status=CommentStatus.PUBLISHED)),
            withheld=Count("pk", filter=~Q(status=CommentStatus.PUBLISHED)),
        )
    }
    ranked = qs.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("article_id")],
            order_by=[F("received_on").desc(), F("pk").desc()],
        )
    ).filter(rank__lte=LATEST)
    latest: dict[int | None, list[PublicComment]] = {}
    for comment in sorted(ranked, key=lambda c: (c.received_on, c.pk)):
        latest.setdefault(comment.article_id, []).append(public_comment(comment, concluded))
    return {
        article: ArticleShown(row["published"], row["withheld"], tuple(latest.get(article, ())))
        for article, row in counts.items()
    }


def _public_articles(
    page: ConsultationPage, by_article: dict[int | None, ArticleShown]
) -> list[PublicArticle]:
    """The current articles in order, then the withdrawn ones that have comments; a chapter or
    section heading is given where it changes (h3 for a chapter, h4 for a section under one)."""
    result, chapter, section = [], "", ""
    for article in page.articles.order_by("withdrawn", "position"):
        shown = by_article.get(article.pk, ArticleShown())
        if article.withdrawn and not (shown.published or shown.withheld):
            continue
        new_chapter = (
            article.chapter if not article.withdrawn and article.chapter != chapter else ""
        )
        new_section = (
            article.section
            if not article.withdrawn and (new_chapter or article.section != section)
            else ""
        )
        if not article.withdrawn:
            chapter, section = article.chapter, article.section
        rest = article.text[len(article.label) :] if article.label else article.text
        result.append(
            PublicArticle(
                anchor=article.anchor,
                label=article.label,
                rest=rest,
                withdrawn=article.withdrawn,
                chapter=new_chapter,
                chapter_level=3,
                section=new_section,
                section_level=4 if article.chapter else 3,
                published=shown.published,
                comments=list(shown.latest),
                withheld=shown.withheld,
            )
        )
    return result


def _tally_rows(page: ConsultationPage, articles: list[PublicArticle]) -> list[TallyRow]:
    by_anchor, _ = consultation_feedback_tally(page)
    labels = {
        a.anchor: (a.label or "全文") + ("（已删除）" if a.withdrawn else "") for a in articles
    }
    return [
        TallyRow(
            anchor,
            "征求意见稿整体" if anchor == feedback.WHOLE_DRAFT else labels.get(anchor, anchor),
            t,
        )
        for anchor, t in by_anchor.items()
    ]


def document_plain_text(document) -> str:
    """The public text of a policy document, a paragraph a line: what the search index holds
    (`documents.search.document_record`: the body when it is proactively disclosed, the
    attachments' extracted text), but with the paragraphs kept apart, for the comparison by
    article. Empty when the document's text is not public."""
    if document.disclosure != Disclosure.PROACTIVE:
        return ""
    body = unescape(strip_tags(_BLOCK_END.sub("\n", document.body or ""))).replace("\xa0", " ")
    if body.strip():
        return body
    return "\n".join(
        a.attachment.extracted_text for a in document.attachments.select_related("attachment")
    )


@dataclass(frozen=True)
class DiffRow:
    draft_label: str
    final_label: str
    draft_html: str  # safe: see `consultation_comparison`
    final_html: str
    change: str  # "changed" | "added" | "removed"


def consultation_comparison(page: ConsultationPage, document) -> tuple[list[DiffRow], int]:
    """The changed, added and removed articles of the draft against the final document's text,
    and how many others are unchanged."""
    text = document_plain_text(document)
    if not text.strip():
        return [], 0
    rows, same = [], 0
    for row in feedback.diff_by_article(page.draft_text, text):
        if row.change == "same":
            same += 1
            continue
        # Safe: diff_by_article html.escape()s every character of both texts and adds only its
        # own <del>…</del> and <ins>…</ins> (feedback.py); nothing else reaches the page unescaped.
        rows.append(
            DiffRow(
                row.draft_label,
                row.final_label,
                mark_safe(row.draft_html),
                mark_safe(row.final_html),
                row.change,
            )
        )
    return rows, same


def consultation_public_context(page: ConsultationPage, today: date | None = None) -> dict:
    """Everything the public page of a consultation shows (participation/consultation_page.html).
    Only `public_text` and the name of a comment are in it, never its text or contact."""
    today = today or local_today()
    phase = consultation_phase(page, today)
    concluded = phase == ConsultationPhase.CONCLUDED
    by_article = _public_comments(page, concluded)
    articles = _public_articles(page, by_article)
    whole = by_article.get(None, ArticleShown())
    channels = phase in (ConsultationPhase.UPCOMING, ConsultationPhase.OPEN) and any(
        (page.email, page.postal_address, page.fax)
    )
    context = {
        "phase": phase,
        "days_since_closing": periods.days_since_closing(page.closes_on, today),
        "kind_labels": [kind.label for kind in page.kind_list],
        "show_channels": channels,
        "preamble": split_articles(page.draft_text).preamble,
        "whole_draft": list(whole.latest),
        "whole_draft_published": whole.published,
        "whole_draft_withheld": whole.withheld,
        "whole_draft_total": whole.published + whole.withheld,
        "articles": [a for a in articles if not a.withdrawn],
        "withdrawn_articles": [a for a in articles if a.withdrawn],
        "concluded": concluded,
    }
    if concluded:
        _, total = consultation_feedback_tally(page)
        final = (
            documents_public().filter(pk=page.final_document_id).first()
            if page.final_document_id
            else None
        )
        diff_rows, unchanged = consultation_comparison(page, final) if final else ([], 0)
        context |= {
            "tally_rows": _tally_rows(page, articles),
            "tally_total": total,
            "final_document": final,
            "diff_rows": diff_rows,
            "diff_unchanged": unchanged,
        }
    return context
