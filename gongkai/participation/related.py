"""What participation shows on a policy document's page (documents/related.py): the published
policy Q&A resting on it, and the consultation on its draft whose feedback report names it as the
final document (the link back from the document to its consultation, requirement D1)."""

from __future__ import annotations

from django.urls import reverse

from gongkai.core.dates import local_date
from gongkai.documents.related import RelatedItem, RelatedSection
from gongkai.participation.qa_search import question_title
from gongkai.participation.qa_selectors import questions_for_document
from gongkai.participation.selectors import consultations_concluded


def questions_section(document) -> RelatedSection | None:
    entries = questions_for_document(document)
    return RelatedSection(
        key="qa",
        title="简明问答",
        items=[
            RelatedItem(
                title=question_title(entry.question),
                url=reverse("qa:question", args=[entry.pk]),
            )
            for entry in entries
        ],
    )


def consultation_section(document) -> RelatedSection | None:
    pages = consultations_concluded().filter(final_document=document)
    return RelatedSection(
        key="consultation",
        title="征求意见",
        items=[
            RelatedItem(
                title=page.title,
                url=page.get_url() or page.url_path,
                meta=f"意见采纳情况 {local_date(page.feedback_published_at):%Y-%m-%d}"
                if page.feedback_published_at
                else "",
            )
            for page in pages
        ],
    )
