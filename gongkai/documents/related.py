"""What other apps show on a policy document's page (below its interpretations): the policy Q&A
that rests on it, the consultation on its draft with the feedback report. `documents` sits below
those apps (docs/architecture.md, "Import layers"), so they register a provider here in their
`AppConfig.ready`, and `document_detail` asks each of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RelatedItem:
    title: str
    url: str
    meta: str = ""  # shown after the title, e.g. a date


@dataclass(frozen=True)
class RelatedSection:
    key: str  # the section's HTML id: related-<key>
    title: str  # its heading, e.g. 简明问答
    items: list[RelatedItem] = field(default_factory=list)


Provider = Callable[[object], "RelatedSection | None"]
_PROVIDERS: dict[str, Provider] = {}


def register_related(key: str, provider: Provider) -> None:
    """`provider(document)` returns the section, or None when it has nothing for the document."""
    _PROVIDERS[key] = provider


def related_sections(document) -> list[RelatedSection]:
    sections = []
    for provider in _PROVIDERS.values():
        section = provider(document)
        if section is not None and section.items:
            sections.append(section)
    return sections
