"""The shape of a demo document (`Doc`) and the document types the demo tables name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.documents.models import DocType

NORMATIVE, RULE, OTHER, PLAN = DocType.NORMATIVE, DocType.RULE, DocType.OTHER, DocType.PLAN
ANNOUNCEMENT, INTERPRETATION = DocType.ANNOUNCEMENT, DocType.INTERPRETATION


@dataclass
class Doc:
    body: str  # body code
    column: str  # catalogue key of the column it is filed in
    key: str  # demo:<key>, and the page's slug
    title: str
    doc_type: str
    written_on: date
    text: list[str]
    issuer: str = ""  # default: the body's name
    doc_number: str = ""
    effective_on: date | None = None
    expires_on: date | None = None
    previous: str = ""  # key of the version this one amends
    interprets: str = ""  # key of the policy an interpretation explains
    form: str = ""  # InterpretationForm
    topic: str = "综合政务\\政务公开"
    summary: str = ""
