"""How a policy Q&A entry appears in the main search (registered in apps.py, like documents in
`documents/search.py`): only published entries are searchable; the question is the title, and the
question and answer are the text. An entry is in force from its publication until it is withdrawn
(withdrawing takes it out of the index)."""

from __future__ import annotations

from django.urls import reverse

from gongkai.core.dates import local_date
from gongkai.documents.topics import top_level
from gongkai.participation.models import PolicyQuestion, QuestionStatus
from gongkai.participation.search_records import body_codes
from gongkai.search.registry import SearchRecord, key_for

KIND = "qa"
DOC_TYPE = "qa"
DOC_TYPE_LABEL = "简明问答"
TITLE_LENGTH = 80


def question_title(question: str) -> str:
    """The first line of the question, shortened for a title."""
    first = (question or "").strip().splitlines()[0] if (question or "").strip() else ""
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1] + "…"


def question_record(entry: PolicyQuestion) -> SearchRecord | None:
    if entry.status != QuestionStatus.PUBLISHED:
        return None
    body = entry.body
    codes = body_codes(body)
    published = local_date(entry.published_at)
    documents = [basis.document.title for basis in entry.bases.select_related("document")]
    return SearchRecord(
        key=key_for(entry),
        title=question_title(entry.question),
        url=reverse("qa:question", args=[entry.pk]),
        kind=KIND,
        doc_type=DOC_TYPE,
        doc_type_label=DOC_TYPE_LABEL,
        topic=top_level(entry.topic) if entry.topic else "",
        owner_code=body.code,
        owner_name=body.name,
        body_codes=codes,
        published_on=published,
        starts_on=published,
        issuer=body.name,
        body_text=f"{entry.question}\n{entry.answer}\n" + "\n".join(documents),
    )


def all_questions():
    return (
        PolicyQuestion.objects.filter(status=QuestionStatus.PUBLISHED)
        .select_related("body")
        .iterator(chunk_size=500)
    )
