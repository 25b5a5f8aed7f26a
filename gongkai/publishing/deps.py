"""The dependency map: which published files a change touches.

A change is read once into `Facts` (the database, `facts_of_*`); what it touches is then a pure
function of the facts through this one table (`affected`). Each name on the right is a rule
below; each gives outbox keys ("page:<id>", "subtree:<id>", "url:<path>", "full", models.py).

| change                                         | kind       | re-rendered                                                     |
|------------------------------------------------|------------|-----------------------------------------------------------------|
| document published, edited, unpublished,       | document   | itself, versions, columns, body_home, portal, library,          |
| deleted, repealed, new version published,      |            | shown_by, reports, questions, pinned (while it is or was just   |
| moved, view-restricted                         |            | pinned: the homes below its body's), feeds_and_sitemaps         |
| annual report published / unpublished          | report     | itself, ancestors                                               |
| consultation published / unpublished           | consultation | itself, ancestors (its column lists it)                       |
| a comment on it moderated or disposed of, its  | consultation | itself (its comments, counts and feedback report)             |
| feedback report                                |            |                                                                 |
| portal, body home, column, library page        | container  | subtree, ancestors                                              |
| body renamed or added (its name heads its pages)| body      | subtree, portal, library (the 发文机关 filter)                  |
| typical case published / withdrawn             | typical    | typical_cases                                                   |
| policy Q&A published / withdrawn               | qa         | policy_qa, shown_by (the policies it rests on)                  |
| catalogue entry, Site, footer, templates,      | everything | full                                                            |
| view restriction above a document              |            |                                                                 |

A document's validity also changes with the date alone (施行, 失效, 废止 dates): the periodic
check renders the documents whose date came (services.dated_documents) through the same rule; a
consultation changes on its opening day and the day after its closing day
(services.dated_consultations).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

FULL = "full"


@dataclass(frozen=True)
class Facts:
    """What a change touches, read from the database before or as it happens."""

    page_id: int | None = None
    ancestors: tuple[int, ...] = ()  # page ids, root first
    versions: tuple[int, ...] = ()  # every version linked by 修改前版本, both ways
    columns: tuple[int, ...] = ()  # columns listing it: its own and the body's by-type ones
    body_home: int | None = None
    portal: int | None = None
    libraries: tuple[int, ...] = ()  # LibraryPage ancestors
    shown_by: tuple[int, ...] = ()  # interpretations, the policy interpreted, repeals citing it
    reports: tuple[int, ...] = ()  # annual report pages of its body
    typical_case: int | None = None
    question: int | None = None  # a policy Q&A entry
    questions: tuple[int, ...] = ()  # the policy Q&A entries resting on a document
    pinned_homes: tuple[int, ...] = ()  # the homes of the bodies below a document's body


def _page(i: int | None) -> list[str]:
    return [f"page:{i}"] if i is not None else []


def _pages(ids) -> list[str]:
    return [f"page:{i}" for i in ids]


def _url(name: str, pk: int | None) -> list[str]:
    return [f"url:{reverse(name, args=[pk])}"] if pk is not None else []


def feeds_and_sitemaps(facts: Facts) -> list[str]:
    """The feeds and sitemaps a document appears in, were they published files: they are served
    by Django (feeds.py, sitemaps.py; their query strings and tombstones matter), so none."""
    return []


RULES: dict[str, Callable[[Facts], list[str]]] = {
    "itself": lambda f: _page(f.page_id),
    "ancestors": lambda f: _pages(f.ancestors),
    "subtree": lambda f: [f"subtree:{f.page_id}"] if f.page_id is not None else [],
    "versions": lambda f: _pages(f.versions),
    "columns": lambda f: _pages(f.columns),
    "body_home": lambda f: _page(f.body_home),
    "portal": lambda f: _page(f.portal),
    # the library pages above it, and the province-wide library (/library/)
    "library": lambda f: [*_pages(f.libraries), f"url:{reverse('library')}"],
    "shown_by": lambda f: _pages(f.shown_by),
    "reports": lambda f: _pages(f.reports),
    "feeds_and_sitemaps": feeds_and_sitemaps,
    "typical_cases": lambda f: [
        f"url:{reverse('apply:typical_cases')}",
        *_url("apply:typical_case", f.typical_case),
    ],
    # Every body home below the document's body shows it while it is pinned (权威发布).
    "pinned": lambda f: _pages(f.pinned_homes),
    "questions": lambda f: [f"url:{reverse('qa:question', args=[pk])}" for pk in f.questions],
    "policy_qa": lambda f: [f"url:{reverse('qa:list')}", *_url("qa:question", f.question)],
    "full": lambda f: [FULL],
}

MAP: dict[str, tuple[str, ...]] = {
    "document": (
        "itself",
        "versions",
        "columns",
        "body_home",
        "portal",
        "library",
        "shown_by",
        "reports",
        "questions",
        "pinned",
        "feeds_and_sitemaps",
    ),
    "report": ("itself", "ancestors"),
    "consultation": ("itself", "ancestors"),
    "container": ("subtree", "ancestors"),
    "body": ("subtree", "portal", "library"),
    "typical": ("typical_cases",),
    "qa": ("policy_qa", "shown_by"),
    "everything": ("full",),
}


def affected(kind: str, facts: Facts) -> list[str]:
    """The outbox keys of a change, each once, in the table's order."""
    keys: dict[str, None] = {}
    for rule in MAP[kind]:
        for key in RULES[rule](facts):
            keys[key] = None
    return list(keys)
