"""Documents of many demo bodies, not only the General Office: rules and normative documents in
every validity state (尚未生效, 有效, 已修改, 已废止, 失效) with their interpretations (解读), plans,
budgets, announcements in the statutory columns, and the bodies' own working rules (工作制度) in
their 政府信息公开制度 columns — those in every validity state too.

The texts are written for the demo: the document numbers follow the real patterns of each body
but name no real document. Dates are fixed, except those of last year (the year of the published
annual reports, whose tables count them) and of the document not yet in force.
"""

from __future__ import annotations

from gongkai.bodies.models import Body
from gongkai.core.dates import today
from gongkai.documents.models import DocumentRepeal
from gongkai.documents.services import document_repeal
from gongkai.web.demo.base import column, document_ensure, paragraphs
from gongkai.web.demo.document_table import document_table


def documents_publish(bodies: dict[str, Body], user) -> None:
    """Create the documents that are not there yet, then record the repeals not yet recorded."""
    docs, repeals = document_table(today().year - 1, today())
    pages = {}
    for doc in docs:
        body = bodies[doc.body]
        fields = dict(
            title=doc.title,
            doc_type=doc.doc_type,
            issuer_names=doc.issuer or body.name,
            doc_number=doc.doc_number,
            written_on=doc.written_on,
            effective_on=doc.effective_on,
            expires_on=doc.expires_on,
            topic=doc.topic,
            summary=doc.summary,
            body=paragraphs(*doc.text),
        )
        if doc.previous:
            fields["previous_version"] = pages[doc.previous]
        if doc.interprets:
            fields["interprets"] = pages[doc.interprets]
            fields["interpretation_form"] = doc.form
        pages[doc.key] = document_ensure(column(body, doc.column), doc.key, user=user, **fields)
    for repealed, by, on in repeals:
        if not DocumentRepeal.objects.filter(document=pages[repealed]).exists():
            document_repeal(
                pages[repealed], repealed_on=on, repealing_document=pages[by], user=user
            )
